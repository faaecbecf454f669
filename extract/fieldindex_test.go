package extract

import (
	"fmt"
	"strings"
	"testing"
)

// TestFieldIndex: every field of every service is found at its position,
// by string and by bytes, and names that are not fields are not, among
// them each field's name one byte shorter, one longer and with one byte
// changed (the neighbours a weak hash would confuse).
func TestFieldIndex(t *testing.T) {
	svcs := append(Services(), NewService("alike", "alike",
		// Same length, same first and last eight bytes: no seed separates
		// them, so the index falls back to a map.
		"nilai_pdn_kontrak:money nilai_pdx_kontrak:money"))
	for _, s := range svcs {
		for i, f := range s.Fields {
			if got := s.Index(f.Name); got != i {
				t.Fatalf("%s: Index(%q) = %d, want %d", s.Name, f.Name, got, i)
			}
			if got := s.index.find(string([]byte(f.Name))); got != i {
				t.Fatalf("%s: find(%q, a copy) = %d, want %d", s.Name, f.Name, got, i)
			}
			for _, other := range []string{f.Name[:len(f.Name)-1], f.Name + "x", "x" + f.Name[1:], strings.ToUpper(f.Name), ""} {
				if s.Index(other) >= 0 && s.Fields[s.Index(other)].Name != other {
					t.Fatalf("%s: Index(%q) = %d, the field %s", s.Name, other, s.Index(other), s.Fields[s.Index(other)].Name)
				}
			}
		}
	}
	if svcs[len(svcs)-1].index.byMap == nil {
		// The names above were meant to defeat the hash; if they do not,
		// the fallback is untested.
		t.Fatal("the alike names got a perfect hash: the test no longer reaches the map")
	}
	for _, s := range Services() {
		if s.index.byMap != nil {
			t.Errorf("%s: no perfect hash for its %d fields (a map is used)", s.Name, len(s.Fields))
		}
	}
}

// TestFieldTwice: a service spec naming a field twice is a bug in p3dn.
func TestFieldTwice(t *testing.T) {
	defer func() {
		if p := recover(); p == nil || !strings.Contains(fmt.Sprint(p), "twice") {
			t.Fatalf("got %v, want a panic naming the field twice", p)
		}
	}()
	NewService("x", "x", "a:str b:int a:str")
}

// BenchmarkFieldIndex: every field of the largest service looked up by
// name, against a Go map of the same names (the index before).
func BenchmarkFieldIndex(b *testing.B) {
	var s *Service
	for _, x := range Services() {
		if s == nil || len(x.Fields) > len(s.Fields) {
			s = x
		}
	}
	m := map[string]int{}
	for i, f := range s.Fields {
		m[f.Name] = i
	}
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			for _, f := range s.Fields {
				if s.Index(f.Name) < 0 {
					b.Fatal(f.Name)
				}
			}
		}
	})
	b.Run("map", func(b *testing.B) {
		for b.Loop() {
			for _, f := range s.Fields {
				if _, ok := m[f.Name]; !ok {
					b.Fatal(f.Name)
				}
			}
		}
	})
}

// BenchmarkNewFieldIndex: building the index of the largest service, as
// every source of every derive slice does for its selection.
func BenchmarkNewFieldIndex(b *testing.B) {
	var s *Service
	for _, x := range Services() {
		if s == nil || len(x.Fields) > len(s.Fields) {
			s = x
		}
	}
	names := s.names()
	for b.Loop() {
		newFieldIndex(names)
	}
}

// FuzzFieldIndex: any name is found by every service's index exactly where
// a map of its field names finds it, and only there.
func FuzzFieldIndex(f *testing.F) {
	for _, s := range []string{"", "kd_rup", "kd_rup ", "nilai_pdn_kontrak", "nilai_pdx_kontrak", "tahun_anggaran", "\x00\x00\x00\x00\x00\x00\x00\x00\x00"} {
		f.Add(s)
	}
	maps := map[*Service]map[string]int{}
	for _, s := range Services() {
		m := map[string]int{}
		for i, fl := range s.Fields {
			m[fl.Name] = i
		}
		maps[s] = m
	}
	f.Fuzz(func(t *testing.T, name string) {
		for s, m := range maps {
			want, ok := m[name]
			if !ok {
				want = -1
			}
			if got := s.Index(name); got != want {
				t.Fatalf("%s: Index(%q) = %d, a map gives %d", s.Name, name, got, want)
			}
		}
	})
}
