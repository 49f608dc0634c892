-- Screening tables sealed at rest (issue 16): a family's table holds the codes of its references' alleles
-- (S), and the codes are computed from the public frequency table (src/core/screening/allele-codebook.ts),
-- so anyone with the file could read the references' genotypes back, and the bound values betray the
-- alleles' frequencies too. The three columns become one sealed value (s_count | s_alleles | bound_values,
-- src/runs/scan-index-store.ts); only their lengths stay plain, to size the shared buffers before reading.
-- The tables are a cache (rebuilt for every open case without a valid one), so the old rows go, their
-- pages zeroed (secure_delete), instead of being converted.
PRAGMA secure_delete = ON;
DROP TABLE screening_tables;
CREATE TABLE screening_tables (
  case_id TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  case_input_hash TEXT NOT NULL,
  model_key TEXT NOT NULL,           -- options, frequency table version and allele dictionary the codes refer to
  s_length INTEGER NOT NULL,         -- bytes of the allele codes of S
  value_count INTEGER NOT NULL,      -- Float32 exact values and bounds
  sealed_table BLOB NOT NULL,        -- sealed (field-cipher) base64 of s_count | s_alleles | bound_values (little-endian)
  built_at TEXT NOT NULL
);
CREATE INDEX screening_tables_by_model ON screening_tables (model_key);
PRAGMA secure_delete = OFF;
