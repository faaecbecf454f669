package extract

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// TestParquetDamagedLengths: inputs the fuzzer found where parquet-go would
// allocate what a damaged length claims (3 GB for a footer, 1.5 GB for a
// page, 1.9 GB behind a chunk of negative values) are refused by the guard
// with the length named.
func TestParquetDamagedLengths(t *testing.T) {
	for name, want := range map[string]string{
		"footer-claims-3GB": "footer claims 3193426265 bytes but the file has 1552",
		"page-claims-1.5GB": "page at byte 537 claims 1556868469 bytes, its chunk has 34 left",
		// Its chunk claims -13 values, which let the guard skip its pages:
		// parquet-go then allocated 1.9 GB, and a fuzz worker given it
		// among others was killed as hung.
		"chunk-negative-values": "chunk at byte 537 claims -13 values",
	} {
		t.Run(name, func(t *testing.T) {
			b := fuzzSeed(t, filepath.Join("testdata/fuzz/FuzzParquet", name))
			_, err := Open(bytes.NewReader(b), "damaged.parquet")
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("error %v, want one with %q", err, want)
			}
		})
	}
}

// fuzzSeed reads a one-value []byte corpus file as FuzzParquet sees it.
func fuzzSeed(t *testing.T, path string) []byte {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, lit, _ := strings.Cut(strings.TrimSpace(string(raw)), "\n")
	s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lit, "[]byte("), ")"))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if !strings.HasPrefix(s, "PAR1") {
		s = "PAR1" + s
	}
	return []byte(s)
}

func TestParquetTrailer(t *testing.T) {
	good := satkerParquet(t)
	footerLen := func(n uint32) []byte {
		b := bytes.Clone(good)
		binary.LittleEndian.PutUint32(b[len(b)-8:], n)
		return b
	}
	for _, c := range []struct {
		name string
		file []byte
		want string // "" for no error
	}{
		{"a file parquet-go writes", good, ""},
		{"too short", []byte("PAR1PAR1"), "too short"},
		{"other magic", append(bytes.Clone(good[:len(good)-4]), "PAR2"...), "not the Parquet magic"},
		{"encrypted", append(bytes.Clone(good[:len(good)-4]), "PARE"...), "encrypted Parquet"},
		{"footer longer than the file", footerLen(uint32(len(good))), "footer claims"},
		{"footer of 4 GiB", footerLen(1<<32 - 1), "footer claims 4294967295 bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := checkParquetTrailer(bytes.NewReader(c.file), int64(len(c.file)))
			if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
		})
	}
}

// TestThriftWalker: lengths and counts past the bytes given are refused
// before anything is built (compact protocol: field header = delta<<4|type).
func TestThriftWalker(t *testing.T) {
	for _, c := range []struct {
		name string
		b    []byte
		want error // nil for a well-formed struct
	}{
		{"empty struct", []byte{0x00}, nil},
		{"i32 field 1, then stop", []byte{0x15, 0x04, 0x00}, nil},
		{"binary field of 2 bytes", []byte{0x18, 0x02, 'a', 'b', 0x00}, nil},
		{"list of two structs", []byte{0x19, 0x2c, 0x00, 0x00, 0x00}, nil},
		{"list of three booleans", []byte{0x19, 0x31, 0x01, 0x02, 0x01, 0x00}, nil},
		{"long-form field id 300", []byte{0x05, 0xd8, 0x04, 0x02, 0x00}, nil},
		{"binary claims 2^31-1 bytes", []byte{0x18, 0xff, 0xff, 0xff, 0xff, 0x07}, errThriftShort},
		{"list claims 2^31-1 structs", []byte{0x19, 0xfc, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00}, errThriftShort},
		{"map claims 2^20 pairs", []byte{0x1b, 0x80, 0x80, 0x40, 0x55, 0x00}, errThriftShort},
		{"no stop byte", []byte{0x15, 0x04}, errThriftShort},
		{"varint cut short", []byte{0x15, 0x84}, errThriftShort},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := thriftWalker{b: c.b}
			err := w.structure(0)
			if !errors.Is(err, c.want) {
				t.Fatalf("error %v, want %v", err, c.want)
			}
			if c.want == nil && w.pos != len(c.b) {
				t.Fatalf("stopped at byte %d of %d", w.pos, len(c.b))
			}
		})
	}
	deep := bytes.Repeat([]byte{0x1c}, thriftMaxDepth+2) // struct field in struct field …
	w := thriftWalker{b: append(deep, make([]byte, thriftMaxDepth+3)...)}
	if err := w.structure(0); err == nil || !strings.Contains(err.Error(), "nested") {
		t.Fatalf("deep nesting: %v", err)
	}
}

