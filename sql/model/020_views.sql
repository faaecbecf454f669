-- Analytic views. Every view honours an as-of date set with
--   SET VARIABLE p3dn_as_of = DATE '2023-10-15';
-- (p3dn query --as-of does this); unset, all recorded data counts.
-- Transactions without a date count only when no as-of date is set.
-- Regional rows that repeat a purchase another system recorded
-- (duplikat_dari, see 012_regional.sql) are left out here, and so from
-- every figure.
CREATE OR REPLACE VIEW p3dn_transaksi_asof AS
SELECT t.*
FROM transaksi t
WHERE t.duplikat_dari IS NULL
  AND (getvariable('p3dn_as_of') IS NULL OR t.tanggal <= CAST(getvariable('p3dn_as_of') AS DATE));

-- LKPP-recorded and regional realisation side by side: what each system
-- recorded, and how much of the regional record repeats a purchase already
-- counted.
CREATE OR REPLACE VIEW realisasi_per_sumber AS
SELECT tahun_anggaran, kd_klpd,
       CASE WHEN channel LIKE 'regional_%' THEN channel ELSE 'lkpp' END AS sistem,
       count(*) FILTER (WHERE duplikat_dari IS NULL) AS jumlah_transaksi,
       coalesce(sum(nilai) FILTER (WHERE duplikat_dari IS NULL), 0) AS nilai,
       coalesce(sum(nilai_pdn) FILTER (WHERE duplikat_dari IS NULL), 0) AS nilai_pdn,
       count(*) FILTER (WHERE duplikat_dari IS NOT NULL) AS jumlah_duplikat,
       coalesce(sum(nilai) FILTER (WHERE duplikat_dari IS NOT NULL), 0) AS nilai_duplikat,
       CAST(getvariable('p3dn_as_of') AS DATE) AS per_tanggal
FROM transaksi
WHERE getvariable('p3dn_as_of') IS NULL OR tanggal <= CAST(getvariable('p3dn_as_of') AS DATE)
GROUP BY ALL;

-- Regional commitment workbooks beside SiRUP's komitmen.
CREATE OR REPLACE VIEW komitmen_regional AS
WITH reg AS (
  SELECT tahun_anggaran, kd_klpd, sumber_sistem, count(*) AS baris, sum(pagu) AS pagu,
         sum(coalesce(nilai_komitmen_pdn, CASE WHEN tkdn_persen > 0 THEN pagu END)) AS komitmen_pdn_daerah
  FROM regional_komitmen GROUP BY ALL
), rup AS (
  SELECT tahun_anggaran, kd_klpd, coalesce(sum(pagu) FILTER (WHERE is_komitmen_pdn), 0) AS komitmen_pdn_rup
  FROM rup_paket GROUP BY ALL
)
SELECT reg.*, rup.komitmen_pdn_rup, CAST(reg.komitmen_pdn_daerah - rup.komitmen_pdn_rup AS DECIMAL(20,2)) AS selisih
FROM reg LEFT JOIN rup USING (tahun_anggaran, kd_klpd);

CREATE OR REPLACE VIEW realisasi_bulanan AS
WITH m AS (
  SELECT tahun_anggaran, kd_klpd, kd_satker_str, channel, pdn_class,
         CAST(date_trunc('month', tanggal) AS DATE) AS bulan,
         count(*) AS jumlah_transaksi,
         sum(nilai) AS nilai,
         sum(nilai_pdn) AS nilai_pdn,
         sum(coalesce(nilai_umk, 0)) AS nilai_umk
  FROM p3dn_transaksi_asof
  GROUP BY ALL
)
SELECT *,
       sum(nilai)     OVER w AS nilai_kumulatif,
       sum(nilai_pdn) OVER w AS nilai_pdn_kumulatif,
       sum(nilai_umk) OVER w AS nilai_umk_kumulatif
FROM m
WINDOW w AS (PARTITION BY tahun_anggaran, kd_klpd, kd_satker_str, channel, pdn_class
             ORDER BY bulan NULLS FIRST ROWS UNBOUNDED PRECEDING);

-- A percentage of two rupiah amounts, to two decimals (NULL when the
-- denominator is 0), as DECIMAL.
CREATE OR REPLACE MACRO p3dn_persen(a, b) AS CAST(round(100 * a / nullif(b, 0), 2) AS DECIMAL(9,2));

-- The rupiah still to realise to reach a target, as DECIMAL(20,2) (exact:
-- no float in the way).
CREATE OR REPLACE MACRO p3dn_kurang(komitmen, target, realisasi) AS
  CAST(greatest(komitmen * target * 0.01 - realisasi, 0) AS DECIMAL(20,2));

