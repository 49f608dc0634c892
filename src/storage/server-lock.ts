import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { dirname } from 'node:path'
import { fail } from '../core/errors.ts'

/** Who serves a database file: written by the server beside the file while it runs. */
export interface ServerLock {
  pid: number
  host: string
  since: string
}

/** The lock file of a database file. */
export const serverLockFile = (dbFile: string): string => `${dbFile}.server-lock`

/**
 * The server that has `dbFile` open, if one runs. A lock left by a server killed with -9 names a pid
 * that no longer runs on this host: that lock is stale and ignored. A lock from another host cannot be
 * checked from here, so it counts as held (the file names it, and may be removed once that server is gone).
 */
export function servingLock (dbFile: string): ServerLock | undefined {
  let lock: ServerLock
  try {
    lock = JSON.parse(readFileSync(serverLockFile(dbFile), 'utf8')) as ServerLock
  } catch {
    return undefined // no lock file, or a torn one from a crash between create and write
  }
  if (typeof lock.pid !== 'number' || typeof lock.host !== 'string') return undefined
  if (lock.host !== hostname()) return lock
  return processRuns(lock.pid) ? lock : undefined
}

function processRuns (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to another user; it still holds the file.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Refuses (CONFLICT) while a server has `dbFile` open, naming it and how to stop it. */
export function refuseWhileServed (dbFile: string, what: string): void {
  const lock = servingLock(dbFile)
  if (lock === undefined) return
  fail('CONFLICT', `${dbFile} is open in a running server (pid ${lock.pid} on ${lock.host}, since ${lock.since}): stop it first, then ${what}; if that server is gone, remove ${serverLockFile(dbFile)}`, { field: 'file', value: String(lock.pid) })
}

/**
 * Taken by `npm start` before it opens the database, released when it closes: a restore (which replaces
 * the file under the server's open connection) refuses while it is held. Two servers on one file are refused too.
 * Returns the release function.
 */
export function holdServerLock (dbFile: string, now: Date = new Date()): () => void {
  refuseWhileServed(dbFile, 'start this one')
  const file = serverLockFile(dbFile)
  mkdirSync(dirname(file), { recursive: true })
  rmSync(file, { force: true }) // a stale lock (its server no longer runs)
  const fd = openSync(file, 'wx', 0o600) // wx: of two servers starting at once, one wins
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: now.toISOString() } satisfies ServerLock))
  } finally {
    closeSync(fd)
  }
  return () => {
    // only our own lock: never one a later server wrote after ours was (wrongly) removed
    if (servingLock(dbFile)?.pid === process.pid) rmSync(file, { force: true })
  }
}
