-- Analytic views. Every view honours an as-of date set with
--   SET VARIABLE p3dn_as_of = DATE '2023-10-15';
-- (p3dn query --as-of does this); unset, all recorded data counts.
-- Transactions without a date count only when no as-of date is set.
CREATE OR REPLACE VIEW p3dn_transaksi_asof AS
SELECT t.*
FROM transaksi t
WHERE getvariable('p3dn_as_of') IS NULL
   OR t.tanggal <= CAST(getvariable('p3dn_as_of') AS DATE);

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
)
SELECT j.*,
       'KOMITMEN_RUP' AS jenis_penyebut,
       round(100 * j.realisasi_pdn / nullif(j.komitmen_pdn, 0), 2) AS persen_capaian,
       round(100 * j.realisasi_pdn / nullif(j.realisasi_total, 0), 2) AS persen_pdn_realisasi,
       t.target_persen,
       round(t.target_persen - 100 * j.realisasi_pdn / nullif(j.komitmen_pdn, 0), 2) AS selisih_poin,
       greatest(round(t.target_persen * j.komitmen_pdn / 100 - j.realisasi_pdn, 2), 0) AS selisih_rupiah,
       CAST(getvariable('p3dn_as_of') AS DATE) AS per_tanggal
FROM j
LEFT JOIN LATERAL (
  SELECT target_persen FROM target_p3dn g
  WHERE g.tahun_anggaran IN (j.tahun_anggaran, 0) AND g.kd_klpd IN (j.kd_klpd, '*')
  ORDER BY (g.kd_klpd = '*'), (g.tahun_anggaran = 0) LIMIT 1
) t ON true;

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
)
SELECT coalesce(k.tahun_anggaran, r.tahun_anggaran) AS tahun_anggaran,
       coalesce(k.kd_klpd, r.kd_klpd) AS kd_klpd,
       coalesce(k.kd_satker_str, r.kd_satker_str) AS kd_satker_str,
       coalesce(k.nama_satker, r.nama_satker) AS nama_satker,
       coalesce(k.komitmen_pdn, 0) AS komitmen_pdn,
       coalesce(r.realisasi_pdn, 0) AS realisasi_pdn,
       coalesce(r.realisasi_total, 0) AS realisasi_total,
       coalesce(r.realisasi_umk, 0) AS realisasi_umk,
       coalesce(r.jumlah_transaksi, 0) AS jumlah_transaksi,
       'KOMITMEN_RUP' AS jenis_penyebut,
       round(100 * coalesce(r.realisasi_pdn, 0) / nullif(k.komitmen_pdn, 0), 2) AS persen_capaian,
       CAST(getvariable('p3dn_as_of') AS DATE) AS per_tanggal
FROM k FULL OUTER JOIN r USING (tahun_anggaran, kd_klpd, kd_satker_str);

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
       round(100 * sum(nilai) / nullif(sum(sum(nilai)) OVER (PARTITION BY tahun_anggaran, kd_klpd), 0), 2) AS share
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
