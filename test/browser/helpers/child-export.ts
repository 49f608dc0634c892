// The child of a real reference, as a lab's GeneMapper export would list it: at each kit locus one allele
// from the father's real profile (fixtures/formats/genemapper/genemapper2familias) and one from a mother
// drawn from the bundled NIST 1036 Asian table, so the upload finds its family the way casework would.
import type { Profile } from '../../../src/core/markers/profile.ts'
import { KIT_LOCI, TABLE } from '../../helpers/planted-families.ts'
import { createRng, randomProfile } from '../../helpers/simulate-family.ts'

/** A GeneMapper long export's rows (Sample Name, Marker, Allele 1, Allele 2) by locus, spellings as in the file. */
export function readLongExport (content: string): Map<string, [string, string]> {
  const rows = new Map<string, [string, string]>()
  for (const line of content.split(/\r?\n/).slice(1)) {
    const [, marker, a1, a2] = line.split('\t')
    if (marker !== undefined && a1 !== undefined) rows.set(marker, [a1, a2 === undefined || a2 === '' ? a1 : a2])
  }
  return rows
}

export interface Family {
  /** The mother's reference (kit loci), typed into the case form as one "locus allele allele" line each. */
  mother: Profile
  motherText: string
  /** The child's export: a male (AMEL X/Y) over the kit loci the father was typed at. */
  childExport: string
}

/** The mother and the child of a real father's export; seeded, so the same every run. */
export function familyOf (fatherExport: string, sampleName: string, seed = 20261201): Family {
  const father = readLongExport(fatherExport)
  const rng = createRng(seed)
  const kit = KIT_LOCI.filter((l) => father.has(l.replace(' ', '_')) || father.has(l))
  const mother = randomProfile(rng, TABLE, kit)
  const lines = ['Sample Name\tMarker\tAllele 1\tAllele 2', `${sampleName}\tAMEL\tX\tY`]
  for (const locus of kit) {
    const spelled = father.has(locus) ? locus : locus.replace(' ', '_')
    const f = father.get(spelled) as [string, string]
    lines.push(`${sampleName}\t${spelled}\t${f[rng() < 0.5 ? 0 : 1]}\t${mother[locus][rng() < 0.5 ? 0 : 1]}`)
  }
  const motherText = kit.map((l) => `${l} ${mother[l][0]} ${mother[l][1]}`).join('\n')
  return { mother, motherText, childExport: lines.join('\r\n') + '\r\n' }
}
