-- The matching service's schema: frequency tables, family cases with their pedigree and reference
-- profiles, unidentified persons, match results, reviews and resumable reruns.
-- Profiles are stored canonical (locus names from lookupLocus, canonical alleles) as JSON: locus → [a, b].

CREATE TABLE frequency_tables (
  id TEXT NOT NULL,                  -- population key, e.g. 'nist1036_asian'
  version TEXT NOT NULL,             -- a new version is a new row; results record the version they used
  population TEXT NOT NULL,
  source TEXT NOT NULL,              -- provenance, human-readable
  loci_json TEXT NOT NULL,           -- canonical locus → {alleles, frequencies, sampleSize?}
  content_hash TEXT NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  created_at TEXT NOT NULL,
  PRIMARY KEY (id, version)
);

CREATE TABLE cases (
  id TEXT PRIMARY KEY,               -- the case's external id
  missing_person TEXT NOT NULL,      -- id of the MP slot in case_persons
  missing_person_sex TEXT NOT NULL CHECK (missing_person_sex IN ('male', 'female')),
  born TEXT,
  missing_since TEXT,
  frequency_table_id TEXT NOT NULL,  -- population; the current version of it is used
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  input_hash TEXT NOT NULL,          -- hash of pedigree + reference profiles + table id
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE case_persons (
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  person_id TEXT NOT NULL,
  position INTEGER NOT NULL,         -- the order given, kept for reports
  sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
  father TEXT,
  mother TEXT,
  relation TEXT,                     -- when built from the relatives form: 'father', 'full-sibling', ...
  PRIMARY KEY (case_id, person_id)
);

CREATE TABLE reference_profiles (
  case_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  profile_json TEXT NOT NULL,
  sample_id TEXT,                    -- the lab's sample id, when it differs from the pedigree id
  amelogenin_json TEXT,              -- e.g. ["X","Y"]: a sex check, never part of the LR
  created_at TEXT NOT NULL,
  PRIMARY KEY (case_id, person_id),
  FOREIGN KEY (case_id, person_id) REFERENCES case_persons(case_id, person_id) ON DELETE CASCADE
);

CREATE TABLE unidentified_persons (
  id TEXT PRIMARY KEY,               -- the external sample id
  sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
  estimated_birth_year INTEGER,
  found_place TEXT,
  found_date TEXT,
  profile_json TEXT NOT NULL,
  amelogenin_json TEXT,              -- e.g. ["X","Y"]: a sex check, never part of the LR
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  input_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- One row per (case, person) pair compared. log10_lr is NULL for an exclusion (LR 0) and for pairs
-- that were not scored (status 'sex-mismatch': not a candidate; 'error': the engine refused the pair,
-- e.g. references impossible in the pedigree, with the message in `error`).
CREATE TABLE match_results (
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  person_id TEXT NOT NULL REFERENCES unidentified_persons(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('scored', 'excluded', 'sex-mismatch', 'error')),
  log10_lr REAL,
  inconsistent_loci INTEGER NOT NULL DEFAULT 0,
  compared_loci INTEGER NOT NULL DEFAULT 0,
  per_locus_json TEXT NOT NULL,      -- [{locus, log10Lr, class, adjustments}]
  loci_not_evaluated_json TEXT NOT NULL DEFAULT '[]',  -- typed on both sides but absent from the table
  error TEXT,
  model_version TEXT NOT NULL,
  frequency_table_id TEXT NOT NULL,
  frequency_table_version TEXT NOT NULL,
  input_hash TEXT NOT NULL,          -- hash of every input of this pair's computation
  rerun_id INTEGER,                  -- the rerun that wrote this row, if any
  computed_at TEXT NOT NULL,
  PRIMARY KEY (case_id, person_id)
);
CREATE INDEX match_results_by_person ON match_results (person_id, log10_lr DESC);
CREATE INDEX match_results_by_case ON match_results (case_id, log10_lr DESC);

CREATE TABLE reviews (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  person_id TEXT NOT NULL REFERENCES unidentified_persons(id) ON DELETE CASCADE,
  decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
  note TEXT NOT NULL DEFAULT '',
  reviewer TEXT,
  log10_lr REAL,                     -- the LR the reviewer saw
  created_at TEXT NOT NULL
);
CREATE INDEX reviews_by_pair ON reviews (case_id, person_id);

CREATE TABLE reruns (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'cancelled', 'done', 'failed')),
  reason TEXT NOT NULL DEFAULT '',
  scope TEXT NOT NULL DEFAULT 'changed' CHECK (scope IN ('changed', 'all')),
  total INTEGER NOT NULL DEFAULT 0,
  done INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  updated_at TEXT NOT NULL
);

-- The pairs a rerun must score, planned up front. A pair's `done` flag, its result and the rerun's
-- `done` counter are written in one transaction, so after a crash a resume scores exactly the rest.
CREATE TABLE rerun_pairs (
  rerun_id INTEGER NOT NULL REFERENCES reruns(id) ON DELETE CASCADE,
  case_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
  scored_count INTEGER NOT NULL DEFAULT 0,   -- how many times a result was committed (must end at 1)
  previous_status TEXT,                      -- the result before the rerun (NULL: none), for the diff
  previous_log10_lr REAL,
  PRIMARY KEY (rerun_id, case_id, person_id)
);
CREATE INDEX rerun_pairs_pending ON rerun_pairs (rerun_id, done);