-- The target (percent of komitmen) for a fiscal year and K/L/PD: the most
-- specific row of target_p3dn wins (K/L/PD before '*', year before 0).
CREATE OR REPLACE MACRO p3dn_target(y, k) AS (
  SELECT target_persen FROM target_p3dn g
  WHERE g.tahun_anggaran IN (y, 0) AND g.kd_klpd IN (k, '*')
  ORDER BY (g.kd_klpd = '*'), (g.tahun_anggaran = 0) LIMIT 1);

CREATE OR REPLACE VIEW capaian_p3dn AS
WITH k AS (
  SELECT tahun_anggaran, kd_klpd, any_value(nama_klpd ORDER BY nama_klpd) AS nama_klpd,
         coalesce(sum(pagu) FILTER (WHERE is_komitmen_pdn), 0) AS komitmen_pdn,
         coalesce(sum(pagu) FILTER (WHERE is_aktif), 0) AS total_rup
  FROM rup_paket GROUP BY ALL
), r AS (
  SELECT tahun_anggaran, kd_klpd, any_value(nama_klpd ORDER BY nama_klpd) AS nama_klpd,
         sum(nilai_pdn) AS realisasi_pdn,
         sum(nilai) AS realisasi_total,
         sum(coalesce(nilai_umk, 0)) AS realisasi_umk,
         coalesce(sum(nilai) FILTER (WHERE pdn_class = 'UNKNOWN'), 0) AS realisasi_tidak_diketahui,
         count(*) AS jumlah_transaksi,
         max(tanggal) AS tanggal_terakhir
  FROM p3dn_transaksi_asof GROUP BY ALL
), j AS (
  SELECT coalesce(k.tahun_anggaran, r.tahun_anggaran) AS tahun_anggaran,
         coalesce(k.kd_klpd, r.kd_klpd) AS kd_klpd,
         coalesce(k.nama_klpd, r.nama_klpd) AS nama_klpd,
         coalesce(k.komitmen_pdn, 0) AS komitmen_pdn,
         coalesce(k.total_rup, 0) AS total_rup,
         coalesce(r.realisasi_pdn, 0) AS realisasi_pdn,
         coalesce(r.realisasi_total, 0) AS realisasi_total,
         coalesce(r.realisasi_umk, 0) AS realisasi_umk,
         coalesce(r.realisasi_tidak_diketahui, 0) AS realisasi_tidak_diketahui,
         coalesce(r.jumlah_transaksi, 0) AS jumlah_transaksi,
         r.tanggal_terakhir
  FROM k FULL OUTER JOIN r USING (tahun_anggaran, kd_klpd)
), p AS (
  SELECT j.*,
         'KOMITMEN_RUP' AS jenis_penyebut,
         p3dn_persen(j.realisasi_pdn, j.komitmen_pdn) AS persen_capaian,
         p3dn_persen(j.realisasi_pdn, j.total_rup) AS persen_terhadap_total_rup,
         p3dn_persen(j.realisasi_pdn, j.realisasi_total) AS persen_pdn_realisasi,
         p3dn_persen(j.realisasi_umk, j.realisasi_total) AS persen_umk_realisasi,
         p3dn_target(j.tahun_anggaran, j.kd_klpd) AS target_persen
  FROM j
)
SELECT p.*,
       CAST(p.target_persen - p.persen_capaian AS DECIMAL(9,2)) AS selisih_poin,
       p3dn_kurang(p.komitmen_pdn, p.target_persen, p.realisasi_pdn) AS selisih_rupiah,
       rank() OVER (PARTITION BY p.tahun_anggaran ORDER BY p.persen_capaian DESC NULLS LAST) AS peringkat,
       count(*) OVER (PARTITION BY p.tahun_anggaran) AS jumlah_klpd,
       CAST(getvariable('p3dn_as_of') AS DATE) AS per_tanggal
FROM p;

-- The same figure against each denominator officials quote.
CREATE OR REPLACE VIEW capaian_penyebut AS
SELECT tahun_anggaran, kd_klpd, nama_klpd, 'KOMITMEN_RUP' AS jenis_penyebut, realisasi_pdn AS pembilang, komitmen_pdn AS penyebut, persen_capaian AS persen, per_tanggal FROM capaian_p3dn
UNION ALL
SELECT tahun_anggaran, kd_klpd, nama_klpd, 'TOTAL_RUP', realisasi_pdn, total_rup, persen_terhadap_total_rup, per_tanggal FROM capaian_p3dn
UNION ALL
SELECT tahun_anggaran, kd_klpd, nama_klpd, 'TOTAL_REALISASI', realisasi_pdn, realisasi_total, persen_pdn_realisasi, per_tanggal FROM capaian_p3dn;

