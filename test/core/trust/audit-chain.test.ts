import t from 'tap'
import { createHash } from 'node:crypto'
import { canonicalJson, chainEntry, entryHash, GENESIS_HASH, verifyChain, type AuditEntry } from '../../../src/core/trust/audit-chain.ts'

const sha = (s: string): string => createHash('sha256').update(s).digest('hex')

t.test('canonical JSON sorts keys, drops undefined, refuses non-finite', async (t) => {
  t.equal(canonicalJson({ b: 1, a: [true, null] }), '{"a":[true,null],"b":1}')
  t.equal(canonicalJson({ z: { y: 'é"', x: undefined }, a: -0.5 }), '{"a":-0.5,"z":{"y":"é\\""}}')
  t.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }))
  t.throws(() => canonicalJson({ a: Infinity }))
  t.throws(() => canonicalJson(NaN))
})

t.test('entry hash follows the documented formula', async (t) => {
  const fields = { seq: 1, at: 'T', actor: 'a', role: null, action: 'x', target: {}, status: 0, prevHash: GENESIS_HASH }
  // written out by hand from the formula in the module comment
  const text = '0'.repeat(64) + '\n{"action":"x","actor":"a","at":"T","prevHash":"' + '0'.repeat(64) + '","role":null,"seq":1,"status":0,"target":{}}'
  t.equal(entryHash(fields), sha(text))
})

function buildChain (n: number): AuditEntry[] {
  const out: AuditEntry[] = []
  for (let i = 0; i < n; i++) {
    out.push(chainEntry(out.at(-1), {
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      actor: `user-${i % 3}`,
      role: 'caseworker',
      action: 'report.read',
      target: { caseId: `C-${i}`, personId: `U-${i}` },
      status: 200
    }))
  }
  return out
}

t.test('an intact chain verifies and links', async (t) => {
  const chain = buildChain(10)
  t.equal(chain[0].prevHash, GENESIS_HASH)
  for (let i = 1; i < chain.length; i++) t.equal(chain[i].prevHash, chain[i - 1].hash)
  t.same(verifyChain(chain), { ok: true, count: 10, headHash: chain[9].hash })
  t.same(verifyChain([]), { ok: true, count: 0, headHash: GENESIS_HASH })
})

t.test('tampering is found at the first bad entry', async (t) => {
  const edited = buildChain(10)
  edited[4] = { ...edited[4], target: { caseId: 'C-other', personId: 'U-4' } }
  t.match(verifyChain(edited), { ok: false, firstBadSeq: 5, reason: /content does not match/ })

  // rewrite entry 5 and recompute its own hash: entry 6 no longer links to it
  const rehashed = buildChain(10)
  const forged = { ...rehashed[4], actor: 'someone-else' }
  rehashed[4] = { ...forged, hash: entryHash(forged) }
  t.match(verifyChain(rehashed), { ok: false, firstBadSeq: 6, reason: /prevHash/ })

  const removed = buildChain(10)
  removed.splice(3, 1)
  t.match(verifyChain(removed), { ok: false, firstBadSeq: 5, reason: /sequence/ })

  const swapped = buildChain(10)
  ;[swapped[2], swapped[3]] = [swapped[3], swapped[2]]
  t.match(verifyChain(swapped), { ok: false, firstBadSeq: 4 })
})
