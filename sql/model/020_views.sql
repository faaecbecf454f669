-- Analytic views. Every view honours an as-of date set with
--   SET VARIABLE p3dn_as_of = DATE '2023-10-15';
-- (p3dn query --as-of does this); unset, all recorded data counts.
-- Transactions without a date count only when no as-of date is set.
CREATE VIEW p3dn_transaksi_asof AS
SELECT t.*
FROM transaksi t
WHERE getvariable('p3dn_as_of') IS NULL
   OR t.tanggal <= CAST(getvariable('p3dn_as_of') AS DATE);

CREATE VIEW realisasi_bulanan AS
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

CREATE VIEW capaian_p3dn AS
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

CREATE VIEW capaian_p3dn_satker AS
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

-- Realised value per TKDN class. A contract that reports only part of its
-- value as PDN splits: the PDN part in its class, the rest as IMPOR.
CREATE VIEW kategori_tkdn AS
WITH parts AS (
  SELECT tahun_anggaran, kd_klpd, channel, pdn_class AS kelas, nilai_pdn AS nilai FROM p3dn_transaksi_asof WHERE is_pdn
  UNION ALL
  SELECT tahun_anggaran, kd_klpd, channel, 'IMPOR', nilai - nilai_pdn FROM p3dn_transaksi_asof WHERE is_pdn AND nilai > nilai_pdn
  UNION ALL
  SELECT tahun_anggaran, kd_klpd, channel, pdn_class, nilai FROM p3dn_transaksi_asof WHERE NOT is_pdn
)
SELECT tahun_anggaran, kd_klpd, channel, kelas, sum(nilai) AS nilai,
       round(100 * sum(nilai) / nullif(sum(sum(nilai)) OVER (PARTITION BY tahun_anggaran, kd_klpd), 0), 2) AS persen_dari_total
FROM parts GROUP BY tahun_anggaran, kd_klpd, channel, kelas;
