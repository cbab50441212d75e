/** The store's folder and file are created owner-only: they hold every event's bhid and outcome. */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createSqliteStore } from '../src/index'
import { tempDirs } from './temp-dir'

const dirs = tempDirs()
afterAll(() => dirs.cleanup())

const modeOf = (path: string) => statSync(path).mode & 0o777

describe.runIf(process.platform !== 'win32')('file modes', () => {
  it('creates the folder 0700 and the file, its -wal and -shm 0600, whatever the umask allows', async () => {
    const previous = process.umask(0o022)
    try {
      const file = join(dirs.make(), 'data', 'hooks.db')
      const store = createSqliteStore({ path: file })
      const token = await store.acquire('bhid-1', 60_000)
      await store.complete('bhid-1', token ?? '', { outcome: 'sent', code: 'SENT', at: 1 }, 60_000)
      expect(modeOf(join(file, '..'))).toBe(0o700)
      expect(modeOf(file)).toBe(0o600)
      expect(modeOf(`${file}-wal`)).toBe(0o600)
      expect(modeOf(`${file}-shm`)).toBe(0o600)
      await store.close()
    } finally {
      process.umask(previous)
    }
  })
})
