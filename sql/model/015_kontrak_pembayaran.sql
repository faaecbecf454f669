-- transaksi_tahap: every record of a contract's life in the SPSE feeds,
-- linked to its transaction: selection result, SPPBJ, contract (one row per
-- addendum), SPMK/SPP, BAP/BAST. One transaction, many stages.
--
-- The contracts whose stages change: those in the new files and those
-- whose transaction was derived again, by channel and raw key. Each feed
-- is filtered on its own key before a transaksi_id is built: building
-- every stage row's id to compare it took 0.37 s of a nightly run on the
-- 5M-row warehouse, 0.27 s so. A feed's new rows lie at rowid >= its rows
-- before the run (p3dn_baris_awal; see pipeline/scope.go): p3dn_baris_baru.
CREATE OR REPLACE TEMP MACRO p3dn_baris_baru(tabel, baris, berkas) AS
  baris >= coalesce(getvariable('p3dn_baris_awal')[tabel], 0) AND berkas IN (SELECT path FROM p3dn_berkas_baru);
CREATE OR REPLACE TEMP TABLE p3dn_tahap_kunci AS
SELECT DISTINCT channel, kunci FROM (
  SELECT channel, kunci FROM p3dn_kunci_tersentuh WHERE channel IN ('tender', 'non_tender')
  UNION ALL SELECT 'tender', kd_tender FROM isb_spse_tenderselesainilai WHERE p3dn_baris_baru('isb_spse_tenderselesainilai', rowid, _source_file)
  UNION ALL SELECT 'tender', kd_tender FROM isb_spse_tenderekontrak_1sppbj WHERE p3dn_baris_baru('isb_spse_tenderekontrak_1sppbj', rowid, _source_file)
  UNION ALL SELECT 'tender', kd_tender FROM isb_spse_tenderekontrak_2kontrak WHERE p3dn_baris_baru('isb_spse_tenderekontrak_2kontrak', rowid, _source_file)
  UNION ALL SELECT 'tender', kd_tender FROM isb_spse_tenderekontrak_3spmkspp WHERE p3dn_baris_baru('isb_spse_tenderekontrak_3spmkspp', rowid, _source_file)
  UNION ALL SELECT 'tender', kd_tender FROM isb_spse_tenderekontrak_4bapbast WHERE p3dn_baris_baru('isb_spse_tenderekontrak_4bapbast', rowid, _source_file)
  UNION ALL SELECT 'non_tender', kd_nontender FROM isb_spse_nontenderselesai WHERE p3dn_baris_baru('isb_spse_nontenderselesai', rowid, _source_file)
  UNION ALL SELECT 'non_tender', kd_nontender FROM isb_spse_nontenderekontrak_1sppbj WHERE p3dn_baris_baru('isb_spse_nontenderekontrak_1sppbj', rowid, _source_file)
  UNION ALL SELECT 'non_tender', kd_nontender FROM isb_spse_nontenderekontrak_2kontrak WHERE p3dn_baris_baru('isb_spse_nontenderekontrak_2kontrak', rowid, _source_file)
  UNION ALL SELECT 'non_tender', kd_nontender FROM isb_spse_nontenderekontrak_3spmkspp WHERE p3dn_baris_baru('isb_spse_nontenderekontrak_3spmkspp', rowid, _source_file)
  UNION ALL SELECT 'non_tender', kd_nontender FROM isb_spse_nontenderekontrak_4bapbast WHERE p3dn_baris_baru('isb_spse_nontenderekontrak_4bapbast', rowid, _source_file)
) k (channel, kunci);
CREATE OR REPLACE TEMP MACRO p3dn_tahap_dipilih(ch, k) AS
  NOT getvariable('p3dn_sebagian') OR k IN (SELECT kunci FROM p3dn_tahap_kunci WHERE channel = ch);
