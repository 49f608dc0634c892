-- Family power (issue 12): what a family's typed references can do, computed for every case on entry and
-- again whenever its references, its frequency table or the model change. Figures only, never a genotype:
-- probabilities, expected log10 LRs, the relatives worth sampling next (by relation). Each row keeps the
-- inputs it was computed from (the case's input hash, and the model key: table version, model version and
-- power method), so a value computed from other inputs is recognised as stale, never served as current,
-- and computed again. Removed with its case (expungement lists it; ON DELETE CASCADE besides).
CREATE TABLE family_power (
  case_id TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  case_hash TEXT NOT NULL,
  frequency_table_id TEXT NOT NULL,
  frequency_table_version TEXT NOT NULL,
  model_version TEXT NOT NULL,
  method_version TEXT NOT NULL,
  -- '<table version> <model version> <method version>': what the sweep compares with today's in SQL
  model_key TEXT NOT NULL,
  -- 'ready': figures hold the result; 'failed': the computation refused the family (error says why)
  status TEXT NOT NULL CHECK (status IN ('ready', 'failed')),
  -- P(LR >= 10^4 | the true child), the figure the weak-case list reads (midpoint of its bounds)
  p_match REAL CHECK (p_match BETWEEN 0 AND 1),
  -- what the best next relative would add to p_match; null when no relative can be added
  best_gain REAL,
  figures_json TEXT,
  error TEXT,
  computed_at TEXT NOT NULL,
  CHECK ((status = 'ready') = (figures_json IS NOT NULL AND p_match IS NOT NULL)),
  CHECK ((status = 'failed') = (error IS NOT NULL))
);
-- The weak-case list, best gain first (the default order) or weakest first, reads along these.
CREATE INDEX family_power_by_gain ON family_power (best_gain DESC, case_id);
CREATE INDEX family_power_by_power ON family_power (p_match, case_id);
