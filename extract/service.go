package extract

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Kind is the type a source field is converted to.
type Kind uint8

// The field kinds. Codes that look numeric (kd_rup, NPWP, KBLI) are KindID:
// text, never numbers. Money is DECIMAL(20,2) rupiah, Num DECIMAL(20,4).
const (
	KindID Kind = iota
	KindStr
	KindInt
	KindNum
	KindMoney
	KindDate
	KindTS
	KindBool
)

var kindNames = map[string]Kind{"id": KindID, "str": KindStr, "int": KindInt, "num": KindNum,
	"money": KindMoney, "date": KindDate, "ts": KindTS, "bool": KindBool}

// Scale is the number of decimal places a decimal kind is stored with.
func (k Kind) Scale() int {
	switch k {
	case KindMoney:
		return 2
	case KindNum:
		return 4
	}
	return 0
}

// Field is one column of a service.
type Field struct {
	Name string
	Kind Kind
	Key  bool // business key: a record without it is rejected
}

// Service describes one ISB dataset.
type Service struct {
	Name   string // ISB service name, e.g. "SPSE-TenderSelesaiNilai"
	Table  string // warehouse staging table, e.g. "isb_spse_tender_selesai_nilai"
	Fields []Field
	// Derived marks a table built by p3dn rather than read from a source:
	// it has no _lainnya column.
	Derived bool
	index   fieldIndex
	// of is the service a selection was taken from (see Select), or nil.
	of *Service
}

// Index returns the position of a field, or -1. On a selection, a field
// of the full service that was not selected panics with an
// *UnselectedFieldError: reading it as absent would lose its values.
func (s *Service) Index(name string) int {
	if i := s.index.find(name); i >= 0 {
		return i
	}
	if s.of != nil && s.of.Index(name) >= 0 {
		panic(&UnselectedFieldError{Service: s.Name, Field: name})
	}
	return -1
}

// UnselectedFieldError is the panic of a read of a field left out of a
// selection: a field list that misses a field the code reads.
type UnselectedFieldError struct{ Service, Field string }

func (e *UnselectedFieldError) Error() string {
	return fmt.Sprintf("field %s of %s is read but not in the selected fields", e.Field, e.Service)
}

// Select returns the service with only the named fields, in s's order;
// names s does not have are ignored (code reads them as absent). Rows of
// a selection carry fewer values to read and convert; reading a field of
// s that was left out panics (see Index).
func (s *Service) Select(names ...string) *Service {
	keep := map[string]bool{}
	for _, n := range names {
		keep[n] = true
	}
	out := &Service{Name: s.Name, Table: s.Table, Derived: s.Derived, of: s}
	for _, f := range s.Fields {
		if keep[f.Name] {
			out.Fields = append(out.Fields, f)
		}
	}
	out.index = newFieldIndex(out.names())
	return out
}

// names lists the service's field names in order.
func (s *Service) names() []string {
	out := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		out[i] = f.Name
	}
	return out
}

// MustIndex returns the position of a field that the caller knows exists.
func (s *Service) MustIndex(name string) int {
	i := s.Index(name)
	if i < 0 {
		panic(fmt.Sprintf("extract: service %s has no field %s", s.Name, name))
	}
	return i
}

var services = buildServices()

// Services lists the known services in name order.
func Services() []*Service { return services }

// AllSources lists every dataset p3dn reads: the ISB services and the
// TKDN registry. The slice is new on every call.
func AllSources() []*Service {
	return append(append([]*Service{}, services...), Registry, RegionalRealisasi, RegionalKomitmen, StatistikLKPP)
}