-- A temporary view: it reads this run's scope (a view left in the
-- warehouse by earlier versions is dropped).
DROP VIEW IF EXISTS main.p3dn_tahap_sumber;
CREATE OR REPLACE TEMP VIEW p3dn_tahap_sumber AS
WITH t AS (
  SELECT 'tender:' || kd_tender AS transaksi_id, 'HASIL_PEMILIHAN' AS tahap, NULL AS nomor,
         CAST(tgl_penetapan_pemenang AS DATE) AS tanggal, nilai_kontrak AS nilai, NULL::BIGINT AS versi_addendum,
         'SPSE-TenderSelesaiNilai' AS sumber, _source_file, _record FROM isb_spse_tenderselesainilai WHERE p3dn_tahap_dipilih('tender', kd_tender)
  UNION ALL SELECT 'tender:' || kd_tender, 'SPPBJ', no_sppbj, CAST(tgl_sppbj AS DATE), harga_final, versi_addendum,
         'SPSE-TenderEkontrak-1SPPBJ', _source_file, _record FROM isb_spse_tenderekontrak_1sppbj WHERE p3dn_tahap_dipilih('tender', kd_tender)
  UNION ALL SELECT 'tender:' || kd_tender, 'KONTRAK', no_kontrak, CAST(tgl_kontrak AS DATE), nilai_kontrak, versi_addendum,
         'SPSE-TenderEkontrak-2Kontrak', _source_file, _record FROM isb_spse_tenderekontrak_2kontrak WHERE p3dn_tahap_dipilih('tender', kd_tender)
  UNION ALL SELECT 'tender:' || kd_tender, 'SPMK_SPP', no_spmk_spp, CAST(tgl_spmk_spp AS DATE), NULL, NULL,
         'SPSE-TenderEkontrak-3SPMKSPP', _source_file, _record FROM isb_spse_tenderekontrak_3spmkspp WHERE p3dn_tahap_dipilih('tender', kd_tender)
  UNION ALL SELECT 'tender:' || kd_tender, 'BAP_BAST', no_bast, CAST(tgl_bast AS DATE), besar_pembayaran, versi_addendum,
         'SPSE-TenderEkontrak-4BAPBAST', _source_file, _record FROM isb_spse_tenderekontrak_4bapbast WHERE p3dn_tahap_dipilih('tender', kd_tender)
  UNION ALL SELECT 'non_tender:' || kd_nontender, 'HASIL_PEMILIHAN', NULL, CAST(tgl_selesai_nontender AS DATE), nilai_kontrak, NULL,
         'SPSE-NonTenderSelesai', _source_file, _record FROM isb_spse_nontenderselesai WHERE p3dn_tahap_dipilih('non_tender', kd_nontender)
  UNION ALL SELECT 'non_tender:' || kd_nontender, 'SPPBJ', no_sppbj, CAST(tgl_sppbj AS DATE), harga_final, versi_addendum,
         'SPSE-NonTenderEkontrak-1SPPBJ', _source_file, _record FROM isb_spse_nontenderekontrak_1sppbj WHERE p3dn_tahap_dipilih('non_tender', kd_nontender)
  UNION ALL SELECT 'non_tender:' || kd_nontender, 'KONTRAK', no_kontrak, CAST(tgl_kontrak AS DATE), nilai_kontrak, versi_addendum,
         'SPSE-NonTenderEkontrak-2Kontrak', _source_file, _record FROM isb_spse_nontenderekontrak_2kontrak WHERE p3dn_tahap_dipilih('non_tender', kd_nontender)
  UNION ALL SELECT 'non_tender:' || kd_nontender, 'SPMK_SPP', no_spmk_spp, CAST(tgl_spmk_spp AS DATE), NULL, versi_addendum,
         'SPSE-NonTenderEkontrak-3SPMKSPP', _source_file, _record FROM isb_spse_nontenderekontrak_3spmkspp WHERE p3dn_tahap_dipilih('non_tender', kd_nontender)
  UNION ALL SELECT 'non_tender:' || kd_nontender, 'BAP_BAST', no_bast, CAST(tgl_bast AS DATE), besar_pembayaran, versi_addendum,
         'SPSE-NonTenderEkontrak-4BAPBAST', _source_file, _record FROM isb_spse_nontenderekontrak_4bapbast WHERE p3dn_tahap_dipilih('non_tender', kd_nontender)
)
SELECT * FROM t;

CREATE TABLE IF NOT EXISTS transaksi_tahap AS
SELECT *, true AS ada_transaksi FROM p3dn_tahap_sumber LIMIT 0;
DELETE FROM transaksi_tahap WHERE NOT getvariable('p3dn_sebagian')
   OR transaksi_id IN (SELECT channel || ':' || kunci FROM p3dn_tahap_kunci);
INSERT INTO transaksi_tahap
-- (An incremental run looks up the touched transactions only: hashing every
-- transaksi_id of a 5M-row warehouse took 0.45 s of a nightly run, 0.15 s so.
-- No ORDER BY: DuckDB 1.5 sorting 2M stage rows into a table ran out of
-- memory at the 448MB default (a 5M-row full run) where the same rows
-- unsorted pass at 128MB; the rows keep the order of the sources, and
-- readers order what they need. The transactions looked up are the
-- channels that have stages, the hash table half the size.)
SELECT t.*, x.transaksi_id IS NOT NULL AS ada_transaksi
FROM p3dn_tahap_sumber t
LEFT JOIN (SELECT transaksi_id FROM transaksi
           WHERE channel IN ('tender', 'non_tender')
             AND (NOT getvariable('p3dn_sebagian') OR transaksi_id IN (SELECT channel || ':' || kunci FROM p3dn_tahap_kunci))) x
  ON x.transaksi_id = t.transaksi_id;

