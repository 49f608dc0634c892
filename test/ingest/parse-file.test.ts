import t from 'tap'
import { HomewardError } from '../../src/core/errors.ts'
import { parseImportFile } from '../../src/ingest/parse-file.ts'
import { allFormatFiles, readFormatFile } from './fixture-formats.ts'

/**
 * Every file of fixtures/formats, with what reading it must give. Sample and locus counts were derived
 * independently of this code, with a separate Python csv reader over the raw files (ids, rows with at
 * least one allele, ≤2 distinct numeric alleles → accepted) and, for Familias, by walking the person
 * blocks by hand (nTypedMarkers per person). `typed` = accepted autosomal loci summed over samples;
 * `refused` = refused loci summed over samples.
 */
interface Expect { format?: string, samples?: number, typed?: number, refused?: number, tables?: number, errors?: string[], unreadable?: string }

const NOT_A_CMF = 'root element <schema> is not a CODIS import file (expected <CODISImportFile>)'
const NOT_A_TABLE = (first: string): string => `line 1: not a table (the header has one column: "${first}")`
const FAM_INPUTS = ['FAM1-8-PA', 'FAM2-1-PGF', 'FAM2-2-PGM', 'FAM2-3-MGF', 'FAM2-6-MOTHER', 'FAM3-10-MU', 'FAM3-2-PGM', 'FAM3-4-MGM', 'FAM3-7-SISTER', 'FAM4-10-PHB', 'FAM4-7-PA', 'FAM4-8-PU', 'FAM5-3-MGF', 'FAM5-4-MGM', 'FAM5-6-MOTHER', 'FAM6-11-PHB', 'FAM6-6-MOTHER', 'FAM6-7-SISTER', 'FAM7-2-PGM', 'FAM7-3-MGF', 'FAM7-4-MGM', 'FAM8-4-MGM', 'FAM8-5-FATHER', 'FAM8-7-SISTER', 'FAM8-9-PU', 'FAM9-10-MHS', 'FAM9-3-MGF', 'FAM9-5-FATHER', 'FAM9-7-MU']
const UK = ['African', 'African_Caribbean', 'Black_African_&_Caribbean_-_EA3', 'Chinese_-_EA5', 'Indian_-_EA4', 'White_-_EA1_&_EA2']
const NOR = ['AfrikaDB', 'EuropaDB', 'MidtAsiaDB', 'NorskDB', 'OstAsiaDB', 'SydAmerikaDB', 'VestAsiaDB']
const SMARTRANK_WIDE_ERR = 'line 1, column 1: unknown column "Smaple File": neither a locus nor a known column; its cells were not read'

