// Lineage markers for tests (issue 14), as labs write them.

/** A Yfiler haplotype of an East Asian man (haplogroup O2-like lengths), with DYS385 as a/b and 'Y GATA H4' spaced. */
export const Y_FATHER: Record<string, string[]> = Object.fromEntries([
  ['DYS456', ['15']], ['DYS389I', ['13']], ['DYS390', ['23']], ['DYS389II', ['29']], ['DYS458', ['17']], ['DYS19', ['15']],
  ['DYS385a/b', ['13', '19']], ['DYS393', ['12']], ['DYS391', ['10']], ['DYS439', ['12']], ['DYS635', ['20']], ['DYS392', ['14']],
  ['Y GATA H4', ['12']], ['DYS437', ['14']], ['DYS438', ['11']], ['DYS448', ['19']]
])

/** An East Asian D4 mitotype over the usual control region (HVS-I and HVS-II, wrapping the origin). */
export const MT_MOTHER = { range: '16024-16569 1-576', variants: '16223T 16362C 73G 263G 315.1C 489C' }
