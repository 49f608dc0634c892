-- Ownership, replacement history and the four-eyes review (issue 15, items 7 and 8).

-- A case or person belongs to the account that created it: a lab may replace only its own records.
-- NULL: created from the command line (an operator, no account) or the owner could not be recovered.
-- Units come later (issue 16) as a column of their own beside this one; the account stays the creator.
ALTER TABLE cases ADD COLUMN created_by INTEGER REFERENCES users(id);
ALTER TABLE unidentified_persons ADD COLUMN created_by INTEGER REFERENCES users(id);

-- Records stored before this migration: their creator is recovered from the audit trail, so a lab keeps
-- the right to correct what it uploaded. A creation is a 201 of case.create / person.create (target
-- caseId / personId), of case.replace / person.replace (target: the path's id) or of an import that
-- stored the person (the imports row and the audit entry share the file's content hash). The latest
-- creation wins: an id expunged and created again belongs to its second creator.
UPDATE cases SET created_by = (
  SELECT u.id FROM audit_log a JOIN users u ON u.name = a.actor
  WHERE a.status = 201 AND (
    (a.action = 'case.create' AND json_extract(a.target_json, '$.caseId') = cases.id) OR
    (a.action = 'case.replace' AND json_extract(a.target_json, '$.id') = cases.id))
  ORDER BY a.seq DESC LIMIT 1
);
UPDATE unidentified_persons SET created_by = (
  SELECT id FROM (
    SELECT u.id AS id, a.seq AS seq FROM audit_log a JOIN users u ON u.name = a.actor
    WHERE a.status = 201 AND (
      (a.action = 'person.create' AND json_extract(a.target_json, '$.personId') = unidentified_persons.id) OR
      (a.action = 'person.replace' AND json_extract(a.target_json, '$.id') = unidentified_persons.id))
    UNION ALL
    SELECT u.id AS id, a.seq AS seq FROM imports i, json_each(i.stored_json, '$.unidentified') j, audit_log a JOIN users u ON u.name = a.actor
    WHERE j.value = unidentified_persons.id AND a.action = 'import.upload' AND a.status = 201
      AND json_extract(a.target_json, '$.contentHash') = i.content_hash AND a.at >= i.created_at
  ) ORDER BY seq DESC LIMIT 1
);

-- The versions a replacement (PUT) superseded: the record as it was stored (pedigree, references and their
-- genotypes, or the person's profile and what was known of them), who replaced it and when. It holds
-- genotypes, so expungement removes it with the record (src/storage/expunge.ts).
CREATE TABLE case_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  version_json TEXT NOT NULL,
  replaced_by INTEGER REFERENCES users(id),
  replaced_at TEXT NOT NULL
);
CREATE INDEX case_history_by_case ON case_history (case_id, id);

CREATE TABLE person_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  person_id TEXT NOT NULL REFERENCES unidentified_persons(id) ON DELETE CASCADE,
  version_json TEXT NOT NULL,
  replaced_by INTEGER REFERENCES users(id),
  replaced_at TEXT NOT NULL
);
CREATE INDEX person_history_by_person ON person_history (person_id, id);

-- Reviews gain a reopen decision, the four-eyes step of a confirmation and the override of the standard's
-- decision. SQLite cannot change a CHECK, so the table is rebuilt with its rows. A confirmation made
-- before this migration closed the pair on one caseworker's word: it is kept as 'single', never as a
-- second confirmation nobody gave.
CREATE TABLE reviews_062 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  person_id TEXT NOT NULL REFERENCES unidentified_persons(id) ON DELETE CASCADE,
  decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected', 'reopened')),
  note TEXT NOT NULL DEFAULT '',
  reviewer TEXT,
  log10_lr REAL,                     -- the LR the reviewer saw
  -- confirmations only: 'first' awaits a second caseworker, 'second' closes the pair, 'single' is pre-062
  confirmation TEXT CHECK ((decision = 'confirmed') = (confirmation IS NOT NULL) AND confirmation IN ('first', 'second', 'single')),
  lr_decision TEXT,                  -- the standard's decision the reviewer saw: supported, inconclusive, excluded
  override_reason TEXT CHECK (override_reason IS NULL OR length(trim(override_reason)) > 0),
  created_at TEXT NOT NULL
);
INSERT INTO reviews_062 (id, case_id, person_id, decision, note, reviewer, log10_lr, confirmation, created_at)
  SELECT id, case_id, person_id, decision, note, reviewer, log10_lr, CASE decision WHEN 'confirmed' THEN 'single' END, created_at FROM reviews;
DROP TABLE reviews;
ALTER TABLE reviews_062 RENAME TO reviews;
CREATE INDEX reviews_by_pair ON reviews (case_id, person_id);
