// Issue 16 item 7: `homeward restore` (also with --force) refuses while a server has the database open,
// tried against a real `npm start` process; it works once the server stopped, and after a kill -9.
import t from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../../helpers/run-cli.ts'
import { serverLockFile } from '../../../src/storage/server-lock.ts'

const ROOT = join(import.meta.dirname, '..', '..', '..')

/** `npm start` on the file: resolves once it has listened and warmed its screen (the lock is taken before it opens the file). */
async function startServer (env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`server did not start: ${out}`)) }, 120_000)
    const seen = (chunk: Buffer): void => {
      out += chunk.toString()
      if (out.includes('candidate screen ready')) { clearTimeout(timer); resolve() }
    }
    child.stdout?.on('data', seen)
    child.stderr?.on('data', seen)
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${out}`)) })
  })
  child.removeAllListeners('exit')
  return child
}

const exited = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return
  await new Promise((resolve) => child.once('exit', resolve))
}

t.test('restore refuses while a server has the database open, even with --force; works once it is stopped or killed', async (t) => {
  const dir = t.testdir({})
  const dbFile = join(dir, 'homeward.sqlite')
  const backup = join(dir, 'backup.sqlite')
  const env = { HOMEWARD_DB: dbFile, HOMEWARD_KEY: randomBytes(32).toString('base64'), PORT: '0', HOMEWARD_WORKERS: '1', LOG_LEVEL: 'info' }
  const made = runCli(['backup', backup], env)
  t.equal(made.code, 0, made.stderr)

  let server = await startServer(env)
  t.teardown(() => { server.kill('SIGKILL') })
  t.ok(existsSync(serverLockFile(dbFile)), 'the running server holds the lock file')
  for (const args of [['restore', backup, '--force'], ['restore', backup]]) {
    const refused = runCli(args, env)
    t.equal(refused.code, 1, args.join(' '))
    t.match(refused.stderr, new RegExp(`^error: ${dbFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is open in a running server \\(pid ${server.pid ?? -1} on .*\\): stop it first, then restore`), args.join(' '))
  }

  server.kill('SIGTERM')
  await exited(server)
  t.notOk(existsSync(serverLockFile(dbFile)), 'a server that stops releases the lock')
  const restored = runCli(['restore', backup, '--force'], env)
  t.equal(restored.code, 0, restored.stderr)
  t.match(restored.stdout, /^restored .*: integrity ok, audit chain intact/)

  // kill -9 leaves the lock file behind; its pid no longer runs, so the lock does not hold anyone back.
  server = await startServer(env)
  t.equal(runCli(['restore', backup, '--force'], env).code, 1, 'refused again under the new server')
  server.kill('SIGKILL')
  await exited(server)
  t.ok(existsSync(serverLockFile(dbFile)), 'the killed server left its lock file')
  const afterKill = runCli(['restore', backup, '--force'], env)
  t.equal(afterKill.code, 0, afterKill.stderr)
})
