-- Screening allele codes are computed from the frequency table (src/core/screening/allele-codebook.ts)
-- instead of being handed out first come, first served and stored (issue 15): a stored codebook could be
-- used up by a client, had to be written while the screen was reading, and kept the rare alleles of
-- expunged persons. The codebook goes, its pages overwritten (secure_delete, back to the default after),
-- since a rare allele is personal data; the screening tables built with its codes go too and are rebuilt.
PRAGMA secure_delete = ON;
DELETE FROM screening_tables;
DROP TABLE screening_alleles;
PRAGMA secure_delete = OFF;
