import t from 'tap'
import { unpackPreview } from '../../src/ingest/preview-transfer.ts'
import { previewImport } from '../../src/ingest/import-preview.ts'
import { createImportPool, createInProcessImportParser } from '../../src/runs/import-pool.ts'
import { largeGenemapperFile } from '../helpers/large-import-file.ts'

t.test('the worker pool answers the same preview as the in-process parser and as previewImport itself', async (t) => {
  const pool = createImportPool()
  t.teardown(() => pool.close())
  const file = largeGenemapperFile(1200) // 58 samples
  const options = { fileName: 'batch.txt', defaultSide: 'unidentified' as const }
  const fromPool = await pool.preview(file, options)
  const inProcess = await createInProcessImportParser().preview(file, options)
  t.same(unpackPreview(fromPool), unpackPreview(inProcess))
  t.same(unpackPreview(fromPool), previewImport(file, options).preview)
  t.equal(fromPool.sampleCount, 58)
})

t.test('a file over 500 samples crosses in several chunks and comes back whole', async (t) => {
  const parser = createInProcessImportParser()
  const file = largeGenemapperFile(21 * 1234)
  const packed = await parser.preview(file, { fileName: 'b.txt', defaultSide: 'unidentified' })
  t.equal(packed.offsets.length - 1, 3, 'three chunks of at most 500 samples')
  t.same(unpackPreview(packed).samples.map((s) => s.id), previewImport(file, { fileName: 'b.txt', defaultSide: 'unidentified' }).preview.samples.map((s) => s.id))
})

t.test("a refusal crosses the thread boundary as the importer's own error", async (t) => {
  const pool = createImportPool()
  t.teardown(() => pool.close())
  await t.rejects(pool.preview(Buffer.from(''), { fileName: 'empty.txt' }), { name: 'HomewardError', code: 'UNREADABLE_FILE', message: /the file is empty/ })
  await t.rejects(pool.preview(largeGenemapperFile(50), { fileName: 'x.txt', caps: { maxBytes: 100, maxRows: 10 } }), { code: 'PAYLOAD_TOO_LARGE', message: /HOMEWARD_IMPORT_MAX_BYTES/ })
})

t.test('a worker that runs out of its heap stops, not the service; the error names the bound', async (t) => {
  const pool = createImportPool({ maxHeapMb: 64 })
  t.teardown(() => pool.close())
  await t.rejects(pool.preview(largeGenemapperFile(200_000), { fileName: 'huge.txt', defaultSide: 'unidentified' }), { code: 'UNREADABLE_FILE', message: /more than the import worker's 64 MB; nothing was stored/ })
  // the pool replaces the dead thread: the next (small) file is read
  t.equal((await pool.preview(largeGenemapperFile(21), { fileName: 'one.txt', defaultSide: 'unidentified' })).sampleCount, 1)
})
