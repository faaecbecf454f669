package gen

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// hostileSatker is a RUP-MasterSatker row as a region re-publishes it in Parquet.
type hostileSatker struct {
	KdSatker    int64  `parquet:"kd_satker"`
	KdSatkerStr string `parquet:"kd_satker_str"`
	NamaSatker  string `parquet:"nama_satker"`
	Status      string `parquet:"status_satker"`
	Ket         string `parquet:"ket_satker"`
	Jenis       string `parquet:"jenis_satker"`
	KdKlpd      string `parquet:"kd_klpd"`
	NamaKlpd    string `parquet:"nama_klpd"`
	JenisKlpd   string `parquet:"jenis_klpd"`
}

func satkerParquet() ([]byte, error) {
	var buf bytes.Buffer
	rows := []hostileSatker{{990001, "9.01.0.00.0.00.01.0000", "SATKER 1", "Aktif", "x", "SKPD", "D99", "Kota Uji", "KOTA"}}
	err := parquet.Write(&buf, rows)
	return buf.Bytes(), err
}

// parquetFooterBomb is a Parquet file whose trailer says its footer is
// 4 GiB long.
func parquetFooterBomb() ([]byte, error) {
	b, err := satkerParquet()
	if err != nil {
		return nil, err
	}
	binary.LittleEndian.PutUint32(b[len(b)-8:], 0xfffffff0)
	return b, nil
}

// parquetPageBomb is a Parquet file whose first page header says the page
// is 2 GiB long; the footer's offsets are moved to fit the longer header, so
// everything else is as written.
func parquetPageBomb() ([]byte, error) {
	b, err := satkerParquet()
	if err != nil {
		return nil, err
	}
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	md := *f.Metadata()
	first := &md.RowGroups[0].Columns[0].MetaData
	off := first.DataPageOffset
	if d := first.DictionaryPageOffset; d > 0 && d < off {
		off = d
	}
	// The header's length: what decoding it consumed.
	var h format.PageHeader
	rest := bytes.NewReader(b[off:])
	if err := thrift.NewDecoder(new(thrift.CompactProtocol).NewReader(rest)).Decode(&h); err != nil {
		return nil, fmt.Errorf("page header at byte %d: %w", off, err)
	}
	n := int(int64(len(b)) - off - int64(rest.Len()))
	h.CompressedPageSize = 1<<31 - 1
	header, err := thrift.Marshal(new(thrift.CompactProtocol), &h)
	if err != nil {
		return nil, err
	}
	shift := int64(len(header) - n)
	move := func(p *int64) {
		if *p > off {
			*p += shift
		}
	}
	for i := range md.RowGroups {
		rg := &md.RowGroups[i]
		for j := range rg.Columns {
			c := &rg.Columns[j]
			for _, p := range []*int64{&c.FileOffset, &c.OffsetIndexOffset, &c.ColumnIndexOffset, &c.MetaData.DataPageOffset,
				&c.MetaData.DictionaryPageOffset, &c.MetaData.IndexPageOffset, &c.MetaData.BloomFilterOffset} {
				move(p)
			}
		}
	}
	first.TotalCompressedSize += shift
	md.RowGroups[0].TotalCompressedSize += shift
	footer, err := thrift.Marshal(new(thrift.CompactProtocol), &md)
	if err != nil {
		return nil, err
	}
	footerLen := int64(binary.LittleEndian.Uint32(b[len(b)-8:]))
	out := append(bytes.Clone(b[:off]), header...)
	out = append(out, b[off+int64(n):int64(len(b))-8-footerLen]...)
	out = append(out, footer...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(footer)))
	return append(out, "PAR1"...), nil
}
