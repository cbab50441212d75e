import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createSqliteStore, type SqliteHookStore } from '../src/index'
import { tempDirs } from './temp-dir'

const dirs = tempDirs()
const children: ChildProcess[] = []
const stores: SqliteHookStore[] = []
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close()
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})
afterAll(() => dirs.cleanup())

// Another process that opens the same file and holds its write lock until told to commit on stdin
// (or after HOLD_MS on its own).
const HOLDER = `
const Database = require(process.env.SQLITE_MODULE)
const db = new Database(process.env.DB_PATH)
db.exec('BEGIN IMMEDIATE')
const commit = () => { db.exec('COMMIT'); db.close(); console.log('released'); process.exit(0) }
console.log('locked')
process.stdin.once('data', commit)
if (process.env.HOLD_MS) setTimeout(commit, Number(process.env.HOLD_MS))
`

async function holdWriteLock(path: string, holdMs?: number) {
  const child = spawn(process.execPath, ['-e', HOLDER], {
    env: {
      ...process.env,
      SQLITE_MODULE: createRequire(import.meta.url).resolve('better-sqlite3'),
      DB_PATH: path,
      ...(holdMs === undefined ? {} : { HOLD_MS: String(holdMs) }),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  children.push(child)
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
  const next = async () => (await lines.next()).value
  expect(await next()).toBe('locked')
  return {
    async release() {
      child.stdin!.write('go\n')
      expect(await next()).toBe('released')
      await once(child, 'exit')
    },
  }
}

describe('another process holding the write lock', () => {
  it('fails fast with StoreUnavailableError past the busy timeout, reads keep working', async () => {
    const path = join(dirs.make(), 'hooks.db')
    const s = createSqliteStore({ path, busyTimeoutMs: 50 })
    stores.push(s)
    const token = await s.acquire('done', 10_000)
    await s.complete('done', token!, { outcome: 'sent', code: 'HTTP_2XX', at: 1 }, 60_000)

    const holder = await holdWriteLock(path)
    await expect(s.acquire('k', 10_000)).rejects.toThrow(
      expect.objectContaining({
        code: 'ERR_STORE_UNAVAILABLE',
        message: expect.stringContaining('SQLITE_BUSY'),
      }),
    )
    // WAL: a writer in another process does not block readers.
    expect(await s.get('done')).toMatchObject({ outcome: 'sent' })
    await s.ping()

    await holder.release()
    expect(await s.acquire('k', 10_000)).not.toBeNull()
  })

  it('waits for the lock within the busy timeout instead of failing', async () => {
    const path = join(dirs.make(), 'hooks.db')
    const s = createSqliteStore({ path, busyTimeoutMs: 15_000 })
    stores.push(s)
    await holdWriteLock(path, 300)
    expect(await s.acquire('k', 10_000)).not.toBeNull()
  })
})
