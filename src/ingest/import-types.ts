import type { FrequencyTable } from '../core/markers/frequency-table.ts'
import type { LocusName } from '../core/markers/locus.ts'
import type { Pedigree } from '../core/pedigree/pedigree.ts'
import type { Genotype, Sex } from '../core/markers/profile.ts'

/** The file formats the importer recognises (one name per layout, shown to the technician). */
export type ImportFormat =
  | 'genemapper-long'
  | 'genemapper-wide'
  | 'codis-cmf'
  | 'codis-csv'
  | 'familias-fam'
  | 'familias-frequencies'
  | 'frequency-matrix'
  | 'frequency-long'
  | 'frequency-multi'
  | 'strider-xml'
  | 'empop-text'

/** Where in the file something came from: a 1-based line, or an XML element path. */
export interface Origin {
  line?: number
  element?: string
}

/** A locus the importer could not accept for this sample, and why. */
export interface LocusRefusal extends Origin {
  locus: string
  reason: string
  value?: string
}

/** A marker read but deliberately not part of the autosomal profile (Y-STR, quality sensor). */
export interface IgnoredMarker extends Origin {
  locus: string
  reason: string
}

/** One person's profile as read from the file, before validation against kits and tables. */
export interface ParsedSample extends Origin {
  id: string
  /** Canonical locus → sorted genotype, autosomal STRs only. */
  loci: Record<LocusName, Genotype>
  /** Amelogenin calls as read ("X", "Y"), kept for the sex check only. */
  amelogenin?: string[]
  refused: LocusRefusal[]
  ignored: IgnoredMarker[]
  /** Y-STR calls as read (the file's locus name → allele cells), read into a haplotype by the preview (lineage-preview.ts). */
  yCalls?: Record<string, string[]>
  /** An mtDNA profile as read (EMPOP text: range and variants), read by the preview. */
  mtCalls?: { range: string, variants: string }
  /** Why the sample id cannot name a record (src/core/record-id.ts): the sample is refused as a whole. */
  idProblem?: string
  /** Facts the file itself states about the sample (CMF category, case id, Familias sex...). */
  sex?: Sex
  caseId?: string
  category?: string
  relation?: string
}

/** A pedigree read from a Familias file (persons by name; the missing person as named there). */
export interface ParsedPedigree {
  name: string
  persons: Pedigree['persons']
  missingPerson?: string
}

/** What a parser returns: everything it read, with file-level problems in `errors`. */
export interface ParsedFile {
  format: ImportFormat
  samples: ParsedSample[]
  frequencyTables: FrequencyTable[]
  pedigrees: ParsedPedigree[]
  /** File-level problems that do not stop reading (an unknown column, a skipped block). */
  errors: string[]
  warnings: string[]
  /** Kit named inside the file (CMF KIT), if any. */
  kit?: string
}

/** The raw calls at one locus, before normalisation. */
export interface RawLocusCall extends Origin {
  locus: string
  alleles: string[]
  /** The format writes both alleles even for a homozygote (Familias): one empty of two is a lost call. */
  bothAllelesWritten?: boolean
}
