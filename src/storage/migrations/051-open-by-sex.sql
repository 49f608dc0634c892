-- The screen's counts (open entries of a sex: the N of N/t beside every search and candidate list) and the
-- list of frequency tables in use, without a scan of 10^6 rows each time.
CREATE INDEX unidentified_persons_open_by_sex ON unidentified_persons (status, sex);
CREATE INDEX cases_open_by_sex ON cases (status, missing_person_sex);
CREATE INDEX cases_open_by_table ON cases (status, frequency_table_id);
