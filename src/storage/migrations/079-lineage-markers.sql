-- Lineage markers (issue 14): a person's and a reference's Y-STR haplotype and mtDNA profile, beside the
-- autosomal profile. Genotypes, so sealed at rest like profile_json (src/storage/sealed-columns.ts); NULL
-- means not typed for that system. They live in the rows of their record, so an expungement (which
-- deletes the rows) and the history (whole records, sealed) take them with the rest.
ALTER TABLE unidentified_persons ADD COLUMN y_haplotype_json BLOB;
ALTER TABLE unidentified_persons ADD COLUMN mt_dna_json BLOB;
ALTER TABLE reference_profiles ADD COLUMN y_haplotype_json BLOB;
ALTER TABLE reference_profiles ADD COLUMN mt_dna_json BLOB;

-- The lineage figures of a pair, stored beside the autosomal one and never folded into it: log10 of the
-- Y-STR LR and of the mtDNA LR (NULL: not evaluated, no reference of the case on that line or a side
-- untyped), the combined log10 LR used in ranking (autosomal + lineage systems, independent given the
-- pedigree), and the figures behind them as JSON (line references, meioses, differences counted,
-- haplotype counts; never a haplotype or an allele).
ALTER TABLE match_results ADD COLUMN y_log10_lr REAL;
ALTER TABLE match_results ADD COLUMN mt_log10_lr REAL;
ALTER TABLE match_results ADD COLUMN combined_log10_lr REAL;
ALTER TABLE match_results ADD COLUMN lineage_json TEXT;
