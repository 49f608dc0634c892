import { checkRecordId, recordIdProblem } from '../core/record-id.ts'
import type { LocusRefusal, Origin, ParsedSample, RawLocusCall } from './import-types.ts'
import { normaliseCall } from './normalise-call.ts'

/**
 * Collects the calls of one sample, whatever the format, into a ParsedSample. A locus given twice
 * with different genotypes is refused (which one is right is not ours to guess); given twice
 * identically, it is kept once.
 */
export class SampleBuilder {
  readonly sample: ParsedSample
  private readonly seenAt = new Map<string, string>()

  constructor (id: string, origin: Origin) {
    // The id rule (src/core/record-id.ts): the sample goes on under its NFC id, or is refused, named.
    const checked = checkRecordId(id)
    this.sample = checked.ok
      ? { id: checked.id, ...origin, loci: {}, refused: [], ignored: [] }
      : { id, ...origin, loci: {}, refused: [], ignored: [], idProblem: recordIdProblem(id, checked.problem, 'sample id') }
  }

  add (call: RawLocusCall): void {
    const outcome = normaliseCall(call)
    const where = call.element ?? `line ${call.line ?? '?'}`
    switch (outcome.kind) {
      case 'untyped':
        return
      case 'ignored':
        this.sample.ignored.push(outcome.marker)
        return
      case 'refused':
        this.dropAccepted(outcome.refusal.locus)
        this.sample.refused.push(outcome.refusal)
        return
      case 'y-str': {
        // the haplotype is read as a whole (multi-copy loci come in two rows: DYS385a, DYS385b); a name twice differently is a conflict
        const calls = this.sample.yCalls ?? {}
        const prior = Object.hasOwn(calls, outcome.locus) ? calls[outcome.locus] : undefined
        if (prior !== undefined && prior.join(',') !== outcome.alleles.join(',')) {
          this.sample.refused.push({ locus: outcome.locus, reason: `Y-STR locus given twice with different alleles (${prior.join(',')} at ${this.seenAt.get(`Y:${outcome.locus}`) ?? '?'})`, value: outcome.alleles.join(','), ...originOf(call) })
          return
        }
        Object.defineProperty(calls, outcome.locus, { value: outcome.alleles, enumerable: true, writable: true, configurable: true })
        this.sample.yCalls = calls
        if (!this.seenAt.has(`Y:${outcome.locus}`)) this.seenAt.set(`Y:${outcome.locus}`, where)
        return
      }
      case 'amelogenin': {
        const prior = this.sample.amelogenin
        if (prior !== undefined && prior.join(',') !== outcome.values.join(',')) {
          this.sample.refused.push({ locus: 'AMEL', reason: `amelogenin given twice with different values (${prior.join(',')} at ${this.seenAt.get('AMEL') ?? '?'})`, value: outcome.values.join(','), ...originOf(call) })
          delete this.sample.amelogenin
          return
        }
        this.sample.amelogenin = outcome.values
        this.seenAt.set('AMEL', where)
        return
      }
      case 'genotype': {
        const { locus, genotype } = outcome
        if (this.sample.refused.some((r) => r.locus === locus)) return
        const prior = this.sample.loci[locus]
        if (prior !== undefined && (prior[0] !== genotype[0] || prior[1] !== genotype[1])) {
          delete this.sample.loci[locus]
          this.sample.refused.push({ locus, reason: `locus given twice with different genotypes (${prior.join(',')} at ${this.seenAt.get(locus) ?? '?'}, ${genotype.join(',')} at ${where})`, value: genotype.join(','), ...originOf(call) })
          return
        }
        this.sample.loci[locus] = genotype
        if (!this.seenAt.has(locus)) this.seenAt.set(locus, where)
      }
    }
  }

  /** Refuses a locus for a reason only the format can see (e.g. an empty CMF ALLELE element). */
  refuse (refusal: LocusRefusal): void {
    this.dropAccepted(refusal.locus)
    this.sample.refused.push(refusal)
  }

  private dropAccepted (locus: string): void {
    delete this.sample.loci[locus]
  }
}

function originOf (call: RawLocusCall): Origin {
  return call.element !== undefined ? { element: call.element } : { line: call.line }
}
