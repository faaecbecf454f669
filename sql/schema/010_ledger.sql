-- Run ledger, input files and rejects. History of runs and files is carried
-- over from the previous warehouse at every run.
CREATE TABLE runs (
  run_id          VARCHAR PRIMARY KEY,   -- e.g. 20261126T193012Z-4821
  mulai           TIMESTAMP NOT NULL,    -- start (UTC)
  selesai         TIMESTAMP,             -- end (UTC)
  status          VARCHAR NOT NULL,      -- ok | ok_with_rejects | failed | killed
  versi           VARCHAR,               -- p3dn version
  inbox           VARCHAR,
  mode            VARCHAR,               -- penuh (full rebuild) | inkremental
  tahap           VARCHAR,               -- last stage reached (for failed and killed runs)
  file_dilewati   BIGINT,                -- files skipped as already loaded
  jumlah_file     BIGINT,
  baris_dibaca    BIGINT,                -- records read
  baris_dimuat    BIGINT,                -- records loaded
  baris_ditolak   BIGINT,                -- records rejected
  nilai_ditolak   BIGINT,                -- values set to NULL in loaded records
  transaksi       BIGINT,                -- rows in transaksi
  exit_code       INTEGER,
  pesan           VARCHAR
);

CREATE TABLE source_files (
  run_id          VARCHAR NOT NULL,
  path            VARCHAR NOT NULL,      -- as found in the inbox, relative to it
  sha256          VARCHAR NOT NULL,
  bytes           BIGINT NOT NULL,
  service         VARCHAR,               -- recognised ISB service, NULL if unrecognised
  tabel           VARCHAR,               -- staging table the rows went to
  status          VARCHAR NOT NULL,      -- loaded | skipped | no_data | unrecognised | failed | truncated
  catatan         VARCHAR,               -- why, in words
  baris_dibaca    BIGINT NOT NULL,
  baris_dimuat    BIGINT NOT NULL,
  baris_ditolak   BIGINT NOT NULL,
  nilai_ditolak   BIGINT NOT NULL,
  baris_dilewati  BIGINT NOT NULL DEFAULT 0, -- rows that are not records to load: other years with --tahun, subtotal rows
  transaksi       BIGINT NOT NULL,       -- transaksi rows derived from this file
  waktu_ubah_ns   BIGINT                 -- the file's modification time (Unix ns): path, size and this unchanged mean the same file
);

CREATE TABLE rejects (
  run_id          VARCHAR NOT NULL,
  source_file     VARCHAR NOT NULL,
  record_no       BIGINT NOT NULL,       -- 1-based record in the file; 0 = the file itself
  byte_offset     BIGINT,
  field           VARCHAR,               -- NULL when the record or file is the problem
  raw_value       VARCHAR,
  alasan          VARCHAR NOT NULL,      -- reason
  tindakan        VARCHAR NOT NULL       -- record_rejected | value_nulled | file_unreadable
);

-- Facts about the warehouse itself: 'skema' is the layout fingerprint; a
-- warehouse of another layout is rebuilt in full.
CREATE TABLE p3dn_meta (kunci VARCHAR PRIMARY KEY, nilai VARCHAR);

-- Realisation target per K/L/PD and year (percent of komitmen). kd_klpd '*'
-- is the default for every K/L/PD; a year of 0 applies to every year.
CREATE TABLE target_p3dn (
  tahun_anggaran  INTEGER NOT NULL,
  kd_klpd         VARCHAR NOT NULL,
  target_persen   DECIMAL(5,2) NOT NULL,
  sumber          VARCHAR
);
INSERT INTO target_p3dn VALUES (0, '*', 80, 'Default p3dn: target Perjanjian Kinerja DKI Jakarta 2023 (Bisnis.com 17 Okt 2023)');
