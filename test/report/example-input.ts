import { readFileSync } from 'node:fs'
import { parseKinshipCaseFile } from '../../src/core/pedigree/kinship-case-file.ts'
import type { LocusLr } from '../../src/core/pedigree/kinship-case.ts'
import { kinshipLr } from '../../src/core/lr/kinship-lr.ts'
import type { Profile } from '../../src/core/markers/profile.ts'
import { describeMutationModels, describeUnknownAlleleRule } from '../../src/report/describe-model.ts'
import type { MatchReportInput } from '../../src/report/match-report.ts'

/** A report input from an oracle case run through the real engine: references are the typed persons other than MP. */
export function oracleReportInput (name: string, relations: Record<string, string> = {}): MatchReportInput {
  const doc = JSON.parse(readFileSync(new URL(`../../fixtures/oracle-cases/${name}.json`, import.meta.url), 'utf8'))
  const { kcase, loci, options } = parseKinshipCaseFile(doc)
  const result = kinshipLr(kcase, loci, options)
  const mp = kcase.missingPerson
  return {
    case: {
      id: `CASE-${name}`,
      persons: kcase.persons,
      missingPerson: mp,
      missingPersonBorn: '2009-03-14',
      missingSince: '2013-07-02',
      references: Object.keys(kcase.genotypes).filter((id) => id !== mp).map((id) => ({
        id,
        relation: relations[id],
        sampleId: `REF-${id}`,
        profile: kcase.genotypes[id] as Profile
      }))
    },
    person: {
      id: `UP-${name}`,
      sex: kcase.persons.find((p) => p.id === mp)!.sex,
      birthYear: 2009,
      foundWhere: 'Kunming, Yunnan',
      foundWhen: '2024-05-20',
      profile: kcase.genotypes[mp] as Profile
    },
    result,
    model: {
      frequencyTable: { id: 'norwegian', version: '2017-1', population: 'Norwegian', source: String(doc.frequencySource ?? 'oracle case') },
      mutation: describeMutationModels(options.mutation, loci),
      theta: options.theta,
      unknownAllele: describeUnknownAlleleRule(options.unknownAllele),
      engineVersion: 'homeward 0.1.0',
      mutationSpec: { default: options.mutation, loci: loci.filter((l) => l.mutation !== undefined).map((l) => ({ name: l.name, mutation: l.mutation! })) },
      unknownAlleleRule: options.unknownAllele
    },
    prior: { value: 1 / 250, basis: '1/number of open cases (250)', openCases: 250 },
    search: { databaseSize: 250, log10Threshold: 4 }
  }
}

/**
 * A father/child duo built by hand from the closed forms of DOMAIN.md §3 (child C, alleged father AP):
 * each locus given as [C, AP, log10 LR, class]. Example: C 12/12, AP 12/12, p(12) = 0.1 → LR 1/p = 10, log10 1.
 */
export function duoInput (rows: Array<[string, string, number | null, LocusLr['class']]>, extra: Partial<MatchReportInput> = {}): MatchReportInput {
  const loci = rows.map((_, i) => `L${i + 1}`)
  const profile = (k: 0 | 1): Profile => Object.fromEntries(rows.map((r, i) => [loci[i], r[k].split('/') as unknown as [string, string]]))
  const perLocus: LocusLr[] = rows.map((r, i) => ({ locus: loci[i], lr: r[2] === null ? 0 : 10 ** r[2], log10Lr: r[2], class: r[3], adjustments: [] }))
  const anyZero = perLocus.some((l) => l.log10Lr === null)
  return {
    case: {
      id: 'CASE-1',
      persons: [{ id: 'AF', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: 'AF', mother: 'M' }],
      missingPerson: 'MP',
      references: [{ id: 'AF', relation: 'father', profile: profile(1) }]
    },
    person: { id: 'UP-1', sex: 'male', profile: profile(0) },
    result: {
      log10Lr: anyZero ? null : perLocus.reduce((s, l) => s + l.log10Lr!, 0),
      perLocus,
      inconsistentLoci: perLocus.filter((l) => l.class === 'inconsistent').length,
      comparedLoci: perLocus.filter((l) => l.class !== 'untyped').length
    },
    model: { frequencyTable: { id: 'hand', version: '1', population: 'test' }, mutation: 'none', theta: 0 },
    prior: { value: 0.5, basis: 'even odds, for hand checks' },
    search: { databaseSize: 1_000_000, log10Threshold: 4 },
    ...extra
  }
}

/** n loci where child and father are both 12/12 with p(12) = 0.1: LR 10 each, so log10 LR n exactly. */
export function tenfoldLoci (n: number): Array<[string, string, number, 'consistent']> {
  return Array.from({ length: n }, () => ['12/12', '12/12', Math.log10(1 / 0.1), 'consistent'])
}

export const GENERATED_AT = '2026-11-22T18:00:00.000Z'
