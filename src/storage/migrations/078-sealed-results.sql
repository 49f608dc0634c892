-- Stored results sealed at rest (issue 16): match_results.per_locus_json names every allele the frequency
-- table lacks (the adjustment made for it), and a rare allele points at one person; error may quote a value.
-- Both join the sealed columns (src/storage/sealed-columns.ts). SQL cannot encrypt, so this migration only
-- asks for the sealing pass again: the open that applies it (attachEncryption) seals every plain value in
-- bounded transactions, vacuums the file so no plain page survives, and marks the pass done.
UPDATE encryption_state SET plain_sealed_at = NULL;