CREATE OR REPLACE VIEW capaian_p3dn_satker AS
WITH k AS (
  SELECT tahun_anggaran, kd_klpd, kd_satker_str, any_value(nama_satker ORDER BY nama_satker) AS nama_satker,
         coalesce(sum(pagu) FILTER (WHERE is_komitmen_pdn), 0) AS komitmen_pdn
  FROM rup_paket GROUP BY ALL
), r AS (
  SELECT tahun_anggaran, kd_klpd, kd_satker_str, any_value(nama_satker ORDER BY nama_satker) AS nama_satker,
         sum(nilai_pdn) AS realisasi_pdn, sum(nilai) AS realisasi_total,
         sum(coalesce(nilai_umk, 0)) AS realisasi_umk, count(*) AS jumlah_transaksi
  FROM p3dn_transaksi_asof GROUP BY ALL
), j AS (
  SELECT coalesce(k.tahun_anggaran, r.tahun_anggaran) AS tahun_anggaran,
         coalesce(k.kd_klpd, r.kd_klpd) AS kd_klpd,
         coalesce(k.kd_satker_str, r.kd_satker_str) AS kd_satker_str,
         coalesce(k.nama_satker, r.nama_satker) AS nama_satker,
         coalesce(k.komitmen_pdn, 0) AS komitmen_pdn,
         coalesce(r.realisasi_pdn, 0) AS realisasi_pdn,
         coalesce(r.realisasi_total, 0) AS realisasi_total,
         coalesce(r.realisasi_umk, 0) AS realisasi_umk,
         coalesce(r.jumlah_transaksi, 0) AS jumlah_transaksi
  FROM k FULL OUTER JOIN r USING (tahun_anggaran, kd_klpd, kd_satker_str)
)
SELECT j.*, 'KOMITMEN_RUP' AS jenis_penyebut,
       p3dn_persen(j.realisasi_pdn, j.komitmen_pdn) AS persen_capaian,
       p3dn_target(j.tahun_anggaran, j.kd_klpd) AS target_persen,
       CAST(p3dn_target(j.tahun_anggaran, j.kd_klpd) - p3dn_persen(j.realisasi_pdn, j.komitmen_pdn) AS DECIMAL(9,2)) AS selisih_poin,
       p3dn_kurang(j.komitmen_pdn, p3dn_target(j.tahun_anggaran, j.kd_klpd), j.realisasi_pdn) AS selisih_rupiah,
       rank() OVER (PARTITION BY j.tahun_anggaran, j.kd_klpd ORDER BY 100 * j.realisasi_pdn / nullif(j.komitmen_pdn, 0) DESC NULLS LAST) AS peringkat,
       CAST(getvariable('p3dn_as_of') AS DATE) AS per_tanggal
FROM j;

-- The capaian at each month end of the fiscal year (up to the as-of date),
-- to chart the trend toward the target. A transaction dated outside its
-- fiscal year counts in January (before) or December (after).
CREATE OR REPLACE VIEW tren_capaian AS
WITH k AS (
  SELECT tahun_anggaran, kd_klpd, coalesce(sum(pagu) FILTER (WHERE is_komitmen_pdn), 0) AS komitmen_pdn
  FROM rup_paket GROUP BY ALL
), keys AS (
  SELECT DISTINCT tahun_anggaran, kd_klpd FROM k
  UNION SELECT DISTINCT tahun_anggaran, kd_klpd FROM transaksi WHERE tahun_anggaran IS NOT NULL
), months AS (
  SELECT keys.*, m.bulan_ke, last_day(make_date(CAST(keys.tahun_anggaran AS INTEGER), m.bulan_ke, 1)) AS akhir_bulan
  FROM keys, (SELECT CAST(range AS INTEGER) AS bulan_ke FROM range(1, 13)) m
), r AS (
  SELECT tahun_anggaran, kd_klpd,
         CASE WHEN year(tanggal) < tahun_anggaran THEN 1 WHEN year(tanggal) > tahun_anggaran THEN 12 ELSE month(tanggal) END AS bulan_ke,
         sum(nilai_pdn) AS realisasi_pdn, sum(nilai) AS realisasi_total
  FROM p3dn_transaksi_asof WHERE tanggal IS NOT NULL GROUP BY ALL
), c AS (
  SELECT months.tahun_anggaran, months.kd_klpd, months.bulan_ke, months.akhir_bulan,
         coalesce(k.komitmen_pdn, 0) AS komitmen_pdn,
         sum(coalesce(r.realisasi_pdn, 0)) OVER w AS realisasi_pdn_kumulatif,
         sum(coalesce(r.realisasi_total, 0)) OVER w AS realisasi_total_kumulatif
  FROM months
  LEFT JOIN k USING (tahun_anggaran, kd_klpd)
  LEFT JOIN r USING (tahun_anggaran, kd_klpd, bulan_ke)
  WINDOW w AS (PARTITION BY months.tahun_anggaran, months.kd_klpd ORDER BY months.bulan_ke ROWS UNBOUNDED PRECEDING)
)
SELECT c.*,
       p3dn_persen(c.realisasi_pdn_kumulatif, c.komitmen_pdn) AS persen_capaian,
       p3dn_target(c.tahun_anggaran, c.kd_klpd) AS target_persen
