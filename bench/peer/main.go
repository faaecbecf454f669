// Command peer is the SQL-only way a data engineer would load the same
// dumps without p3dn: DuckDB's read_json with SQL cleaning and a CASE
// classification into a table, then COPY to Parquet. `make bench` times it
// beside p3dn on the same generated inbox.
package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: peer INBOX OUT_DIR")
		os.Exit(2)
	}
	inbox, out := os.Args[1], os.Args[2]
	os.MkdirAll(out, 0o755)
	db, err := sql.Open("duckdb", filepath.Join(out, "peer.duckdb"))
	if err != nil {
		panic(err)
	}
	defer db.Close()
	f := func(name string) string { return "'" + filepath.Join(inbox, name) + "'" }
	start := time.Now()
	steps := []string{
		// Money may be a number or text; bad text becomes NULL (TRY_CAST), as a careful engineer would write it.
		`CREATE OR REPLACE TABLE transaksi AS
		 SELECT 'non_tender:' || kd_nontender AS transaksi_id, 'non_tender' AS channel, tahun_anggaran, kd_klpd, kd_satker_str,
		        TRY_CAST(TRY_CAST(tgl_selesai_nontender AS TIMESTAMP) AS DATE) AS tanggal,
		        TRY_CAST(nilai_kontrak AS DECIMAL(20,2)) AS nilai, TRY_CAST(nilai_pdn_kontrak AS DECIMAL(20,2)) AS nilai_pdn,
		        CASE WHEN TRY_CAST(nilai_pdn_kontrak AS DECIMAL(20,2)) IS NULL THEN 'UNKNOWN'
		             WHEN TRY_CAST(nilai_pdn_kontrak AS DECIMAL(20,2)) = 0 THEN 'IMPOR' ELSE 'PDN_TIER_UNKNOWN' END AS pdn_class
		 FROM (SELECT DISTINCT * FROM read_json(` + f("SPSE-NonTenderSelesai.json") + `, format='array', sample_size=-1, union_by_name=true))
		 WHERE nilai_kontrak IS NOT NULL`,
		`INSERT INTO transaksi
		 SELECT 'pencatatan_non_tender:' || kd_nontender_pct, 'pencatatan_non_tender', tahun_anggaran, kd_klpd, kd_satker_str,
		        CAST(TRY_CAST(tgl_selesai_paket AS TIMESTAMP) AS DATE), TRY_CAST(total_realisasi AS DECIMAL(20,2)), TRY_CAST(nilai_pdn_pct AS DECIMAL(20,2)),
		        CASE WHEN TRY_CAST(nilai_pdn_pct AS DECIMAL(20,2)) = 0 THEN 'IMPOR' ELSE 'PDN_TIER_UNKNOWN' END
		 FROM (SELECT DISTINCT * FROM read_json(` + f("SPSE-PencatatanNonTender.json") + `, format='array', sample_size=-1))
		 WHERE status_nontender_pct_ket <> 'Paket Dibatalkan'`,
		`INSERT INTO transaksi
		 SELECT 'e_purchasing:' || p.kd_paket || ':' || p.kd_produk, 'e_purchasing', p.tahun_anggaran, p.kd_klpd, NULL,
		        CAST(TRY_CAST(p.tanggal_buat_paket AS TIMESTAMP) AS DATE), TRY_CAST(p.total_harga AS DECIMAL(20,2)),
		        CASE WHEN d.jenis_produk = 'lokal' THEN TRY_CAST(p.total_harga AS DECIMAL(20,2)) ELSE 0 END,
		        CASE WHEN c.nilai_tkdn + least(coalesce(c.nilai_bmp, 0), 15) >= 40 THEN 'TKDN_BMP_40'
		             WHEN c.nilai_tkdn >= 25 THEN 'TKDN_25' WHEN c.nilai_tkdn > 0 THEN 'TKDN_LT25'
		             WHEN d.jenis_produk = 'lokal' THEN 'PDN_NON_TKDN' WHEN d.jenis_produk = 'impor' THEN 'IMPOR' ELSE 'UNKNOWN' END
		 FROM (SELECT DISTINCT * FROM read_json(` + f("Ecat-PaketEPurchasing.json") + `, format='array', sample_size=-1)) p
		 LEFT JOIN read_json(` + f("Ecat-ProdukDetail.json") + `, format='array', sample_size=-1) d USING (kd_produk)
		 LEFT JOIN read_csv(` + f("sertifikat_tkdn.csv") + `, header=true, normalize_names=true) c ON c.nomor_sertifikat = d.nomor_tkdn`,
		`INSERT INTO transaksi
		 SELECT 'tender:' || kd_tender, 'tender', tahun_anggaran, kd_klpd, kd_satker,
		        TRY_CAST(tgl_penetapan_pemenang AS DATE), TRY_CAST(nilai_kontrak AS DECIMAL(20,2)), TRY_CAST(nilai_pdn_kontrak AS DECIMAL(20,2)),
		        CASE WHEN TRY_CAST(nilai_pdn_kontrak AS DECIMAL(20,2)) IS NULL THEN 'UNKNOWN'
		             WHEN TRY_CAST(nilai_pdn_kontrak AS DECIMAL(20,2)) = 0 THEN 'IMPOR' ELSE 'PDN_TIER_UNKNOWN' END
		 FROM (SELECT DISTINCT * FROM read_json(` + f("SPSE-TenderSelesaiNilai.json") + `, format='array', sample_size=-1))
		 WHERE TRY_CAST(nilai_kontrak AS DECIMAL(20,2)) IS NOT NULL`,
		`INSERT INTO transaksi
		 SELECT 'toko_daring:' || order_id, 'toko_daring', tahun, kd_klpd, NULL,
		        CAST(TRY_CAST(tanggal_transaksi AS TIMESTAMP) AS DATE), TRY_CAST(valuasi AS DECIMAL(20,2)), NULL, 'UNKNOWN'
		 FROM (SELECT DISTINCT * FROM read_json(` + f("Bela-TokoDaringRealisasi.json") + `, format='array', sample_size=-1))
		 WHERE status_konfirmasi_ppmse = 'berhasil'`,
		// The regions' SIPD P3DN exports in CSV, Indonesian numbers cleaned in
		// SQL. Their XLSX workbooks would need DuckDB's excel extension,
		// downloaded at run time: the peer leaves them out.
		`INSERT INTO transaksi
		 WITH r AS (
		   SELECT *, TRY_CAST(replace(replace(replace("Nilai Realisasi", 'Rp ', ''), '.', ''), ',', '.') AS DECIMAL(20,2)) AS nilai,
		             TRY_CAST(replace(replace("Nilai PDN", '.', ''), ',', '.') AS DECIMAL(20,2)) AS nilai_pdn
		   FROM read_csv(` + f("SIPD_P3DN_Realisasi_*.csv") + `, delim=';', skip=2, header=true, all_varchar=true, filename=true))
		 SELECT 'regional_sipd:' || filename || '#' || "No", 'regional_sipd', CAST("Tahun" AS INTEGER), "Kode Pemda", "Kode SKPD",
		        CAST(TRY_STRPTIME("Tanggal Transaksi", '%d/%m/%Y') AS DATE), nilai, nilai_pdn,
		        CASE WHEN nilai_pdn IS NULL THEN 'UNKNOWN' WHEN nilai_pdn = 0 THEN 'IMPOR' ELSE 'PDN_TIER_UNKNOWN' END
		 FROM r WHERE nilai IS NOT NULL`,
		`CREATE OR REPLACE TABLE rup AS SELECT * FROM read_json(` + f("RUP-PaketPenyedia-Terumumkan.json") + `, format='array', sample_size=-1)`,
		`COPY (SELECT * FROM transaksi ORDER BY transaksi_id) TO '` + filepath.Join(out, "lake") + `' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (tahun_anggaran), OVERWRITE_OR_IGNORE)`,
		`CHECKPOINT`,
	}
	for i, s := range steps {
		if _, err := db.Exec(s); err != nil {
			fmt.Fprintf(os.Stderr, "peer step %d: %v\n", i+1, err)
			os.Exit(1)
		}
	}
	var n int64
	db.QueryRow("SELECT count(*) FROM transaksi").Scan(&n)
	fmt.Printf("peer: %d transactions in %.2fs\n", n, time.Since(start).Seconds())
}
