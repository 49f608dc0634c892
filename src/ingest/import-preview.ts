import { createHash } from 'node:crypto'
import type { FrequencyTable } from '../core/markers/frequency-table.ts'
import type { Genotype, Sex } from '../core/markers/profile.ts'
import type { IgnoredMarker, ImportFormat, LocusRefusal, ParsedFile, ParsedPedigree, ParsedSample } from './import-types.ts'
import type { IntakeRules } from '../runs/profile-intake.ts'
import { findKit, type Kit } from './kits.ts'
import { previewLineage } from './lineage-preview.ts'
import type { MitoProfile } from '../core/lineage/mito-profile.ts'
import type { YHaplotype } from '../core/lineage/y-haplotype.ts'
import { parseImportFile, type ParseOptions } from './parse-file.ts'
import { assignSample, compileRule, type AssignmentOptions, type NamingRule, type SampleAssignment } from './sample-assignment.ts'

export interface ImportOptions extends ParseOptions, AssignmentOptions {
  /** The kit the lab typed with (KITS.tsv name); the file's own CMF KIT is used when this is absent. */
  kit?: string
  /** The population table the samples will be compared with: alleles it lacks are warned about. */
  frequencyTable?: FrequencyTable
  /**
   * The service's minimum loci (config.intakeRules): a sample below it is a problem, as POST /persons
   * and /cases refuse it. Without them any count of loci passes (a preview of the file alone).
   */
  intakeRules?: IntakeRules
  /**
   * Sample id → the lab's reason for keeping the stated sex of an unidentified person whose amelogenin
   * contradicts it (an AMEL-Y deletion or Y dropout confirmed with Y-STRs), as POST /persons' sexOverride.
   */
  sexOverrides?: ReadonlyMap<string, { reason: string }>
}

/** One sample as the technician sees it before committing. */
export interface SamplePreview {
  id: string
  line?: number
  element?: string
  loci: Record<string, Genotype>
  refused: LocusRefusal[]
  ignored: IgnoredMarker[]
  amelogenin?: string[]
  /** Lineage markers read from the file (a Y kit's table, EMPOP text), canonical. */
  yStr?: YHaplotype
  mtDna?: MitoProfile
  /** Stated (mapping, file) or else read from amelogenin (X,Y male; X female). */
  sex?: Sex
  /** The stated sex is kept against amelogenin for this reason (ImportOptions.sexOverrides): stored with the person. */
  sexOverride?: { reason: string }
  assignment?: SampleAssignment
  warnings: string[]
  /** Why the sample cannot be stored as it is (besides refused loci). */
  problems: string[]
  /** True when the sample has no refused locus and no problem: it would be stored. */
  ok: boolean
}

export interface FrequencyTableSummary { id: string, population: string, loci: number, alleles: number }

export interface ImportPreview {
  format: ImportFormat
  fileName: string
  /** sha256 of the file's bytes: the same file uploaded twice has the same hash. */
  contentHash: string
  kit?: string
  samples: SamplePreview[]
  frequencyTables: FrequencyTableSummary[]
  pedigrees: ParsedPedigree[]
  errors: string[]
  warnings: string[]
}

/**
 * Parses, validates and assigns: what a dry run shows and what a commit would store.
 * Stores nothing and reads no database.
 */
export function previewImport (input: Buffer | string, options: ImportOptions = {}): { preview: ImportPreview, parsed: ParsedFile } {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input
  const rule = options.rule === undefined || options.rule === '' ? undefined : compileRule(options.rule)
  const parsed = parseImportFile(bytes, options)
  const warnings = [...parsed.warnings]
  const kitName = options.kit ?? parsed.kit
  let kit: Kit | undefined
  if (kitName !== undefined) {
    kit = findKit(kitName)
    if (kit === undefined) warnings.push(`kit "${kitName}" is not in the kit list (fixtures/kits/KITS.tsv); loci were not checked against it`)
  }
  const seen = new Set<string>()
  const errors = [...parsed.errors]
  const inFile = new Set(parsed.samples.map((s) => s.id))
  for (const id of options.sexOverrides?.keys() ?? []) {
    if (!inFile.has(id)) errors.push(`sexOverrides names sample "${id}", which the file does not hold`)
  }
  const samples = parsed.samples.map((s) => {
    const p = previewSample(s, options, rule, kit, options.frequencyTable)
    if (s.idProblem !== undefined) p.problems.push(s.idProblem)
    if (seen.has(s.id)) p.problems.push(`sample id ${s.id} appears more than once in the file`)
    seen.add(s.id)
    p.ok = p.problems.length === 0 && p.refused.length === 0
    return p
  })
  const preview: ImportPreview = {
    format: parsed.format,
    fileName: options.fileName ?? 'upload',
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    ...(kitName !== undefined ? { kit: kitName } : {}),
    samples,
    frequencyTables: parsed.frequencyTables.map(summariseTable),
    pedigrees: parsed.pedigrees,
    errors,
    warnings
  }
  return { preview, parsed }
}

