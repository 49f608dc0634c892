-- The caseworker's inbox (issue 10): who follows a case, the alerts the searches raise, and who read them.

-- A case's assignee: the caseworker its alerts go to. One per case; a case without one is in the shared
-- queue every caseworker sees.
CREATE TABLE case_assignments (
  case_id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  assigned_at TEXT NOT NULL,
  assigned_by TEXT NOT NULL
);
CREATE INDEX case_assignments_by_user ON case_assignments (user_id);

-- An alert: a stored result that made a pair a candidate (LR at or above the candidate floor) or a match
-- (at or above the threshold), from the search on entry or a rerun. Identifiers and figures only.
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('new-candidate', 'new-match', 'crossed-threshold')),
  log10_lr REAL NOT NULL,
  previous_log10_lr REAL,
  source TEXT NOT NULL CHECK (source IN ('search', 'rerun')),
  rerun_id INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX alerts_by_case ON alerts (case_id, id);
CREATE INDEX alerts_by_person ON alerts (person_id);

CREATE TABLE alert_reads (
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  read_at TEXT NOT NULL,
  PRIMARY KEY (alert_id, user_id)
);
