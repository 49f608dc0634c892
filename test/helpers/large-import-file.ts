import { CODIS_CORE_LOCI } from '../../src/core/markers/locus.ts'

/**
 * A seeded GeneMapper "long" export (Sample Name, Marker, Allele 1, Allele 2; one row per sample and
 * marker: the 20 CODIS core loci and AMEL), as a lab's national batch looks: at least `rows` data rows,
 * rounded up to whole samples of 21 rows, ids `${prefix}0000001`... Deterministic for a seed, so a
 * test's counts are fixed.
 */
export function largeGenemapperFile (rows: number, options: { seed?: number, prefix?: string } = {}): Buffer {
  let state = options.seed ?? 20261201
  const next = (): number => { state = (state * 1103515245 + 12345) % 2 ** 31; return state / 2 ** 31 }
  const allele = (): number => 8 + Math.floor(next() * 13)
  const prefix = options.prefix ?? 'BATCH'
  const markers = [...CODIS_CORE_LOCI, 'AMEL']
  const lines = ['Sample Name\tMarker\tAllele 1\tAllele 2']
  const total = Math.ceil(rows / markers.length) * markers.length
  for (let r = 0; r < total; r++) {
    const sample = Math.floor(r / markers.length)
    const marker = markers[r % markers.length]
    const id = `${prefix}${String(sample + 1).padStart(7, '0')}`
    if (marker === 'AMEL') lines.push(`${id}\tAMEL\tX\t${next() < 0.5 ? 'Y' : 'X'}`)
    else {
      const a = allele()
      const b = allele()
      lines.push(`${id}\t${marker}\t${Math.min(a, b)}\t${Math.max(a, b)}`)
    }
  }
  return Buffer.from(lines.join('\n') + '\n')
}