FROM c
WHERE getvariable('p3dn_as_of') IS NULL
   OR c.akhir_bulan <= last_day(CAST(getvariable('p3dn_as_of') AS DATE));

-- Data-quality caveats per fiscal year, K/L/PD and source, one indicator
-- per row: how much realisation is of unknown class, transactions with no
-- RUP package, committed packages with no realisation, payments without a
-- contract, and records rejected on the way in.
CREATE OR REPLACE VIEW kualitas_data AS
WITH t AS (SELECT * FROM p3dn_transaksi_asof),
rup AS (SELECT DISTINCT kd_rup FROM rup_paket),
linked AS (SELECT DISTINCT l.transaksi_id FROM transaksi_rup l JOIN rup_paket p ON p.kd_rup = l.kd_rup),
fk AS (SELECT _source_file, any_value(tahun_anggaran ORDER BY tahun_anggaran) AS tahun_anggaran, any_value(kd_klpd ORDER BY kd_klpd) AS kd_klpd
       FROM transaksi GROUP BY 1)
SELECT tahun_anggaran, kd_klpd, sumber, 'realisasi_kelas_unknown' AS indikator,
       count(*) FILTER (WHERE pdn_class = 'UNKNOWN') AS jumlah,
       coalesce(sum(nilai) FILTER (WHERE pdn_class = 'UNKNOWN'), 0) AS nilai,
       p3dn_persen(coalesce(sum(nilai) FILTER (WHERE pdn_class = 'UNKNOWN'), 0), sum(nilai)) AS persen,
       'Realisasi yang tidak dapat dipastikan PDN atau impor (tidak dihitung sebagai PDN)' AS keterangan
FROM t GROUP BY ALL
UNION ALL
SELECT tahun_anggaran, kd_klpd, sumber, 'realisasi_tanpa_paket_rup',
       count(*) FILTER (WHERE transaksi_id NOT IN (SELECT transaksi_id FROM linked)),
       coalesce(sum(nilai) FILTER (WHERE transaksi_id NOT IN (SELECT transaksi_id FROM linked)), 0),
       p3dn_persen(coalesce(sum(nilai) FILTER (WHERE transaksi_id NOT IN (SELECT transaksi_id FROM linked)), 0), sum(nilai)),
       'Transaksi yang kd_rup-nya kosong atau tidak ada di paket RUP yang dimuat'
FROM t GROUP BY ALL
UNION ALL
SELECT p.tahun_anggaran, p.kd_klpd, 'RUP-PaketPenyedia-Terumumkan', 'paket_komitmen_tanpa_realisasi',
       count(*), sum(p.pagu), p3dn_persen(sum(p.pagu), any_value(tot.komitmen)),
       'Paket RUP berkomitmen PDN yang belum punya transaksi tercatat'
FROM rup_paket p
JOIN (SELECT tahun_anggaran, kd_klpd, sum(pagu) AS komitmen FROM rup_paket WHERE is_komitmen_pdn GROUP BY ALL) tot USING (tahun_anggaran, kd_klpd)
WHERE p.is_komitmen_pdn AND p.kd_rup NOT IN (SELECT kd_rup FROM transaksi_rup)
GROUP BY p.tahun_anggaran, p.kd_klpd
UNION ALL
SELECT fk.tahun_anggaran, fk.kd_klpd, sumber, 'pembayaran_tanpa_kontrak', count(*), sum(nilai), NULL,
       'Pembayaran yang transaksinya (kontrak/pencatatan) tidak ada di transaksi'
FROM pembayaran LEFT JOIN fk USING (_source_file)
WHERE transaksi_id NOT IN (SELECT transaksi_id FROM transaksi) GROUP BY ALL
UNION ALL
SELECT fk.tahun_anggaran, fk.kd_klpd, coalesce(f.service, r.source_file), 'rekaman_ditolak',
       count(*) FILTER (WHERE r.tindakan <> 'value_nulled'), NULL, NULL,
       'Rekaman atau berkas yang tidak dimuat (lihat tabel rejects); nilai yang dikosongkan dihitung terpisah'