const EXPECT: Record<string, Expect> = {
  // Markdown read as a comma table: its first quote that opens a cell and never closes is what stops it.
  'FORMATS.md': { unreadable: 'line 87, column 9: a quoted cell is not closed before the end of the line (quoted cells may not span lines)' },
  'SOURCES.md': { unreadable: NOT_A_TABLE('# SOURCES — real public example/reference files collected for importer testing') },
  'codis-cmf/osiris/CMF-2017.xsd': { unreadable: NOT_A_CMF },
  'codis-cmf/osiris/CODIS-32.AppendixAexample.xml': { format: 'codis-cmf', samples: 2, typed: 23, refused: 5, errors: [] },
  'codis-cmf/osiris/CODIS-32.AppendixBexample.xsd': { unreadable: NOT_A_CMF },
  'codis-cmf/osiris/CODIS-R-CMF-Interface-Spec.xsd': { unreadable: NOT_A_CMF },
  'codis-cmf/osiris/CmfList.xml': { unreadable: 'root element <CmfList> is not a CODIS import file (expected <CODISImportFile>)' },
  'codis-cmf/smartrank/Codis-Single-Profile.xml': { format: 'codis-cmf', samples: 1, typed: 15, refused: 0 },
  'codis-cmf/smartrank/codis.xsd': { unreadable: NOT_A_CMF },
  'codis-database-csv/smartrank-lrmix-refs/suspect-broken.csv': { unreadable: 'line 1: no sample id column (expected "Sample Name", "SampleName", "Sample ID", "specimenId" or "Sample File"; found unrecognised "Sam pleName")' },
  'codis-database-csv/smartrank-lrmix-refs/suspect-utf8-bom.csv': { format: 'genemapper-long', samples: 1, typed: 16, refused: 0 },
  'codis-database-csv/smartrank-lrmix-refs/suspect.csv': { format: 'genemapper-long', samples: 1, typed: 16, refused: 0 },
  'codis-database-csv/smartrank-lrmix-refs/suspect.tsv': { format: 'genemapper-long', samples: 1, typed: 16, refused: 0 },
  'codis-database-csv/smartrank/database_codis_2records_lowerascii.csv': { format: 'codis-csv', samples: 2, typed: 30, refused: 0, errors: [] },
  'codis-database-csv/smartrank/database_codis_2records_utf8withBOM.csv': { format: 'codis-csv', samples: 2, typed: 30, refused: 0, errors: [] },
  'codis-database-csv/smartrank/database_codis_generated_10.csv': { format: 'codis-csv', samples: 10, typed: 133, refused: 0 },
  'codis-database-csv/smartrank/database_codis_generated_10_2fields.csv': { format: 'codis-csv', samples: 10, typed: 133, refused: 0 },
  'codis-database-csv/smartrank/database_codis_generated_10_3fields.csv': { format: 'codis-csv', samples: 10, typed: 133, refused: 0 },
  'codis-database-csv/smartrank/database_codis_generated_10_6fields.csv': { format: 'codis-csv', samples: 10, typed: 133, refused: 0 },
  'codis-database-csv/smartrank/database_codis_generated_44.csv': { format: 'codis-csv', samples: 44, typed: 1012, refused: 0 },
  'familias/KLINK/halfsib-test.fam': { format: 'familias-fam', samples: 2, typed: 16, tables: 1 },
  // Three linkage markers of KLINK's set (D11S554, APOAI1, D17S906) are coded as fragment lengths (208, 283, 365):
  // not repeat numbers, so refused for a profile (allele.ts profileAllele), 9 loci of 147.
  'familias/KLINK/halfsib.fam': { format: 'familias-fam', samples: 3, typed: 138, refused: 9, tables: 1 },
  'familias/KLINK/sibship.fam': { format: 'familias-fam', samples: 2, typed: 46, tables: 1 },
  'familias/dvir/Ch4-example-4-8-4.fam': { format: 'familias-fam', samples: 7, typed: 147, tables: 1 },
  'familias/dvir/Ch4-table-4-4.fam': { format: 'familias-fam', samples: 3, typed: 63, tables: 1 },
  'familias/dvir/codis.txt': { format: 'familias-frequencies', samples: 0, tables: 1 },
  // Four DVI persons typed at a made-up locus "L1" only: read, and refused as an unknown locus.
  'familias/dvir/dvi-example.fam': { format: 'familias-fam', samples: 4, typed: 0, refused: 4, tables: 0 },
  'familias/genemapper2familias/popSTR_South_America_DB.fam': { format: 'familias-fam', samples: 0, tables: 1 },
  'familias/pedFamilias/paternity.fam': { format: 'familias-fam', samples: 2, typed: 20, tables: 1 },
  'frequency-tables/euroformix/ESX17_Norway.csv': { format: 'frequency-matrix', tables: 1 },
  'frequency-tables/euroformix/Fusion6C_Norway.csv': { format: 'frequency-matrix', tables: 1 },
  'frequency-tables/euroformix/GF_freq.csv': { format: 'frequency-matrix', tables: 1 },
  'frequency-tables/euroformix/Identifiler_Caucasian.csv': { format: 'frequency-matrix', tables: 1 },
  'frequency-tables/euroformix/Identifiler_NIST.csv': { format: 'frequency-matrix', tables: 1 },
  'frequency-tables/euroformix/NGM_Holland.csv': { format: 'frequency-matrix', tables: 1 },
  'frequency-tables/euroformix/SGMPlus_UK.csv': { format: 'frequency-matrix', tables: 1 },
  'frequency-tables/fbi/FBI_extended_Cauc_022024.csv': { format: 'frequency-matrix', tables: 1 },
  'frequency-tables/fbi/converted/FBI2015freqs.long.csv': { format: 'frequency-long', tables: 12 },
  'frequency-tables/forensicpopdata-LICENCE/LICENCE': { unreadable: NOT_A_TABLE('This files lists the copyright holders and licences of the') },
  'frequency-tables/lrmixstudio/samplePopulationStatistics.csv': { format: 'frequency-matrix', tables: 1 },
  'frequency-tables/nist1036/NIST1036_Cauc.csv': { format: 'frequency-matrix', tables: 1 },
  'frequency-tables/nist1036/converted/1036-Revised-Genotypes-PopStats-July-19-2017.sheet1-all.csv': { format: 'genemapper-wide', samples: 1036, typed: 30042, refused: 0 },
  'frequency-tables/nist1036/converted/NIST1036freqs.long.csv': { format: 'frequency-long', tables: 4 },
  'frequency-tables/strider-csv-2015/STRBASE_frequencies_2015-02-09_Europe.csv': { format: 'frequency-matrix', tables: 1 },
  'frequency-tables/strider-xml-2015/frequencies_STRBASE.xml': { format: 'strider-xml', tables: 21 },
  'frequency-tables/strider-xml-2015/strbase.xsd': { unreadable: NOT_A_CMF },
  'frequency-tables/strvalidator/database.txt': { format: 'frequency-multi', tables: 2 },
  'frequency-tables/strvalidator/database_readme.txt': { unreadable: NOT_A_TABLE('###############################################################################') },
  'genemapper/euroformix/ESX17_refs_missing.csv': { format: 'genemapper-long', samples: 3, typed: 42, refused: 0 },
  'genemapper/euroformix/GF_evid.csv': { format: 'genemapper-long', samples: 1, typed: 0, refused: 21 },
  'genemapper/euroformix/GF_refs.csv': { format: 'genemapper-long', samples: 4, typed: 84, refused: 0 },
  'genemapper/euroformix/databaseESX17.txt': { format: 'genemapper-long', samples: 77, typed: 1232, refused: 0 },
  'genemapper/euroformix/refs.csv': { format: 'genemapper-long', samples: 2, typed: 32, refused: 0 },
  'genemapper/euroformix/refs_noAMEL.csv': { format: 'genemapper-long', samples: 2, typed: 32, refused: 0 },
  'genemapper/euroformix/stain.txt': { format: 'genemapper-long', samples: 1, typed: 4, refused: 12 },
  'genemapper/euroformix/test_ref1_missing.csv': { format: 'genemapper-long', samples: 1, typed: 6, refused: 0 },
  // Non-human markers (Sialia...) with "?" calls: every locus refused as unknown.
  'genemapper/gmconvert/test.genemapper': { format: 'genemapper-long', samples: 2, typed: 0, refused: 72 },
  'genemapper/lrmixstudio/5716083_RAAK1234NL.txt': { format: 'genemapper-long', samples: 1, typed: 14, refused: 1 },
  'genemapper/lrmixstudio/5716083_RAAK1234NL_emptyLines.txt': { format: 'genemapper-long', samples: 1, typed: 14, refused: 1 },
  'genemapper/lrmixstudio/eDNASample.csv': { format: 'genemapper-long', samples: 1, typed: 15, refused: 0 },
  'genemapper/lrmixstudio/genemapperSample.txt': { format: 'genemapper-wide', samples: 1, typed: 0, refused: 15 },
  'genemapper/lrmixstudio/genemapperSample_emptyLines.txt': { format: 'genemapper-wide', samples: 1, typed: 0, refused: 15 },
  'genemapper/lrmixstudio/sampleProfile.csv': { format: 'genemapper-long', samples: 2, typed: 8, refused: 22 },
  'genemapper/lrmixstudio/sampleProfile_duplicateAlleles.csv': { format: 'genemapper-long', samples: 2, typed: 8, refused: 22 },
  'genemapper/lrmixstudio/sampleProfile_emptyLines.csv': { format: 'genemapper-long', samples: 2, typed: 8, refused: 22 },
  'genemapper/lusstr/EFM_test_reference_ce.csv': { format: 'genemapper-long', samples: 1, typed: 27, refused: 0 },
  'genemapper/lusstr/Positive_Control_reference_ce.csv': { format: 'genemapper-long', samples: 1, typed: 27, refused: 0 },
  'genemapper/provedit/converted/PROVEDIt_RD14-0003 GF Known Genotypes.Sheet1.csv': { format: 'genemapper-wide', samples: 50, typed: 1050, refused: 0 },
  'genemapper/smartrank/GeneMapperExample.txt': { format: 'genemapper-wide', samples: 4, typed: 30, refused: 30, errors: [] },
  'genemapper/smartrank/GeneMapperExampleBrokenHeader.txt': { format: 'genemapper-wide', samples: 4, typed: 30, refused: 30, errors: [SMARTRANK_WIDE_ERR] },
  'genemapper/smartrank/GeneMapperExampleDifferentCaseNumbers.txt': { format: 'genemapper-wide', samples: 4, typed: 30, refused: 30 },
  'genemapper/smartrank/GeneMapperExampleWithHeights.txt': { format: 'genemapper-wide', samples: 4, typed: 55, refused: 5 },
  'genemapper/smartrank/GeneMapperExampleWithHeightsAndOL.txt': { format: 'genemapper-wide', samples: 1, typed: 0, refused: 15 },
  'genemapper/strvalidator/ref3.txt': { format: 'genemapper-long', samples: 3, typed: 48, refused: 0 },
  // 216 rows pass the Python check; sample 01-Pos.ktr.__ was run twice (TH01 at lines 4 and 497, identical), so 215 loci.
  'genemapper/strvalidator/set3.txt': { format: 'genemapper-long', samples: 38, typed: 215, refused: 344 }
}
for (const f of FAM_INPUTS) EXPECT[`genemapper/genemapper2familias/Input/${f}.txt`] = { format: 'genemapper-long', samples: 1, typed: 70, refused: 0 }
for (const p of UK) EXPECT[`frequency-tables/uk-dna17/converted/DNA-17_PopulationData_FINAL_For_Web_Page__2_.${p}.csv`] = { format: 'frequency-matrix', tables: 1 }
for (const p of NOR) EXPECT[`frequency-tables/norSTR/${p}_v2023.txt`] = { format: 'familias-frequencies', tables: 1 }

