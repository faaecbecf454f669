package extract

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// samplesDir is the real Kab. Bandung 2025 ISB dump beside the repository.
const samplesDir = "../../shared/samples/lkpp-isb/kab-bandung-2025"

func needSamples(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(samplesDir); err != nil {
		t.Skipf("real samples not found at %s (they live in ../shared beside the repository): %v", samplesDir, err)
	}
}

// readAll decodes a whole input and counts loaded and rejected records.
func readAll(t testing.TB, r io.Reader, name string) (svc *Service, loaded, rejected int, problems []*ParseError, err error) {
	dec, err := NewDecoder(r, name)
	if err != nil {
		return nil, 0, 0, nil, err
	}
	for {
		row, err := dec.Next()
		if err == io.EOF {
			return dec.Service(), loaded, rejected, problems, nil
		}
		var pe *ParseError
		if errors.As(err, &pe) && dec.Records() >= pe.Record {
			rejected++
			continue
		}
		if err != nil {
			return dec.Service(), loaded, rejected, problems, err
		}
		loaded++
		problems = append(problems, row.Problems...)
	}
}

// TestRealSamples checks every real ISB file: recognised by content, and
// the counts of records loaded and rejected (exact duplicates), computed
// independently with Python's json module.
func TestRealSamples(t *testing.T) {
	needSamples(t)
	want := map[string]struct {
		service          string
		loaded, rejected int
	}{
		"Bela-TokoDaringRealisasi.json":        {"Bela-TokoDaringRealisasi", 2, 23},
		"Ecat-PaketEPurchasingV6.json":         {"Ecat-PaketEPurchasingV6", 606, 0},
		"RUP-MasterSatker.json":                {"RUP-MasterSatker", 165, 0},
		"RUP-PaketPenyedia-Terumumkan.json":    {"RUP-PaketPenyedia-Terumumkan", 25, 0},
		"SPSE-NonTenderSelesai.json":           {"SPSE-NonTenderSelesai", 1868, 0},
		"SPSE-PencatatanNonTender.json":        {"SPSE-PencatatanNonTender", 383, 0},
		"SPSE-TenderSelesaiNilai.json":         {"SPSE-TenderSelesaiNilai", 77, 0},
		"SPSE-NonTenderEkontrak-2Kontrak.json": {"SPSE-NonTenderEkontrak-2Kontrak", 1039, 8},
		"SPSE-NonTenderEkontrak-4BAPBAST.json": {"SPSE-NonTenderEkontrak-4BAPBAST", 847, 16},
		// The excerpt named BAPBAST holds PesertaTender records: content wins.
		"SPSE-TenderEkontrak-4BAPBAST.json": {"SPSE-PesertaTender", 25, 0},
	}
	files, _ := filepath.Glob(filepath.Join(samplesDir, "*.json"))
	if len(files) < 40 {
		t.Fatalf("found %d sample files, want 41", len(files))
	}
	for _, p := range files {
		name := filepath.Base(p)
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		svc, loaded, rejected, problems, err := readAll(t, f, name)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if w, ok := want[name]; ok {
			if svc.Name != w.service || loaded != w.loaded || rejected != w.rejected {
				t.Errorf("%s: got %s loaded %d rejected %d; want %s %d %d", name, svc.Name, loaded, rejected, w.service, w.loaded, w.rejected)
			}
		} else if !strings.HasPrefix(name, svc.Name) {
			t.Errorf("%s recognised as %s", name, svc.Name)
		}
		for _, p := range problems {
			t.Errorf("unexpected value problem in a real sample: %v", p)
		}
	}
}

func TestEnvelopeAndNoData(t *testing.T) {
	env := `{"success":true,"meta":{"limit":2,"has_more":false,"cursor":""},"data":[` +
		satker(`1`, `"1.01"`) + "," + satker(`2`, `"1.02"`) + `]}`
	svc, loaded, _, _, err := readAll(t, strings.NewReader(env), "page.json")
	if err != nil || svc.Name != "RUP-MasterSatker" || loaded != 2 {
		t.Fatalf("envelope: %v %v %d", svc, err, loaded)
	}
	for _, body := range []string{"", "  \n", "URL-NOT-DEFINED", "[]", `{"success":true,"data":[]}`, "\xef\xbb\xbf[]"} {
		if _, err := NewDecoder(strings.NewReader(body), "x.json"); !errors.Is(err, ErrNoData) {
			t.Errorf("body %q: got %v, want ErrNoData", body, err)
		}
	}
	apiErr := `{"success":false,"error":{"code":"UNAUTHORIZED","message":"token expired"},"meta":{"request_id":"r1"}}`
	if _, err := NewDecoder(strings.NewReader(apiErr), "x.json"); err == nil || !strings.Contains(err.Error(), "token expired") {
		t.Errorf("API error envelope: got %v", err)
	}
}

