-- Every model script works in two modes. A full run (p3dn_sebagian false)
-- rebuilds its tables from staging. An incremental run that derived only
-- the keys its new files touch (p3dn_sebagian true) replaces the rows of
-- those keys and of those files: p3dn_berkas_baru lists the new files,
-- p3dn_kunci_tersentuh the touched transaction keys. Both give the same
-- rows.

-- rup_paket: SiRUP packages (the komitmen side), penyedia and swakelola.
-- A package seen in several snapshots keeps its latest (_event_date).
CREATE OR REPLACE VIEW p3dn_rup_paket_sumber AS
WITH p AS (
  SELECT tahun_anggaran, kd_klpd, nama_klpd, kd_satker_str, kd_satker AS kd_satker_sirup, nama_satker,
         kd_rup, nama_paket, 'penyedia' AS tipe, pagu, status_pdn, status_ukm,
         metode_pengadaan, jenis_pengadaan, status_aktif_rup, status_delete_rup, status_umumkan_rup,
         _event_date, _source_file, _record
  FROM isb_rup_paketpenyedia_terumumkan
  UNION ALL
  SELECT tahun_anggaran, kd_klpd, nama_klpd, kd_satker_str, kd_satker, nama_satker,
         kd_rup, nama_paket, 'swakelola', pagu, NULL, NULL,
         'Swakelola', NULL, status_aktif_rup, status_delete_rup, status_umumkan_rup,
         _event_date, _source_file, _record
  FROM isb_rup_paketswakelola_terumumkan
)
SELECT tahun_anggaran, kd_klpd, nama_klpd, kd_satker_str, kd_satker_sirup, nama_satker, kd_rup, nama_paket,
       tipe, pagu, status_pdn, status_ukm, metode_pengadaan, jenis_pengadaan,
       status_aktif_rup, status_delete_rup, status_umumkan_rup,
       -- Komitmen PDN (TKDN_RULES.md 4b): announced, active, not deleted, flagged PDN.
       (status_pdn = 'PDN' AND coalesce(status_aktif_rup, true) AND NOT coalesce(status_delete_rup, false)
        AND coalesce(status_umumkan_rup, 'Terumumkan') = 'Terumumkan') AS is_komitmen_pdn,
       (coalesce(status_aktif_rup, true) AND NOT coalesce(status_delete_rup, false)) AS is_aktif,
       _event_date, _source_file, _record
FROM p;

CREATE TABLE IF NOT EXISTS rup_paket AS SELECT * FROM p3dn_rup_paket_sumber LIMIT 0;
CREATE OR REPLACE TEMP TABLE p3dn_rup_tersentuh AS
SELECT DISTINCT tipe, kd_rup FROM p3dn_rup_paket_sumber WHERE _source_file IN (SELECT path FROM p3dn_berkas_baru);
DELETE FROM rup_paket r WHERE NOT getvariable('p3dn_sebagian')
   OR EXISTS (SELECT 1 FROM p3dn_rup_tersentuh s WHERE s.tipe = r.tipe AND s.kd_rup = r.kd_rup);
INSERT INTO rup_paket
SELECT * FROM p3dn_rup_paket_sumber r
WHERE NOT getvariable('p3dn_sebagian')
   OR EXISTS (SELECT 1 FROM p3dn_rup_tersentuh s WHERE s.tipe = r.tipe AND s.kd_rup = r.kd_rup)
QUALIFY row_number() OVER (PARTITION BY tipe, kd_rup ORDER BY _event_date DESC NULLS LAST, _source_file DESC, _record DESC) = 1;

-- satker: work units, keyed by kd_satker_str (the cross-system key); the
-- SiRUP id is kept to resolve feeds that carry only it (Toko Daring).
CREATE OR REPLACE TABLE satker AS
SELECT kd_satker_str, kd_satker AS kd_satker_sirup, nama_satker, kd_klpd, nama_klpd, jenis_klpd,
       jenis_satker, status_satker, ket_satker, _source_file
FROM isb_rup_mastersatker
QUALIFY row_number() OVER (PARTITION BY kd_satker ORDER BY _source_file DESC, _record DESC) = 1;

-- Toko Daring gives only the SiRUP satker id.
UPDATE transaksi SET kd_satker_str = s.kd_satker_str, nama_satker = coalesce(transaksi.nama_satker, s.nama_satker)
FROM satker s
WHERE transaksi.kd_satker_str IS NULL AND s.kd_satker_sirup = transaksi.kd_satker_sumber
  AND s.kd_klpd = transaksi.kd_klpd;

-- Names from the masters where a feed lacks them.
UPDATE transaksi SET nama_satker = s.nama_satker
FROM satker s
WHERE transaksi.nama_satker IS NULL AND s.kd_satker_str = transaksi.kd_satker_str;
