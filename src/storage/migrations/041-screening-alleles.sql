-- Stable codes for alleles that profiles carry but the frequency table lacks (issue 5): the screening index
-- stores allele codes, so a code handed out once must mean the same allele after a restart. Codes of the
-- table's own alleles are their positions in the table; these extra codes follow them. They belong to one
-- frequency table version (table_key): a new version starts afresh, and its screening tables are rebuilt.
CREATE TABLE screening_alleles (
  table_key TEXT NOT NULL,
  locus TEXT NOT NULL,
  allele TEXT NOT NULL,
  code INTEGER NOT NULL CHECK (code BETWEEN 0 AND 254),
  PRIMARY KEY (table_key, locus, allele),
  UNIQUE (table_key, locus, code)
);
