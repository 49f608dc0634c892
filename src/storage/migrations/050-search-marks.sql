-- Which cases and persons have been searched against the whole other side, and under what (issue 5).
-- With the screen in front of the engine, only pairs that may reach the candidate floor are stored, so a
-- missing result no longer says "not compared": these marks do. search_key holds the record's input hash,
-- the model (for a case: table version and model version) and the floor; a mark whose key differs from
-- the current one is stale and the record is searched again by the next rerun.
CREATE TABLE case_search_marks (
  case_id TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  search_key TEXT NOT NULL,
  searched_at TEXT NOT NULL
);

CREATE TABLE person_search_marks (
  person_id TEXT PRIMARY KEY REFERENCES unidentified_persons(id) ON DELETE CASCADE,
  search_key TEXT NOT NULL,
  searched_at TEXT NOT NULL
);

-- The searches a rerun makes, planned with its pairs: marked when the rerun is done (resumable like the pairs).
CREATE TABLE rerun_searches (
  rerun_id INTEGER NOT NULL REFERENCES reruns(id) ON DELETE CASCADE,
  case_id TEXT,
  person_id TEXT,
  search_key TEXT NOT NULL,
  CHECK ((case_id IS NULL) <> (person_id IS NULL))
);
CREATE INDEX rerun_searches_by_rerun ON rerun_searches (rerun_id);