-- pembayaran: payments, kept apart from transaksi so that a payment-basis
-- series never mixes with the contract basis.
CREATE OR REPLACE VIEW p3dn_pembayaran_sumber AS
SELECT 'pencatatan_non_tender:' || kd_nontender_pct AS transaksi_id, 'pencatatan_non_tender' AS channel,
       jenis_realisasi AS jenis, no_realisasi AS nomor, tgl_realisasi AS tanggal, nilai_realisasi AS nilai,
       nama_penyedia AS penerima, 'SPSE-PencatatanNonTenderRealisasi' AS sumber, _source_file, _record
FROM isb_spse_pencatatannontenderrealisasi
UNION ALL
SELECT 'pencatatan_swakelola:' || kd_swakelola_pct, 'pencatatan_swakelola', jenis_realisasi, no_realisasi, tgl_realisasi,
       nilai_realisasi, nama_pelaksana, 'SPSE-PencatatanSwakelolaRealisasi', _source_file, _record
FROM isb_spse_pencatatanswakelolarealisasi
UNION ALL
SELECT 'tender:' || kd_tender, 'tender', 'BAP/BAST', no_bast, tgl_bast, besar_pembayaran, nama_penyedia,
       'SPSE-TenderEkontrak-4BAPBAST', _source_file, _record
FROM isb_spse_tenderekontrak_4bapbast WHERE besar_pembayaran IS NOT NULL
UNION ALL
SELECT 'non_tender:' || kd_nontender, 'non_tender', 'BAP/BAST', no_bast, tgl_bast, besar_pembayaran, nama_penyedia,
       'SPSE-NonTenderEkontrak-4BAPBAST', _source_file, _record
FROM isb_spse_nontenderekontrak_4bapbast WHERE besar_pembayaran IS NOT NULL;

CREATE TABLE IF NOT EXISTS pembayaran AS SELECT * FROM p3dn_pembayaran_sumber LIMIT 0;
DELETE FROM pembayaran WHERE NOT getvariable('p3dn_sebagian') OR _source_file IN (SELECT path FROM p3dn_berkas_baru);
INSERT INTO pembayaran SELECT * FROM p3dn_pembayaran_sumber
WHERE NOT getvariable('p3dn_sebagian') OR _source_file IN (SELECT path FROM p3dn_berkas_baru);

-- Free text with HTML and padding (LKPP_FORMATS quirk 10): the raw column
-- stays; a cleaned *_bersih column is added beside it, filled for the rows
-- that lack it (an incremental run cleans its new rows only).
CREATE OR REPLACE MACRO p3dn_bersih(s) AS nullif(trim(regexp_replace(
  replace(replace(replace(replace(regexp_replace(s, '<[^>]*>', ' ', 'g'), '&nbsp;', ' '), '&amp;', '&'), '&lt;', '<'), '&gt;', '>'),
  '\s+', ' ', 'g')), '');
ALTER TABLE isb_spse_pencatatannontender ADD COLUMN IF NOT EXISTS uraian_pekerjaan_bersih VARCHAR;
UPDATE isb_spse_pencatatannontender SET uraian_pekerjaan_bersih = p3dn_bersih(uraian_pekerjaan) WHERE uraian_pekerjaan_bersih IS NULL AND uraian_pekerjaan IS NOT NULL;
ALTER TABLE isb_spse_pencatatanswakelola ADD COLUMN IF NOT EXISTS uraian_pekerjaan_bersih VARCHAR;
UPDATE isb_spse_pencatatanswakelola SET uraian_pekerjaan_bersih = p3dn_bersih(uraian_pekerjaan) WHERE uraian_pekerjaan_bersih IS NULL AND uraian_pekerjaan IS NOT NULL;
ALTER TABLE isb_spse_tenderekontrak_2kontrak ADD COLUMN IF NOT EXISTS lingkup_pekerjaan_bersih VARCHAR;
UPDATE isb_spse_tenderekontrak_2kontrak SET lingkup_pekerjaan_bersih = p3dn_bersih(lingkup_pekerjaan) WHERE lingkup_pekerjaan_bersih IS NULL AND lingkup_pekerjaan IS NOT NULL;
ALTER TABLE isb_spse_nontenderekontrak_2kontrak ADD COLUMN IF NOT EXISTS lingkup_pekerjaan_bersih VARCHAR;
UPDATE isb_spse_nontenderekontrak_2kontrak SET lingkup_pekerjaan_bersih = p3dn_bersih(lingkup_pekerjaan) WHERE lingkup_pekerjaan_bersih IS NULL AND lingkup_pekerjaan IS NOT NULL;
ALTER TABLE isb_rup_paketpenyedia_terumumkan ADD COLUMN IF NOT EXISTS urarian_pekerjaan_bersih VARCHAR;
UPDATE isb_rup_paketpenyedia_terumumkan SET urarian_pekerjaan_bersih = p3dn_bersih(urarian_pekerjaan) WHERE urarian_pekerjaan_bersih IS NULL AND urarian_pekerjaan IS NOT NULL;
