import type { LocusModel } from '../../src/core/pedigree/kinship-case.ts'

/** Five small loci (frequencies rounded from NIST 1036 Asian) for scan and screening tests: fast and varied. */
export const SCAN_TEST_LOCI: LocusModel[] = [
  { name: 'TH01', alleles: ['6', '7', '8', '9', '9.3', '10'], frequencies: [0.10, 0.28, 0.06, 0.46, 0.03, 0.07] },
  { name: 'TPOX', alleles: ['8', '9', '10', '11', '12'], frequencies: [0.52, 0.12, 0.03, 0.30, 0.03] },
  { name: 'D3S1358', alleles: ['14', '15', '16', '17', '18'], frequencies: [0.04, 0.36, 0.32, 0.21, 0.07] },
  { name: 'vWA', alleles: ['14', '16', '17', '18', '19', '20'], frequencies: [0.26, 0.16, 0.24, 0.19, 0.11, 0.04] },
  { name: 'D5S818', alleles: ['9', '10', '11', '12', '13'], frequencies: [0.10, 0.20, 0.32, 0.20, 0.18] }
]
