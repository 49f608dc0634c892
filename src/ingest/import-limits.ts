/**
 * The importer's bounds, in one place. A lab export is read from an untrusted upload on the service's
 * own thread, so every size that the file itself states or that grows with it is checked against one
 * of these BEFORE anything is allocated for it; a file beyond a bound is refused (UNREADABLE_FILE or
 * PAYLOAD_TOO_LARGE) with the bound, the count and the line or element where it was hit. Each bound
 * sits far above what real exports hold (noted per constant), so only hostile or broken files meet it.
 */

/** Largest file read at all (bytes). Lab exports are kilobytes, a national batch a few megabytes. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024

/** Longest line of a text file (characters). The widest real export row we hold has 1,228. */
export const MAX_LINE_CHARS = 64 * 1024

/** Most cells in one table row. GeneMapper ID-X exports with sizes and heights reach about 320. */
export const MAX_COLUMNS = 2_000

/**
 * Most data rows in one table (blank lines not counted). One row per sample and marker, so 10^6 rows
 * is a batch of about 40,000 samples; previewing it takes about 500 MB today (rows, samples, refusals).
 */
export const MAX_TABLE_ROWS = 1_000_000

/** Most samples in one file: bounds the preview answer, which lists every sample with its loci. */
export const MAX_SAMPLES = 100_000

/** Most lines in a Familias file (a database of 50 loci × 100 alleles is about 10,000). */
export const MAX_FAMILIAS_LINES = 1_000_000

/** Most persons in a Familias file's person list, and in one pedigree (listed persons + extras). */
export const MAX_FAMILIAS_PERSONS = 1_000

/** Most pedigrees in one Familias file (a case compares a few hypotheses). */
export const MAX_PEDIGREES = 1_000

/**
 * Most persons summed over all the pedigrees of a file. Every Familias pedigree repeats the whole
 * person list, so this is what bounds pedigrees × persons (and the pedigrees in the preview answer).
 */
export const MAX_PEDIGREE_PERSONS_TOTAL = 100_000

/** Most loci in a Familias database, and typed markers of one person (STR kits type 15–30). */
export const MAX_LOCI = 1_000

/** Most alleles of one locus in a Familias database (real STR loci list under 100). */
export const MAX_ALLELES_PER_LOCUS = 1_000

/**
 * Most elements in one XML file. A CMF specimen of 24 loci is about 150 elements and the parser's tree
 * takes about 400 bytes per element, so this is about 3,300 specimens and 200 MB.
 */
export const MAX_XML_ELEMENTS = 500_000

/** Most attributes on one XML element (CMF elements carry one or two). */
export const MAX_XML_ATTRIBUTES = 64

/** Sample ids longer than this are not matched against a naming rule (bounds the regex work). */
export const MAX_RULE_INPUT = 200

/**
 * Largest naming rule, as RE2 counts its compiled program. Matching costs about program size × id
 * length, so this bounds the work per sample (real rules are 20–100; `FAM\d+-\d+-[A-Z]+` is 21).
 */
export const MAX_RULE_PROGRAM_SIZE = 300
