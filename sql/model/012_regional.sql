-- Regional rows (SIPD P3DN, provincial templates) beside LKPP's.

-- A provincial template may name the work unit without its code.
UPDATE transaksi SET kd_satker_str = s.kd_satker_str
FROM satker s
WHERE transaksi.kd_satker_str IS NULL AND transaksi.channel LIKE 'regional_%'
  AND s.kd_klpd = transaksi.kd_klpd AND upper(trim(s.nama_satker)) = upper(trim(transaksi.nama_satker));

-- Link regional rows to RUP packages through mak (sub-kegiatan + kode
-- rekening), as the regions' own P3DN tools do.
INSERT INTO transaksi_rup (transaksi_id, kd_rup, _source_file, _record)
SELECT DISTINCT t.transaksi_id, a.kd_rup, t._source_file, t._record
FROM transaksi t
JOIN (SELECT mak, kd_rup FROM isb_rup_paketanggaranpenyedia UNION SELECT mak, kd_rup FROM isb_rup_paketanggaranswakelola) a
  ON a.mak = t.mak
WHERE t.channel LIKE 'regional_%' AND t.kd_rup IS NULL
  AND NOT EXISTS (SELECT 1 FROM transaksi_rup l WHERE l.transaksi_id = t.transaksi_id AND l.kd_rup = a.kd_rup);

-- One purchase recorded in several systems counts once. The rule: a
-- regional row is the same purchase as a transaction of a system earlier
-- in the order LKPP (SPSE, e-Katalog, Toko Daring) < SIPD P3DN < other
-- regional templates when both have the same K/L/PD, the same value within
-- one rupiah (regional systems drop the sen), and the same provider NPWP (or, where neither has an NPWP, the
-- same mak). It keeps its row, marked duplikat_dari, and is left out of
-- every realisation figure.
CREATE OR REPLACE MACRO p3dn_prioritas(channel) AS
  CASE WHEN channel NOT LIKE 'regional_%' THEN 0 WHEN channel = 'regional_sipd' THEN 1 ELSE 2 END;

-- Decided afresh at every run for the regional rows a change could
-- concern: every one in a full run; in a nightly run the new regional rows,
-- those that repeated a transaction derived again (it may no longer match)
-- and those with the K/L/PD and NPWP or mak of a transaction derived again
-- (it may match now). Deciding all 100,000 regional rows of a 5M-row
-- warehouse took 0.4 s of a nightly run. The transactions a nightly run
-- derived, the new regional rows among them, are in p3dn_diturunkan (the
-- derive writes it; empty in a full run), few enough for DuckDB to hash.
CREATE OR REPLACE TEMP TABLE p3dn_regional AS
SELECT transaksi_id, kd_klpd, nilai, npwp_penyedia, mak, channel FROM transaksi
WHERE channel LIKE 'regional_%' AND (NOT getvariable('p3dn_sebagian')
   OR transaksi_id IN (SELECT transaksi_id FROM p3dn_diturunkan)
   OR duplikat_dari IN (SELECT transaksi_id FROM p3dn_transaksi_diganti))
UNION
SELECT r.transaksi_id, r.kd_klpd, r.nilai, r.npwp_penyedia, r.mak, r.channel FROM transaksi r
SEMI JOIN p3dn_diturunkan d ON d.kd_klpd = r.kd_klpd AND d.npwp_penyedia = r.npwp_penyedia
WHERE r.channel LIKE 'regional_%'
UNION
SELECT r.transaksi_id, r.kd_klpd, r.nilai, r.npwp_penyedia, r.mak, r.channel FROM transaksi r
SEMI JOIN p3dn_diturunkan d ON d.kd_klpd = r.kd_klpd AND d.mak = r.mak
WHERE r.channel LIKE 'regional_%';
UPDATE transaksi SET duplikat_dari = NULL
WHERE duplikat_dari IS NOT NULL AND transaksi_id IN (SELECT transaksi_id FROM p3dn_regional);
-- Two equality joins, one per branch of the rule: a join on the K/L/PD
-- alone with the rest as a filter compared every regional row with every
-- transaction of its K/L/PD (1.1 s at 1M rows, growing with the square).
UPDATE transaksi SET duplikat_dari = d.asli
FROM (
  SELECT transaksi_id, min(asli) AS asli FROM (
    SELECT r.transaksi_id, l.transaksi_id AS asli, l.nilai AS nl, r.nilai AS nr, l.channel AS cl, r.channel AS cr
    FROM p3dn_regional r
    JOIN transaksi l ON l.kd_klpd = r.kd_klpd AND l.npwp_penyedia = r.npwp_penyedia
    UNION ALL
    SELECT r.transaksi_id, l.transaksi_id, l.nilai, r.nilai, l.channel, r.channel
    FROM p3dn_regional r
    JOIN transaksi l ON l.kd_klpd = r.kd_klpd AND l.mak = r.mak
    WHERE l.npwp_penyedia IS NULL AND r.npwp_penyedia IS NULL
  )
  WHERE abs(nl - nr) < 1 AND p3dn_prioritas(cl) < p3dn_prioritas(cr)
  GROUP BY transaksi_id
) d
WHERE transaksi.transaksi_id = d.transaksi_id;
