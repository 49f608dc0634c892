import { z } from 'zod'
import { fail, HomewardError } from '../core/errors.ts'
import { makeGenotype, type Genotype } from '../core/markers/profile.ts'
import { canonicalAllele } from '../core/markers/allele.ts'
import { CaseFileLociSchema, CaseFileOptionsSchema, ProfileFileSchema } from '../core/pedigree/kinship-case-file.ts'
import { validatePedigree } from '../core/pedigree/pedigree.ts'
import type { MutationSpec } from '../core/mutation/mutation-spec.ts'
import type { DviFamily, DviProblem } from '../core/identification/dvi-problem.ts'

const profileSchema = ProfileFileSchema
const sex = z.enum(['male', 'female'])

/** The `dvi-reference/1` format of dvir's datasets exported to JSON (data/dvi/README.md). */
export const DviReferenceFileSchema = z.object({
  schema: z.literal('dvi-reference/1'),
  id: z.string().optional(),
  options: CaseFileOptionsSchema,
  loci: CaseFileLociSchema,
  victims: z.array(z.object({ id: z.string().min(1), sex, genotypes: profileSchema })).max(100_000),
  families: z.array(z.object({
    id: z.string().min(1),
    persons: z.array(z.object({ id: z.string().min(1), sex, father: z.string().nullish(), mother: z.string().nullish() })).min(1).max(200),
    missingPersons: z.array(z.string().min(1)).min(1),
    genotypes: z.record(z.string(), profileSchema)
  })).min(1).max(100_000),
  missingPersonFamily: z.record(z.string(), z.string()).optional()
}).passthrough()

/**
 * Reads a `dvi-reference/1` document into a problem for the identification core. Refuses, naming the JSON path
 * and the victim, family, person or locus: a malformed field, a duplicate victim, family or slot id, a slot
 * not in its family's pedigree, genotypes of someone outside the pedigree or of a missing person, a locus
 * without a table, an implausible allele, and a `missingPersonFamily` that disagrees with the families.
 *
 * @example readDviReference(JSON.parse(fs.readFileSync('fixtures/dvi/fire.json', 'utf8'))).families[0].missing // ['M1', 'M2', 'M3']
 */
