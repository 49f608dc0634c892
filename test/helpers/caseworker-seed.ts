// A workspace with real data for the caseworker page tests: planted families entered through the API
// as a lab would (cases first, then each true child, whose search on entry raises the alerts).
import { buildTestApp, type TestApp } from './build-test-app.ts'
import { caseBody, personBody, plantFamilies, type PlantedFamily } from './planted-families.ts'

export interface SeededWorkspace extends TestApp {
  families: PlantedFamily[]
  /** GET a page as the test caseworker (or other headers) in a language, asking for HTML as a browser does. */
  page: (url: string, options?: { lang?: 'en' | 'zh-CN', headers?: Record<string, string> }) => Promise<{ statusCode: number, body: string, headers: Record<string, unknown> }>
}

export async function seedWorkspace (t: { teardown: (fn: () => unknown) => void }, options: { families?: number, seed?: number } = {}): Promise<SeededWorkspace> {
  const ws = await buildTestApp(t)
  const families = plantFamilies(options.seed ?? 20261201).slice(0, options.families ?? 2)
  const lab = ws.authHeaders('lab')
  for (const f of families) {
    const res = await ws.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody(f) })
    if (res.statusCode !== 201) throw new Error(`case ${f.caseId}: ${res.statusCode} ${res.body}`)
  }
  for (const f of families) {
    const res = await ws.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { ...personBody(f.personId, f.mpSex, f.child), foundPlace: `Guangzhou ${f.personId}`, foundDate: '2024-03-05' } })
    if (res.statusCode !== 201) throw new Error(`person ${f.personId}: ${res.statusCode} ${res.body}`)
  }
  const page: SeededWorkspace['page'] = async (url, o = {}) => {
    const sep = url.includes('?') ? '&' : '?'
    const res = await ws.app.inject({ method: 'GET', url: `${url}${sep}lang=${o.lang ?? 'en'}`, headers: { accept: 'text/html', ...(o.headers ?? ws.authHeaders('caseworker')) } })
    return { statusCode: res.statusCode, body: res.body, headers: res.headers }
  }
  return { ...ws, families, page }
}