function previewSample (s: ParsedSample, options: ImportOptions, rule: NamingRule | undefined, kit: Kit | undefined, table: FrequencyTable | undefined): SamplePreview {
  const warnings: string[] = []
  const problems: string[] = []
  const assignment = assignSample(s, options, rule)
  const stated = assignment?.sex ?? s.sex
  const fromAmel = s.amelogenin === undefined ? undefined : s.amelogenin.includes('Y') ? 'male' : 'female'
  const override = options.sexOverrides?.get(s.id)
  const contradicts = stated !== undefined && fromAmel !== undefined && stated !== fromAmel
  if (override !== undefined && assignment?.side !== 'unidentified') {
    problems.push(`a sex override is given for sample ${s.id}, which is not an unidentified person: it applies to unidentified persons only`)
  } else if (override !== undefined && !contradicts) {
    problems.push(`a sex override is given for sample ${s.id}, but its amelogenin (${s.amelogenin?.join(',') ?? 'not typed'}) does not contradict its stated sex (${stated ?? 'none'}): nothing to override`)
  } else if (contradicts && override === undefined) {
    // Refused, not warned: stored, such a sample would be compared with nobody (the search trusts amelogenin too).
    problems.push(`sample ${s.id}: amelogenin ${s.amelogenin?.join(',')} does not fit the stated sex (${stated})${stated === 'male' ? ': a wrong sample, a wrong sex, or Y dropout or an AMEL-Y deletion (confirmed with Y-STRs, import it with a sex override and its reason: options.sexOverrides, or homeward import --sex-overrides FILE)' : ': a wrong sample or a wrong sex'}`)
  } else if (contradicts) {
    warnings.push(`the stated sex (${stated}) is kept against amelogenin ${s.amelogenin?.join(',')} by the lab's sex override; the reason is stored with the person`)
  }
  const lineage = previewLineage(s)
  const hasLineage = lineage.yStr !== undefined || lineage.mtDna !== undefined || lineage.refused.length > 0
  const loci = Object.keys(s.loci)
  // A Y kit's or an mtDNA file has no autosomal locus: its markers join the record already stored under the id (commit-plan.ts).
  if (loci.length === 0 && hasLineage) warnings.push('lineage markers only (no autosomal locus): they are added to the person or reference already stored under this id, and refused if there is none')
  else if (loci.length === 0) problems.push('no locus accepted')
  else if (assignment !== undefined && options.intakeRules !== undefined) {
    const tooFew = locusCountProblem(loci.length, assignment.side, options.intakeRules)
    if (tooFew !== undefined) problems.push(tooFew)
  }
  if (assignment === undefined) problems.push('not assigned to a case or to the unidentified side (give a mapping, a naming rule or a default side)')
  if (lineage.yStr !== undefined && (stated ?? fromAmel) === 'female') problems.push(`a Y-STR haplotype for a sample ${stated !== undefined ? 'stated' : 'typed (amelogenin X)'} female: a wrong sample or a wrong sex`)
  if (assignment?.side === 'unidentified' && loci.length > 0 && stated === undefined && fromAmel === undefined) problems.push('sex unknown: an unidentified person needs a sex (stated, or amelogenin)')
  if (kit !== undefined) {
    const extra = loci.filter((l) => !kit.loci.has(l))
    if (extra.length > 0) warnings.push(`loci not in kit ${kit.name}: ${extra.join(', ')}`)
  }
  if (table !== undefined) {
    for (const [locus, g] of Object.entries(s.loci)) {
      const known = table.loci[locus]
      if (known === undefined) { warnings.push(`locus ${locus} is not in frequency table ${table.id}`); continue }
      for (const a of new Set(g)) if (!known.alleles.includes(a)) warnings.push(`${locus} allele ${a} is not in frequency table ${table.id}: the rare-allele rule will give it a frequency`)
    }
  }
  if (stated === undefined && fromAmel === 'female' && assignment?.side === 'unidentified') {
    warnings.push('sex read as female from amelogenin X alone: a male with an AMEL-Y deletion or Y dropout looks the same; state the sex if it is known')
  }
  const sex = stated ?? fromAmel
  return {
    id: s.id,
    ...(s.line !== undefined ? { line: s.line } : {}),
    ...(s.element !== undefined ? { element: s.element } : {}),
    loci: s.loci,
    refused: [...s.refused, ...lineage.refused],
    ignored: [...s.ignored, ...lineage.ignored],
    ...(s.amelogenin !== undefined ? { amelogenin: s.amelogenin } : {}),
    ...(lineage.yStr !== undefined ? { yStr: lineage.yStr } : {}),
    ...(lineage.mtDna !== undefined ? { mtDna: lineage.mtDna } : {}),
    ...(sex !== undefined ? { sex } : {}),
    ...(override !== undefined && contradicts ? { sexOverride: { reason: override.reason } } : {}),
    ...(assignment !== undefined ? { assignment } : {}),
    warnings,
    problems,
    ok: false
  }
}

/** The same minimum as checkLocusCount (profile-intake.ts), counted over the loci accepted from the file. */
function locusCountProblem (n: number, side: SampleAssignment['side'], rules: IntakeRules): string | undefined {
  const [minimum, who, setting] = side === 'unidentified'
    ? [rules.minPersonLoci, 'an unidentified person', 'HOMEWARD_MIN_LOCI']
    : [rules.minReferenceLoci, 'a reference', 'HOMEWARD_MIN_REFERENCE_LOCI']
  if (n >= minimum) return undefined
  return `${n} STR ${n === 1 ? 'locus' : 'loci'} accepted; ${who} needs at least ${minimum} (${setting})`
}

function summariseTable (t: FrequencyTable): FrequencyTableSummary {
  const loci = Object.values(t.loci)
  return { id: t.id, population: t.population, loci: loci.length, alleles: loci.reduce((n, l) => n + l.alleles.length, 0) }
}
