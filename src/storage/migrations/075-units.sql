-- Units (issue 16): the organisation a record or an account belongs to, a tree of any depth
-- (ministry → province → city lab → ...). Who may see what is decided in one place, src/storage/unit-scope.ts.

-- Unit 1 is the national (root) level, created here; every other unit has a parent, so there is one tree.
-- level is the organisation's own word for the tier ('national', 'province', 'city', ...), shown, never
-- used by a rule: the rules follow the tree, whatever its depth.
CREATE TABLE units (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  parent_id INTEGER REFERENCES units(id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  level TEXT NOT NULL CHECK (length(level) BETWEEN 1 AND 40),
  created_at TEXT NOT NULL,
  CHECK ((id = 1) = (parent_id IS NULL)),
  CHECK (parent_id IS NULL OR parent_id <> id),
  UNIQUE (parent_id, name)
);
CREATE INDEX units_by_parent ON units (parent_id);
INSERT INTO units (id, parent_id, name, level, created_at) VALUES (1, NULL, 'National', 'national', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- The unit of an account (its tokens and sessions act in it: a token has no unit of its own, so moving
-- an account moves what its tokens may see), of a case and of an unidentified person. SQLite adds a
-- column with REFERENCES only with a NULL default, so the existing rows are given the root here and
-- a row inserted without a unit (an operator's `homeward import`, a bulk loader) gets the root by the
-- triggers below: every row belongs to a unit, and nothing written before this migration is lost to view.
ALTER TABLE users ADD COLUMN unit_id INTEGER REFERENCES units(id);
ALTER TABLE cases ADD COLUMN unit_id INTEGER REFERENCES units(id);
ALTER TABLE unidentified_persons ADD COLUMN unit_id INTEGER REFERENCES units(id);
UPDATE users SET unit_id = 1;
UPDATE cases SET unit_id = 1;
UPDATE unidentified_persons SET unit_id = 1;

CREATE TRIGGER users_unit_default AFTER INSERT ON users WHEN NEW.unit_id IS NULL
BEGIN
  UPDATE users SET unit_id = 1 WHERE id = NEW.id;
END;
CREATE TRIGGER cases_unit_default AFTER INSERT ON cases WHEN NEW.unit_id IS NULL
BEGIN
  UPDATE cases SET unit_id = 1 WHERE id = NEW.id;
END;
CREATE TRIGGER unidentified_persons_unit_default AFTER INSERT ON unidentified_persons WHEN NEW.unit_id IS NULL
BEGIN
  UPDATE unidentified_persons SET unit_id = 1 WHERE id = NEW.id;
END;
CREATE TRIGGER users_unit_required BEFORE UPDATE OF unit_id ON users WHEN NEW.unit_id IS NULL
BEGIN
  SELECT RAISE(ABORT, 'users.unit_id: an account always belongs to a unit');
END;
CREATE TRIGGER cases_unit_required BEFORE UPDATE OF unit_id ON cases WHEN NEW.unit_id IS NULL
BEGIN
  SELECT RAISE(ABORT, 'cases.unit_id: a case always belongs to a unit');
END;
CREATE TRIGGER unidentified_persons_unit_required BEFORE UPDATE OF unit_id ON unidentified_persons WHEN NEW.unit_id IS NULL
BEGIN
  SELECT RAISE(ABORT, 'unidentified_persons.unit_id: a person always belongs to a unit');
END;

-- The lists of a unit below the root read a page along these (the root's lists keep migration 073's).
CREATE INDEX cases_by_unit_created ON cases (unit_id, created_at, id);
CREATE INDEX cases_by_unit_status_created ON cases (unit_id, status, created_at, id);
CREATE INDEX unidentified_persons_by_unit_created ON unidentified_persons (unit_id, created_at, id);
CREATE INDEX unidentified_persons_by_unit_status_created ON unidentified_persons (unit_id, status, created_at, id);
CREATE INDEX users_by_unit ON users (unit_id);