export function readDviReference (doc: unknown): DviProblem {
  const parsed = DviReferenceFileSchema.safeParse(doc)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue.path.map(String).join('.')
    fail('INVALID_CASE', `${path === '' ? 'file' : path}: ${issue.message}`, { field: path })
  }
  const file = parsed.data
  const lociNames = new Set<string>()
  const loci = file.loci.map((l, i) => {
    if (lociNames.has(l.name)) fail('INVALID_FREQUENCIES', `loci.${i}: locus ${l.name} is listed twice`, { locus: l.name, field: `loci.${i}` })
    lociNames.add(l.name)
    if (l.alleles.length !== l.frequencies.length) {
      fail('INVALID_FREQUENCIES', `loci.${i}: locus ${l.name} has ${l.alleles.length} alleles but ${l.frequencies.length} frequencies`, { locus: l.name, field: `loci.${i}` })
    }
    return {
      name: l.name,
      alleles: l.alleles.map((a) => tableAllele(a, l.name)),
      frequencies: l.frequencies,
      ...(l.mutation !== undefined ? { mutation: l.mutation as MutationSpec } : {})
    }
  })
  const profile = (raw: Record<string, readonly [string, string]>, path: string, sample: string): Record<string, Genotype> => {
    const out: Record<string, Genotype> = {}
    for (const [locus, pair] of Object.entries(raw)) {
      if (!lociNames.has(locus)) fail('UNKNOWN_LOCUS', `${path}.${locus}: ${sample} is typed at locus ${locus}, which has no frequency table in loci`, { sample, locus, field: `${path}.${locus}` })
      try {
        out[locus] = makeGenotype(pair, { locus, sample })
      } catch (err) {
        if (err instanceof HomewardError) fail(err.code, `${path}.${locus}: ${err.message}`, { ...err.details, field: `${path}.${locus}` })
        throw err
      }
    }
    return out
  }
  const victimIds = new Set<string>()
  const victims = file.victims.map((v, i) => {
    if (victimIds.has(v.id)) fail('INVALID_CASE', `victims.${i}: victim ${v.id} is listed twice`, { sample: v.id, field: `victims.${i}` })
    victimIds.add(v.id)
    return { id: v.id, sex: v.sex, genotypes: profile(v.genotypes, `victims.${i}.genotypes`, `victim ${v.id}`) }
  })
  const familyIds = new Set<string>()
  const slotFamily = new Map<string, string>()
  const families: DviFamily[] = file.families.map((f, i) => {
    const where = `families.${i}`
    if (familyIds.has(f.id)) fail('INVALID_CASE', `${where}: family ${f.id} is listed twice`, { field: where, family: f.id })
    familyIds.add(f.id)
    const persons = f.persons.map(({ id, sex, father, mother }) => ({ id, sex, ...(father != null ? { father } : {}), ...(mother != null ? { mother } : {}) }))
    try {
      validatePedigree({ persons, missingPerson: f.missingPersons[0] })
    } catch (err) {
      if (err instanceof HomewardError) fail(err.code, `${where} (family ${f.id}): ${err.message}`, { ...err.details, field: where, family: f.id })
      throw err
    }
    const ids = new Set(persons.map((p) => p.id))
    for (const [k, m] of f.missingPersons.entries()) {
      if (!ids.has(m)) fail('INVALID_CASE', `${where}.missingPersons.${k}: missing person ${m} is not in family ${f.id}'s pedigree`, { person: m, family: f.id, field: `${where}.missingPersons.${k}` })
      if (slotFamily.has(m)) fail('INVALID_CASE', `${where}.missingPersons.${k}: missing person ${m} is named twice (slot ids are unique over the file)`, { person: m, family: f.id, field: `${where}.missingPersons.${k}` })
      slotFamily.set(m, f.id)
    }
    const genotypes: DviFamily['genotypes'] = {}
    for (const [person, raw] of Object.entries(f.genotypes)) {
      const path = `${where}.genotypes.${person}`
      if (!ids.has(person)) fail('INVALID_CASE', `${path}: genotypes are given for ${person}, who is not in family ${f.id}'s pedigree`, { person, family: f.id, field: path })
      if (slotFamily.get(person) === f.id) fail('INVALID_CASE', `${path}: missing person ${person} of family ${f.id} is typed; a slot is filled by a victim, not by the references`, { person, family: f.id, field: path })
      genotypes[person] = profile(raw, path, `person ${person} of family ${f.id}`)
    }
    return { id: f.id, persons, missing: [...f.missingPersons], genotypes }
  })
  for (const [slot, family] of Object.entries(file.missingPersonFamily ?? {})) {
    if (slotFamily.get(slot) !== family) {
      fail('INVALID_CASE', `missingPersonFamily.${slot}: says family ${family}, but ${slotFamily.has(slot) ? `family ${slotFamily.get(slot)!} holds ${slot}` : `no family lists ${slot}`}`, { person: slot, field: `missingPersonFamily.${slot}` })
    }
  }
  return {
    victims,
    families,
    loci,
    options: {
      theta: file.options.theta,
      mutation: file.options.mutation as MutationSpec,
      unknownAllele: { rule: 'fixed', frequency: file.options.unknownAlleleFrequency }
    }
  }
}

/**
 * A table allele: canonical when it is a repeat number; otherwise kept as its label. Familias and dvir tables
 * carry a pooled "Rest allele" (the frequency of every allele not listed); no profile can hold it, but its
 * frequency belongs in the table. Profiles themselves accept repeat numbers only.
 */
function tableAllele (raw: string, locus: string): string {
  try {
    return canonicalAllele(raw, { locus })
  } catch (err) {
    if (err instanceof HomewardError && raw.trim() !== '') return raw.trim()
    throw err
  }
}