FROM rejects r
LEFT JOIN (SELECT path, any_value(service ORDER BY service) AS service FROM source_files GROUP BY path) f ON f.path = r.source_file
LEFT JOIN fk ON fk._source_file = r.source_file
GROUP BY ALL
UNION ALL
SELECT fk.tahun_anggaran, fk.kd_klpd, coalesce(f.service, r.source_file), 'nilai_dikosongkan', count(*), NULL, NULL,
       'Nilai yang tidak dapat dibaca dan dimuat sebagai NULL (lihat tabel rejects)'
FROM rejects r
LEFT JOIN (SELECT path, any_value(service ORDER BY service) AS service FROM source_files GROUP BY path) f ON f.path = r.source_file
LEFT JOIN fk ON fk._source_file = r.source_file
WHERE r.tindakan = 'value_nulled'
GROUP BY ALL;

-- Realised value per TKDN class. Product lines (transaksi_item) count
-- line by line; a transaction without lines contributes its PDN part to its
-- class and the rest, if any, to IMPOR.
CREATE OR REPLACE VIEW kategori_tkdn AS
WITH t AS (SELECT * FROM p3dn_transaksi_asof),
parts AS (
  SELECT t.tahun_anggaran, t.kd_klpd, t.channel, i.pdn_class, i.nilai
  FROM transaksi_item i JOIN t USING (transaksi_id)
  UNION ALL
  SELECT tahun_anggaran, kd_klpd, channel, pdn_class, CASE WHEN is_pdn THEN nilai_pdn ELSE nilai END
  FROM t WHERE transaksi_id NOT IN (SELECT transaksi_id FROM transaksi_item)
  UNION ALL
  SELECT tahun_anggaran, kd_klpd, channel, 'IMPOR', nilai - nilai_pdn
  FROM t WHERE is_pdn AND nilai > nilai_pdn AND transaksi_id NOT IN (SELECT transaksi_id FROM transaksi_item)
)
SELECT tahun_anggaran, kd_klpd, channel, pdn_class, sum(nilai) AS nilai,
       p3dn_persen(sum(nilai), sum(sum(nilai)) OVER (PARTITION BY tahun_anggaran, kd_klpd)) AS share
FROM parts GROUP BY tahun_anggaran, kd_klpd, channel, pdn_class;

-- The business-matching list: product lines bought as imports, without a
-- certificate, or below TKDN 25 %, next to the certified domestic products
-- (TKDN >= 25 %, valid at the as-of date or the last transaction) of the
-- same commodity group and their producers.
CREATE OR REPLACE VIEW peluang_substitusi AS
WITH t AS (SELECT * FROM p3dn_transaksi_asof),
belanja AS (
  SELECT t.tahun_anggaran, t.kd_klpd, i.komoditas, i.pdn_class,
         count(*) AS jumlah_baris, sum(i.nilai) AS nilai_belanja
  FROM transaksi_item i JOIN t USING (transaksi_id)
  WHERE i.pdn_class IN ('IMPOR', 'UNKNOWN', 'PDN_NON_TKDN', 'TKDN_LT25') AND i.komoditas IS NOT NULL
  GROUP BY ALL
),
produk AS (
  SELECT kelompok_barang, produk, nama_perusahaan, provinsi, nilai_tkdn, nilai_bmp,
         nilai_tkdn + least(coalesce(nilai_bmp, 0), 15) AS tkdn_bmp, nomor_sertifikat, tanggal_kadaluarsa
  FROM sertifikat_tkdn
  WHERE nilai_tkdn >= 25
    AND tanggal_kadaluarsa >= coalesce(CAST(getvariable('p3dn_as_of') AS DATE), (SELECT max(tanggal) FROM transaksi))
)
SELECT b.tahun_anggaran, b.kd_klpd, b.komoditas, b.pdn_class, b.jumlah_baris, b.nilai_belanja,
       p.produk AS produk_bersertifikat, p.nama_perusahaan AS produsen, p.provinsi, p.nilai_tkdn, p.nilai_bmp,
       p.tkdn_bmp, p.nomor_sertifikat, p.tanggal_kadaluarsa
FROM belanja b JOIN produk p ON lower(trim(p.kelompok_barang)) = lower(trim(b.komoditas))
ORDER BY b.nilai_belanja DESC, p.tkdn_bmp DESC, p.produk;
