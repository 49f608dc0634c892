import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

/**
 * The fonts a PDF report embeds: Noto Sans SC (SIL Open Font License 1.1; Google's static build of Adobe's
 * Source Han Sans SC, shipped in the registry package @expo-google-fonts/noto-sans-sc), regular and bold.
 * It covers the Latin, Greek and mathematical signs of a report and about 30,000 Chinese characters, so
 * ids, names and places in Chinese print on any machine with nothing installed. pdfkit subsets the font
 * to the glyphs a report uses (about 20 KB per face, not the 10 MB file).
 */
export interface ReportFonts { regular: Buffer, bold: Buffer }

const FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'
} as const

let cached: ReportFonts | undefined

/** Read once per process (about 21 MB for both faces) and shared by every report. */
export function reportFonts (): ReportFonts {
  if (cached === undefined) {
    const require = createRequire(import.meta.url)
    cached = { regular: readFileSync(require.resolve(FILES.regular)), bold: readFileSync(require.resolve(FILES.bold)) }
  }
  return cached
}
