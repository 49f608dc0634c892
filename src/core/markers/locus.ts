import { fail } from '../errors.ts'

/** A canonical locus name, e.g. "D3S1358", "vWA", "Penta D". */
export type LocusName = string

/**
 * The autosomal STR loci Homeward knows, by canonical name. The list is the union of the loci in
 * the commercial kits of fixtures/kits (KITS.tsv) and in the bundled frequency tables.
 */
export const KNOWN_LOCI: readonly LocusName[] = [
  'CSF1PO', 'D3S1358', 'D5S818', 'D7S820', 'D8S1179', 'D13S317', 'D16S539', 'D18S51', 'D21S11', 'FGA',
  'TH01', 'TPOX', 'vWA', 'D1S1656', 'D2S441', 'D2S1338', 'D10S1248', 'D12S391', 'D19S433', 'D22S1045',
  'Penta D', 'Penta E', 'Penta C', 'D6S1043', 'SE33',
  'APOAI1', 'D10S1435', 'D10S2325', 'D11S2368', 'D11S4463', 'D11S554', 'D13S305', 'D13S325', 'D14S1434',
  'D15S659', 'D16S3391', 'D17S1301', 'D17S906', 'D18S1364', 'D19S253', 'D19S400', 'D1S2142', 'D1S549',
  'D20S161', 'D20S482', 'D20S85', 'D21S2055', 'D22GATA198B05', 'D2S1360', 'D2S1776', 'D3S1545', 'D3S1744',
  'D3S2459', 'D3S3045', 'D4S2366', 'D4S2408', 'D5S2500', 'D5S2800', 'D6S1017', 'D6S474', 'D6S477',
  'D7S1517', 'D7S3048', 'D8S1132', 'D9S1122', 'D9S2157', 'F13A01', 'F13B', 'FESFPS', 'LPL',
  // The 70-STR panel of the GeneMapper2Familias reference exports and the popSTR South America database
  // (fixtures/formats/familias/genemapper2familias) adds these:
  'Penta B', 'D1S1627', 'D1S1677', 'D1S1679', 'D2S427', 'D3S2406', 'D3S3053', 'D3S4529', 'D3S4545', 'D4S2364',
  'D5S1457', 'D6S1027', 'D7S2201', 'D9S1118', 'D9S1120', 'D11S1304', 'D12ATA63', 'D12S297', 'D14S1426',
  'D15S822', 'D17S974', 'D21S102'
]

/** The 20 CODIS core loci. */
export const CODIS_CORE_LOCI: readonly LocusName[] = KNOWN_LOCI.slice(0, 20)

/** Amelogenin: a sex marker, used for consistency checks and never in a likelihood ratio. */
export const AMELOGENIN = 'AMEL'

/**
 * Spellings that differ from the canonical name by more than case, spaces, dots, dashes and underscores.
 * Everything else is matched on that folded key: "VWA", "vwa", "PENTA_D", "PentaD", "Penta-D", "d3s1358".
 */
export const LOCUS_ALIASES: Readonly<Record<string, LocusName>> = {
  THO1: 'TH01', // letter O for zero
  TP0X: 'TPOX', // zero for letter O
  CSF1P0: 'CSF1PO',
  CSF: 'CSF1PO',
  PD: 'Penta D',
  PE: 'Penta E',
  FIBRA: 'FGA',
  F13A1: 'F13A01', // CODIS database extract CSV (SmartRank)
  AMELOGENIN,
  AM: AMELOGENIN,
  AMEL: AMELOGENIN
}

const BY_KEY = new Map<string, LocusName>()
for (const name of KNOWN_LOCI) BY_KEY.set(foldLocus(name), name)
for (const [alias, name] of Object.entries(LOCUS_ALIASES)) BY_KEY.set(foldLocus(alias), name)

function foldLocus (name: string): string {
  return name.replace(/[\s_.-]/g, '').toUpperCase()
}

/**
 * The canonical name of a locus spelled any accepted way, or undefined when it is not known.
 *
 * @example lookupLocus('PENTA_D') // 'Penta D'
 * @example lookupLocus('THO1') // 'TH01'
 */
export function lookupLocus (raw: string): LocusName | undefined {
  return BY_KEY.get(foldLocus(raw))
}

/** Like lookupLocus, but an unknown locus is an error naming it. */
export function canonicalLocus (raw: string, where: { sample?: string } = {}): LocusName {
  const name = lookupLocus(raw)
  if (name === undefined) {
    fail('UNKNOWN_LOCUS', `unknown locus "${raw}"${where.sample !== undefined ? ` (sample ${where.sample})` : ''}`, { ...where, locus: raw })
  }
  return name
}

/** True for Amelogenin in any spelling. */
export function isAmelogenin (raw: string): boolean {
  return lookupLocus(raw) === AMELOGENIN
}
