-- National-scale screening (issue 5): each family case's compact screening table (src/core/screening-table.ts),
-- kept so that a restart loads the index in seconds instead of recomputing every case's genotype tables with
-- the engine (milliseconds per case, hours for 10^6 cases). A table is valid only for the case inputs and the
-- model it was built from: rows whose case_input_hash differs from cases.input_hash, or whose model_key
-- differs from the running model, are ignored and rebuilt.
CREATE TABLE screening_tables (
  case_id TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  case_input_hash TEXT NOT NULL,
  model_key TEXT NOT NULL,           -- options, frequency table version and allele dictionary the codes refer to
  s_count BLOB NOT NULL,             -- Uint8 per locus: |S|, the number of reference alleles kept
  s_alleles BLOB NOT NULL,           -- Uint8 allele codes of S, loci in order
  bound_values BLOB NOT NULL,        -- Float32 (little-endian) exact values and bounds, rounded up
  built_at TEXT NOT NULL
);
CREATE INDEX screening_tables_by_model ON screening_tables (model_key);
