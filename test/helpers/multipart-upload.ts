import type { TestApp } from './build-test-app.ts'

/** A multipart/form-data body, as a browser or curl -F would send it. */
export function multipart (file: { name: string, content: string | Buffer } | undefined, options?: unknown): { payload: Buffer, headers: Record<string, string> } {
  const boundary = '----homeward-test-boundary'
  const parts: Buffer[] = []
  if (options !== undefined) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="options"\r\n\r\n${JSON.stringify(options)}\r\n`))
  }
  if (file !== undefined) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`))
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content))
    parts.push(Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** POST /imports as the given role. */
export async function uploadImport (ta: TestApp, role: 'lab' | 'caseworker', file: { name: string, content: string | Buffer } | undefined, options?: unknown) {
  const { payload, headers } = multipart(file, options)
  return await ta.app.inject({ method: 'POST', url: '/imports', payload, headers: { ...headers, ...ta.authHeaders(role) } })
}
