-- Ingest: one row per committed upload that stored something. Used for idempotency (the same bytes
-- committed again store nothing new and point back here) and for the technician's history.
-- Only sample ids are kept here, never genotypes.
CREATE TABLE imports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),  -- sha256 of the file's bytes
  file_name TEXT NOT NULL,
  format TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('all-or-nothing', 'accepted-only')),
  stored_json TEXT NOT NULL,         -- {unidentified: [id], references: [{caseId, personId, sampleId}], frequencyTables: [{id, version}]}
  created_at TEXT NOT NULL
);
CREATE INDEX imports_by_content_hash ON imports (content_hash);