// TestParquetChunk: a page must lie inside its chunk and the chunk inside
// the file, with sizes and value counts under the limits.
func TestParquetChunk(t *testing.T) {
	page := func(uncompressed, compressed, values int32) []byte {
		h := format.PageHeader{Type: format.DataPage, UncompressedPageSize: uncompressed, CompressedPageSize: compressed}
		h.DataPageHeader.Valid = true
		h.DataPageHeader.V.NumValues = values
		b, err := thrift.Marshal(new(thrift.CompactProtocol), &h)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, c := range []struct {
		name   string
		codec  format.CompressionCodec
		header []byte
		body   int64 // bytes after the header in the chunk
		values int64 // the chunk's num_values
		want   string
	}{
		{"page fills its chunk", format.Snappy, page(200, 100, 10), 100, 10, ""},
		{"page past its chunk", format.Snappy, page(200, 1<<30, 10), 100, 10, "claims 1073741824 bytes, its chunk has 100 left"},
		{"1 GiB uncompressed", format.Snappy, page(1<<30, 100, 10), 100, 10, "claims 1073741824 bytes uncompressed"},
		{"uncompressed sizes differ", format.Uncompressed, page(200, 100, 10), 100, 10, "claims 200 bytes but holds 100"},
		{"2^30 values", format.Snappy, page(200, 100, 1<<30), 100, 1 << 30, "claims 1073741824 values"},
		{"negative values", format.Snappy, page(200, 100, -1), 100, 10, "claims -1 values"},
		{"a chunk of negative values", format.Snappy, page(200, 1<<30, 10), 100, -13, "chunk at byte 4 claims -13 values"},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := append([]byte("PAR1"), c.header...)
			file = append(file, make([]byte, c.body+8)...)
			m := format.ColumnMetaData{Codec: c.codec, NumValues: c.values, DataPageOffset: 4,
				TotalCompressedSize: int64(len(c.header)) + c.body}
			err := checkParquetChunk(bytes.NewReader(file), int64(len(file)), &m)
			if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
		})
	}
	m := format.ColumnMetaData{DataPageOffset: 4, TotalCompressedSize: 1 << 40}
	if err := checkParquetChunk(bytes.NewReader(make([]byte, 100)), 100, &m); err == nil || !strings.Contains(err.Error(), "outside the file") {
		t.Fatalf("chunk past the file: %v", err)
	}
}

// TestDecimalScale: a DECIMAL's scale past 38 digits is damage, refused
// before a converter would compute 10^scale for every value.
func TestDecimalScale(t *testing.T) {
	for _, c := range []struct {
		scale int32
		want  string // the converted 12345, or "" for an error
	}{{2, "123.45"}, {0, "12345"}, {38, "0.00000000000000000000000000000000012345"}, {39, ""}, {-1, ""}, {1 << 30, ""}} {
		conv, err := logicalConverter(&format.LogicalType{Value: &format.DecimalType{Scale: c.scale, Precision: 38}})
		switch {
		case c.want == "" && err == nil:
			t.Errorf("scale %d: no error", c.scale)
		case c.want != "" && err != nil:
			t.Errorf("scale %d: %v", c.scale, err)
		case c.want != "":
			if got := string(conv(int64(12345)).(json.Number)); got != c.want {
				t.Errorf("scale %d: 12345 gives %s, want %s", c.scale, got, c.want)
			}
		}
	}
}
