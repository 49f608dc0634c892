-- Families with several missing persons (issue 13): two siblings abducted together are two slots of one
-- pedigree (MP1, MP2). A case with one missing person has no rows here (cases.missing_person says it, as
-- before); a case with several has one row per slot, position 0 being cases.missing_person. Each slot is a
-- person of the case's pedigree, so rewriting the pedigree (case_persons) drops the slots with it.
CREATE TABLE case_missing_persons (
  case_id TEXT NOT NULL,
  slot TEXT NOT NULL,
  position INTEGER NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
  -- 1: the slot's pairwise LR is the first slot's for every person (sharesFirstSlotScreen), so the first
  -- slot's screen covers it; 0: the search scores it against every open person of its sex
  screened_by_first INTEGER NOT NULL DEFAULT 0 CHECK (screened_by_first IN (0, 1)),
  PRIMARY KEY (case_id, slot),
  FOREIGN KEY (case_id, slot) REFERENCES case_persons(case_id, person_id) ON DELETE CASCADE
);

-- A pair's stored result is that of the slot where the person fits best (NULL: the case's missing person,
-- every result stored before this migration); the LR against each slot of a multi-slot case is kept beside
-- it, so each slot has its own ranked list. A result rewritten or deleted takes its slot rows with it.
ALTER TABLE match_results ADD COLUMN slot TEXT;

CREATE TABLE match_slot_results (
  case_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  slot TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('scored', 'excluded', 'sex-mismatch', 'error')),
  log10_lr REAL,
  inconsistent_loci INTEGER NOT NULL DEFAULT 0,
  compared_loci INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (case_id, slot, person_id),
  FOREIGN KEY (case_id, person_id) REFERENCES match_results(case_id, person_id) ON DELETE CASCADE
);
CREATE INDEX match_slot_results_by_slot ON match_slot_results (case_id, slot, log10_lr DESC);
CREATE INDEX match_slot_results_by_pair ON match_slot_results (case_id, person_id);
CREATE INDEX case_missing_persons_unscreened ON case_missing_persons (sex, case_id) WHERE screened_by_first = 0 AND position > 0;