// ServiceByName finds a service by its ISB name.
func ServiceByName(name string) *Service {
	for _, s := range services {
		if s.Name == name {
			return s
		}
	}
	return nil
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// TableName turns an ISB service name into a warehouse table name.
func TableName(service string) string {
	n := nonWord.ReplaceAllString(strings.ToLower(service), "_")
	// Split CamelCase would be nicer, but names like "NonTenderEkontrak-2Kontrak"
	// stay readable lowercased, and the mapping must never change.
	return "isb_" + strings.Trim(n, "_")
}

// NewService builds a service from a field spec ("name:kind[!] ...").
// It panics on a malformed spec: specs are constants in the code.
func NewService(name, table, spec string) *Service {
	s := &Service{Name: name, Table: table}
	seen := map[string]bool{}
	for _, f := range strings.Fields(spec) {
		fname, kind, ok := strings.Cut(f, ":")
		key := strings.HasSuffix(kind, "!")
		k, known := kindNames[strings.TrimSuffix(kind, "!")]
		if !ok || !known {
			panic("extract: bad field spec " + f + " in " + name)
		}
		if seen[fname] {
			panic("extract: field " + fname + " twice in " + name)
		}
		seen[fname] = true
		s.Fields = append(s.Fields, Field{Name: fname, Kind: k, Key: key})
	}
	s.index = newFieldIndex(s.names())
	return s
}

func buildServices() []*Service {
	out := make([]*Service, 0, len(serviceSpecs))
	for _, sp := range serviceSpecs {
		out = append(out, NewService(sp.name, TableName(sp.name), sp.fields))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Detection is the outcome of recognising a file's service.
type Detection struct {
	Service *Service
	Score   float64 // Jaccard similarity of the record's keys and the service's fields
	Note    string  // e.g. the file name and the content disagree
}

// Detect recognises a service from the keys of a record, with the file
// name as a hint. Content decides: the name is only used to choose between
// services whose fields fit the keys about as well.
func Detect(keys []string, fileName string) (Detection, error) {
	hint := hintFromName(fileName)
	var best, hinted Detection
	for _, s := range services {
		sc := jaccard(keys, s)
		if sc > best.Score {
			best = Detection{Service: s, Score: sc}
		}
		if s == hint {
			hinted = Detection{Service: s, Score: sc}
		}
	}
	if hinted.Service != nil && hinted.Score >= 0.5 && hinted.Score+0.1 >= best.Score {
		return hinted, nil
	}
	// A record with fewer keys than the service (an API that leaves empty
	// fields out) is still that service when the name says so and every key
	// is one of its fields.
	if hinted.Service != nil && best.Score < 0.6 && containment(keys, hinted.Service) == 1 && len(keys) >= 3 {
		hinted.Note = fmt.Sprintf("%d of the %d fields of %s are absent from the records", len(hinted.Service.Fields)-len(keys), len(hinted.Service.Fields), hinted.Service.Name)
		return hinted, nil
	}
	if best.Score >= 0.6 {
		if hint != nil {
			best.Note = fmt.Sprintf("file name says %s but its fields match %s (%.0f%%)", hint.Name, best.Service.Name, best.Score*100)
		}
		return best, nil
	}
	closest := "none"
	if best.Service != nil {
		closest = fmt.Sprintf("%s (%.0f%% of fields in common)", best.Service.Name, best.Score*100)
	}
	return best, fmt.Errorf("unrecognised record layout with %d keys; closest service: %s", len(keys), closest)
}

// hintFromName finds the service named in a file name such as
// "21_1018_RUP-PaketPenyedia-Terumumkan.json" or "SPSE-TenderSelesai2025.json".
func hintFromName(fileName string) *Service {
	base := strings.ToLower(filepath.Base(fileName))
	var found *Service
	for _, s := range services {
		n := strings.ToLower(s.Name)
		if i := strings.Index(base, n); i >= 0 {
			rest := base[i+len(n):]
			// "SPSE-TenderSelesai" must not claim "SPSE-TenderSelesaiNilai.json".
			if rest != "" && (rest[0] >= 'a' && rest[0] <= 'z') {
				continue
			}
			if found == nil || len(s.Name) > len(found.Name) {
				found = s
			}
		}
	}
	return found
}

// containment is the share of a record's keys that are fields of s.
func containment(keys []string, s *Service) float64 {
	if len(keys) == 0 {
		return 0
	}
	n := 0
	for _, k := range keys {
		if s.Index(k) >= 0 {
			n++
		}
	}
	return float64(n) / float64(len(keys))
}

func jaccard(keys []string, s *Service) float64 {
	if len(keys) == 0 {
		return 0
	}
	common := 0
	for _, k := range keys {
		if s.Index(k) >= 0 {
			common++
		}
	}
	return float64(common) / float64(len(keys)+len(s.Fields)-common)
}
