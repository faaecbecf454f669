package extract

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/parquet-go/parquet-go"
)

type satkerPQ struct {
	KdSatker    int64  `parquet:"kd_satker"`
	KdSatkerStr string `parquet:"kd_satker_str"`
	NamaSatker  string `parquet:"nama_satker"`
	Alamat      string `parquet:"alamat,optional"`
	Status      string `parquet:"status_satker"`
	Ket         string `parquet:"ket_satker"`
	Jenis       string `parquet:"jenis_satker"`
	KdKlpd      string `parquet:"kd_klpd"`
	NamaKlpd    string `parquet:"nama_klpd"`
	JenisKlpd   string `parquet:"jenis_klpd"`
	Telepon     string `parquet:"telepon,optional"`
	Fax         string `parquet:"fax,optional"`
	Kodepos     string `parquet:"kodepos,optional"`
	KodeEselon  string `parquet:"kode_eselon,optional"`
}

func satkerParquet(t testing.TB) []byte {
	var buf bytes.Buffer
	rows := []satkerPQ{{60412, "4.02.0.00.0.00.25.0000", "SEKRETARIAT DPRD", "", "Aktif", "x", "SKPD", "D107", "Kab. Bandung", "KABUPATEN", "", "", "", ""},
		{12345678901, "1.01.0.00.0.00.01.0000", "DINAS PENDIDIKAN", "Jl. A", "Aktif", "x", "SKPD", "D107", "Kab. Bandung", "KABUPATEN", "", "", "", ""}}
	if err := parquet.Write(&buf, rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParquetReader(t *testing.T) {
	r, err := Open(bytes.NewReader(satkerParquet(t)), "RUP-MasterSatker2025.parquet")
	if err != nil {
		t.Fatal(err)
	}
	if r.Service().Name != "RUP-MasterSatker" {
		t.Fatalf("service %s", r.Service().Name)
	}
	rows, rejects := drain(t, r)
	if len(rows) != 2 || len(rejects) != 0 {
		t.Fatalf("rows %d rejects %d", len(rows), len(rejects))
	}
	if got := rows[1].Str("kd_satker"); got != "12345678901" {
		t.Errorf("an id over 2^31 stays exact text: %q", got)
	}
}

// FuzzParquet: damaged Parquet gives errors, never a panic.
func FuzzParquet(f *testing.F) {
	f.Add(satkerParquet(f))
	f.Add([]byte("PAR1\x00\x00PAR1"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 4 || string(b[:4]) != "PAR1" {
			b = append([]byte("PAR1"), b...)
		}
		r, err := Open(bytes.NewReader(b), "fuzz.parquet")
		if err != nil {
			return
		}
		for i := 0; i < 10000; i++ {
			_, err := r.Next()
			var pe *ParseError
			if err == io.EOF || (err != nil && !errors.As(err, &pe)) {
				return
			}
		}
	})
}