func TestBadRecords(t *testing.T) {
	in := "[" + satker(`1`, `"1.01"`) + ",\n" + satker(`null`, `"1.02"`) + ",\n" +
		strings.Replace(satker(`3`, `{"nested":1}`), "{", `{"baru":"x",`, 1) + ",\n" + satker(`4`, `"1.04"`) + `,
{"kd_satker":5,"kd_satk`
	dec, err := NewDecoder(strings.NewReader(in), "trunc.json")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		row, err := dec.Next()
		if err == io.EOF {
			break
		}
		var pe *ParseError
		if errors.As(err, &pe) {
			got = append(got, string(pe.Action)+":"+pe.Field)
			if dec.Records() < pe.Record {
				break // truncated
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range row.Problems {
			got = append(got, string(p.Action)+":"+p.Field)
		}
		if row.Record == 3 && row.Extra != `{"baru":"x"}` {
			t.Errorf("undeclared key not kept: %q", row.Extra)
		}
	}
	want := "record_rejected:kd_satker value_nulled:kd_satker_str record_rejected:"
	if strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
	if dec.Records() != 4 {
		t.Errorf("records read %d, want 4", dec.Records())
	}
}

// satker is a RUP-MasterSatker record with the given raw kd_satker and
// kd_satker_str JSON values.
func satker(kd, str string) string {
	return `{"kd_satker":` + kd + `,"kd_satker_str":` + str + `,"nama_satker":"A","alamat":null,"telepon":null,` +
		`"fax":null,"kodepos":null,"status_satker":"Aktif","ket_satker":"x","jenis_satker":"SKPD","kd_klpd":"D1",` +
		`"nama_klpd":"X","jenis_klpd":"K","kode_eselon":null}`
}

func TestNotISB(t *testing.T) {
	for _, body := range []string{"<html><table></table></html>", "kd_rup,pagu\n1,2\n", `[1,2,3]`, `[{"foo":1}]`} {
		if _, err := NewDecoder(strings.NewReader(body), "odd.json"); err == nil || errors.Is(err, ErrNoData) {
			t.Errorf("body %q: want a clear error, got %v", body, err)
		}
	}
}

// FuzzDecoder feeds arbitrary bytes to the ISB decoder: it must never
// panic, and every record it reads is either a row or a ParseError.
func FuzzDecoder(f *testing.F) {
	f.Add([]byte("[" + satker(`1`, `"1.01"`) + "," + satker(`"x"`, `2`) + "]"))
	f.Add([]byte(`{"success":true,"data":[{"order_id":"1","valuasi":1e400,"tahun":"2025","kd_klpd":"D1","tanggal_transaksi":"x"}]}`))
	f.Add([]byte("URL-NOT-DEFINED"))
	if files, _ := filepath.Glob(filepath.Join(samplesDir, "Bela-*.json")); len(files) > 0 {
		if b, err := os.ReadFile(files[0]); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		dec, err := NewDecoder(strings.NewReader(string(b)), "fuzz.json")
		if err != nil {
			return
		}
		for i := 0; i < 10000; i++ {
			row, err := dec.Next()
			if err == io.EOF {
				return
			}
			var pe *ParseError
			if err != nil && !errors.As(err, &pe) {
				t.Fatalf("error of unexpected type %T: %v", err, err)
			}
			if err != nil && dec.Records() < pe.Record {
				return
			}
			if err == nil && len(row.Vals) != len(row.Service.Fields) {
				t.Fatal("row shape does not match its service")
			}
		}
	})
}

// TestReadAheadOrder: records parsed in parallel chunks come out in file
// order with their own numbers: over several chunks, exact duplicates
// name their first record, a rejected key and a nulled value keep their
// record numbers, and a syntax error deep in the file ends it at the right
// record, with the records before it loaded.
func TestReadAheadOrder(t *testing.T) {
	const n, broken = 3*chunkRecords + 40, 3*chunkRecords + 7
	var b strings.Builder
	b.WriteString("[")
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteString(",\n")
		}
		switch {
		case i == broken:
			b.WriteString(`{"kd_satker":1,,}`)
		case i%100 == 0: // a byte-for-byte copy of record 1
			b.WriteString(satker(`1`, `"1.1"`))
		case i == 302:
			b.WriteString(satker(`null`, `"1.302"`))
		case i == 301:
			b.WriteString(satker(`301`, `{"nested":1}`))
		default:
			b.WriteString(satker(fmt.Sprint(i), fmt.Sprintf(`"1.%d"`, i)))
		}
	}
	b.WriteString("]")
	dec, err := NewDecoder(strings.NewReader(b.String()), "ahead.json")
	if err != nil {
		t.Fatal(err)
	}
	defer dec.Close()
	var got []string
	loaded := 0
	for {
		row, err := dec.Next()
		if err == io.EOF {
			t.Fatal("the syntax error did not end the file")
		}
		var pe *ParseError
		if errors.As(err, &pe) {
			got = append(got, fmt.Sprintf("%d:%s:%s", pe.Record, pe.Action, pe.Field))
			if dec.Records() < pe.Record {
				break
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		loaded++
		if want := dec.Records(); row.Record != want || row.Get("kd_satker").S != fmt.Sprint(want) && want != 301 {
			t.Fatalf("row %d (kd_satker %s) handed out as record %d", row.Record, row.Get("kd_satker").S, want)
		}
		for _, p := range row.Problems {
			got = append(got, fmt.Sprintf("%d:%s:%s", p.Record, p.Action, p.Field))
		}
	}
	want := "100:record_rejected: 200:record_rejected: 300:record_rejected: 301:value_nulled:kd_satker_str 302:record_rejected:kd_satker " +
		"400:record_rejected: 500:record_rejected: 600:record_rejected: 700:record_rejected: 775:record_rejected:"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
	if dec.Records() != broken-1 || loaded != broken-1-8 {
		t.Errorf("records %d, loaded %d; want %d and %d", dec.Records(), loaded, broken-1, broken-1-8)
	}
}
