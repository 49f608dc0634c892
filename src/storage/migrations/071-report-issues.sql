-- Report numbers (issue 10): what a court cites. A case/person pair gets one number the first time its
-- report is produced, HW-<year>-<6 digits> from this table's never-reused row ids; each distinct set of
-- findings (content hash) of the pair is a new version of that number, issued once by the account that
-- first produced it. The same findings asked for again, in any language or format, are the same version.
-- Identifiers only, no genotype; removed with the case or the person by expungement.
CREATE TABLE report_issues (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  person_id TEXT NOT NULL REFERENCES unidentified_persons(id) ON DELETE CASCADE,
  content_hash TEXT NOT NULL,
  report_number TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  analyst TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  UNIQUE (case_id, person_id, content_hash),
  UNIQUE (report_number, version)
);
CREATE INDEX report_issues_by_person ON report_issues (person_id);
