import type { Database } from './database.ts'
import { cipherOf } from './encryption-at-rest.ts'
import { resealAll, type ResealOptions } from './reseal.ts'

export interface RotationResult {
  currentKey: string
  resealed: number
  /** Keys no value is sealed with any more: the keyring may drop them. */
  retired: string[]
}

/**
 * Reseals every value under the keyring's current key (plain ones too), in bounded transactions
 * (resumable: run it again after a crash, values already under the current key are skipped), then
 * retires the other keys in one transaction with `record`, the audit entry. A pass that still finds
 * values of an old key is repeated: a server still running with the old key as its current one keeps
 * writing them, and is refused after three passes (restart it with the new key first).
 */
export function rotateKeys (db: Database, options: Pick<ResealOptions, 'batchSize' | 'onBatch'> & {
  record: (result: RotationResult) => void
}): RotationResult {
  const cipher = cipherOf(db)
  const currentKey = cipher.keyring.current.id
  let resealed = 0
  for (let pass = 1; ; pass++) {
    const n = resealAll(db, cipher, { only: 'stale', batchSize: options.batchSize, onBatch: options.onBatch })
    resealed += n
    if (n === 0) break
    if (pass === 3) throw new Error(`values sealed with an older key keep arriving (${n} in the third pass): restart the server with the new key first in its keyring, then rotate`)
  }
  return db.transaction((): RotationResult => {
    const retired = db.prepare('SELECT key_id FROM encryption_keys WHERE retired_at IS NULL AND key_id <> ? ORDER BY added_at').pluck().all(currentKey) as string[]
    db.prepare('UPDATE encryption_keys SET retired_at = ? WHERE retired_at IS NULL AND key_id <> ?').run(new Date().toISOString(), currentKey)
    const result = { currentKey, resealed, retired }
    options.record(result)
    return result
  }).immediate()
}

/** The keys the database knows, newest first, and whether each is still needed. */
export function keyStatus (db: Database): Array<{ keyId: string, addedAt: string, retiredAt: string | null }> {
  return (db.prepare('SELECT key_id, added_at, retired_at FROM encryption_keys ORDER BY added_at DESC').all() as Array<{ key_id: string, added_at: string, retired_at: string | null }>)
    .map((r) => ({ keyId: r.key_id, addedAt: r.added_at, retiredAt: r.retired_at }))
}
