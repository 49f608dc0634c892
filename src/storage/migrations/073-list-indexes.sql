-- The caseworker's lists of cases and persons (issue 10): newest first, optionally by status, read a page
-- at a time along these indexes instead of sorting the whole table on every request (10^5 cases, 10^6 persons).
CREATE INDEX cases_by_created ON cases (created_at, id);
CREATE INDEX cases_by_status_created ON cases (status, created_at, id);
CREATE INDEX unidentified_persons_by_created ON unidentified_persons (created_at, id);
CREATE INDEX unidentified_persons_by_status_created ON unidentified_persons (status, created_at, id);
