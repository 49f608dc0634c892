-- Joint identification in the service (issue 13): what the identification concludes, per missing-person slot and
-- per unidentified person, recomputed for the components a search or a rerun changed and replaced in one
-- transaction. Only slots and persons with a link (a stored LR above the floor, not excluded) have a row; a
-- component is named by a hash of its members (so no row names an expunged member). Identifiers and figures only.
CREATE TABLE slot_identifications (
  case_id TEXT NOT NULL,
  slot TEXT NOT NULL,
  component_id TEXT NOT NULL,
  -- the person the best assignment puts in this slot (NULL: left empty, its persons are better placed elsewhere)
  person_id TEXT,
  log10_lr REAL,
  -- best assignment over the best one without this pair (unseen competitors at their ceiling)
  log10_glr REAL,
  conclusion TEXT NOT NULL CHECK (conclusion IN ('Undisputed', 'Match (GLR)', 'Symmetric match', 'Probable',
    'Inconclusive', 'Disputed', 'No match', 'Excluded', 'Nonidentifiable')),
  -- flat prior over the component's assignments; NULL when too many to enumerate
  posterior REAL,
  competitor_case_id TEXT,
  competitor_slot TEXT,
  competitor_person_id TEXT,
  competitor_log10_lr REAL,
  -- 0: the component was too large to search jointly, concluded by pairwise LRs
  joint INTEGER NOT NULL,
  model_version TEXT NOT NULL,
  frequency_table_id TEXT NOT NULL,
  frequency_table_version TEXT NOT NULL,
  computed_at TEXT NOT NULL,
  PRIMARY KEY (case_id, slot)
);
CREATE INDEX slot_identifications_by_component ON slot_identifications (component_id);

CREATE TABLE person_identifications (
  person_id TEXT PRIMARY KEY,
  component_id TEXT NOT NULL,
  case_id TEXT,
  slot TEXT,
  log10_lr REAL,
  log10_glr REAL,
  conclusion TEXT NOT NULL CHECK (conclusion IN ('Undisputed', 'Match (GLR)', 'Symmetric match', 'Probable',
    'Inconclusive', 'Disputed', 'No match', 'Excluded', 'Nonidentifiable')),
  posterior REAL,
  competitor_case_id TEXT,
  competitor_slot TEXT,
  competitor_person_id TEXT,
  competitor_log10_lr REAL,
  joint INTEGER NOT NULL,
  -- of the pair concluded on (NULL when the person is placed nowhere)
  model_version TEXT,
  frequency_table_id TEXT,
  frequency_table_version TEXT,
  computed_at TEXT NOT NULL
);
CREATE INDEX person_identifications_by_component ON person_identifications (component_id);

-- An expunged case or person takes its whole components with it (their rows may name it), and the other members
-- are queued here to be identified again once the expungement has committed (src/runs/identification-service.ts).
CREATE TABLE identification_pending (
  kind TEXT NOT NULL CHECK (kind IN ('case', 'person')),
  id TEXT NOT NULL,
  slot TEXT NOT NULL DEFAULT '',
  -- a slot's conclusion before (for its alert); never the person it named, who may be the one expunged
  previous_conclusion TEXT,
  PRIMARY KEY (kind, id, slot)
);
CREATE TRIGGER identification_person_removed AFTER DELETE ON unidentified_persons BEGIN
  INSERT OR IGNORE INTO identification_pending (kind, id, slot, previous_conclusion)
    SELECT 'case', case_id, slot, conclusion FROM slot_identifications
      WHERE component_id IN (SELECT component_id FROM person_identifications WHERE person_id = OLD.id)
    UNION SELECT 'person', person_id, '', NULL FROM person_identifications
      WHERE person_id <> OLD.id AND component_id IN (SELECT component_id FROM person_identifications WHERE person_id = OLD.id);
  DELETE FROM slot_identifications WHERE component_id IN (SELECT component_id FROM person_identifications WHERE person_id = OLD.id);
  DELETE FROM person_identifications WHERE component_id IN (SELECT component_id FROM person_identifications WHERE person_id = OLD.id);
  DELETE FROM identification_pending WHERE kind = 'person' AND id = OLD.id;
END;
CREATE TRIGGER identification_case_removed AFTER DELETE ON cases BEGIN
  INSERT OR IGNORE INTO identification_pending (kind, id, slot, previous_conclusion)
    SELECT 'person', person_id, '', NULL FROM person_identifications
      WHERE component_id IN (SELECT component_id FROM slot_identifications WHERE case_id = OLD.id)
    UNION SELECT 'case', case_id, slot, conclusion FROM slot_identifications
      WHERE case_id <> OLD.id AND component_id IN (SELECT component_id FROM slot_identifications WHERE case_id = OLD.id);
  DELETE FROM person_identifications WHERE component_id IN (SELECT component_id FROM slot_identifications WHERE case_id = OLD.id);
  DELETE FROM slot_identifications WHERE component_id IN (SELECT component_id FROM slot_identifications WHERE case_id = OLD.id);
  DELETE FROM identification_pending WHERE kind = 'case' AND id = OLD.id;
END;

-- A case's conclusion changed (e.g. Inconclusive → Match (GLR), or a Disputed appears): a new kind of alert,
-- naming the person concluded on (or, when none is any more, the one before). SQLite cannot change a CHECK,
-- so the table is rebuilt; its read marks are copied first, since dropping it would cascade to them.
CREATE TABLE alerts_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('new-candidate', 'new-match', 'crossed-threshold', 'identification-changed')),
  log10_lr REAL NOT NULL,
  previous_log10_lr REAL,
  source TEXT NOT NULL CHECK (source IN ('search', 'rerun')),
  rerun_id INTEGER,
  created_at TEXT NOT NULL,
  slot TEXT,
  conclusion TEXT,
  previous_conclusion TEXT
);
INSERT INTO alerts_new (id, case_id, person_id, kind, log10_lr, previous_log10_lr, source, rerun_id, created_at)
  SELECT id, case_id, person_id, kind, log10_lr, previous_log10_lr, source, rerun_id, created_at FROM alerts;
CREATE TABLE alert_reads_new (
  alert_id INTEGER NOT NULL REFERENCES alerts_new(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  read_at TEXT NOT NULL,
  PRIMARY KEY (alert_id, user_id)
);
INSERT INTO alert_reads_new SELECT alert_id, user_id, read_at FROM alert_reads;
DROP TABLE alert_reads;
DROP TABLE alerts;
-- the rename rewrites alert_reads_new's reference to the new name
ALTER TABLE alerts_new RENAME TO alerts;
ALTER TABLE alert_reads_new RENAME TO alert_reads;
CREATE INDEX alerts_by_case ON alerts (case_id, id);
CREATE INDEX alerts_by_person ON alerts (person_id);