t.test('every file of fixtures/formats has an expectation (a new file must be added here)', async (t) => {
  t.same(allFormatFiles().filter((f) => EXPECT[f] === undefined), [])
  t.same(Object.keys(EXPECT).filter((f) => !allFormatFiles().includes(f)), [])
})

for (const file of allFormatFiles()) {
  const want = EXPECT[file]
  if (want === undefined) continue
  t.test(file, async (t) => {
    const bytes = readFormatFile(file)
    const fileName = file.replace(/^.*\//, '')
    if (want.unreadable !== undefined) {
      const err = t.throws(() => parseImportFile(bytes, { fileName })) as HomewardError
      t.ok(err instanceof HomewardError)
      t.equal(err.code, 'UNREADABLE_FILE')
      t.equal(err.message, want.unreadable)
      return
    }
    const r = parseImportFile(bytes, { fileName })
    if (want.format !== undefined) t.equal(r.format, want.format, 'format')
    if (want.samples !== undefined) t.equal(r.samples.length, want.samples, 'samples')
    if (want.typed !== undefined) t.equal(r.samples.reduce((n, s) => n + Object.keys(s.loci).length, 0), want.typed, 'typed loci')
    if (want.refused !== undefined) t.equal(r.samples.reduce((n, s) => n + s.refused.length, 0), want.refused, 'refused loci')
    if (want.tables !== undefined) t.equal(r.frequencyTables.length, want.tables, 'frequency tables')
    if (want.errors !== undefined) t.same(r.errors, want.errors, 'file errors')
  })
}
