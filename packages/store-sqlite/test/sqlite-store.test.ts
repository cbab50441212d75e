import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { StoredResult } from '@bubblehouse-hooks/core'
import Database from 'better-sqlite3'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createSqliteStore, type SqliteHookStore } from '../src/index'
import { TABLE } from '../src/schema'
import { tempDirs } from './temp-dir'

const dirs = tempDirs()
const open: SqliteHookStore[] = []
const store = (options: Parameters<typeof createSqliteStore>[0]) => {
  const s = createSqliteStore(options)
  open.push(s)
  return s
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close()
})
afterAll(() => dirs.cleanup())

const sent: StoredResult = { outcome: 'sent', code: 'HTTP_2XX', at: 1_700_000_000_000 }
const dbFile = () => join(dirs.make(), 'nested', 'dir', 'hooks.db')

/** What is in the file, read over a separate connection. */
function rows(path: string): Array<{ key: string; lock_token: string | null }> {
  const db = new Database(path, { readonly: true })
  try {
    return db
      .prepare<[], { key: string; lock_token: string | null }>(
        `SELECT key, lock_token FROM ${TABLE} ORDER BY key`,
      )
      .all()
  } finally {
    db.close()
  }
}

describe('opening', () => {
  it('creates the parent directory and puts the file in WAL mode', async () => {
    const path = dbFile()
    await store({ path }).ping()
    expect(existsSync(path)).toBe(true)
    const db = new Database(path, { readonly: true })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
  })

  it('throws StoreUnavailableError when the path cannot be opened', () => {
    const dir = dirs.make()
    expect(() => createSqliteStore({ path: dir })).toThrow(
      expect.objectContaining({ code: 'ERR_STORE_UNAVAILABLE', name: 'StoreUnavailableError' }),
    )
  })
})

describe('restarts', () => {
  it('keeps results and held locks when the file is reopened', async () => {
    const path = dbFile()
    const before = createSqliteStore({ path })
    const token = await before.acquire('klaviyo:bh1', 10_000)
    await before.complete('klaviyo:bh1', token!, sent, 60_000)
    // A holder that crashed mid-delivery: its lock must outlive the restart until its TTL.
    expect(await before.acquire('klaviyo:bh2', 60_000)).not.toBeNull()
    await before.close()

    const after = store({ path })
    expect(await after.get('klaviyo:bh1')).toEqual(sent)
    expect(await after.acquire('klaviyo:bh2', 10_000)).toBeNull()
    expect(await after.get('klaviyo:bh2')).toBeUndefined()
  })
})

describe('expiry', () => {
  it('checks expiry on read before any sweep', async () => {
    let t = 1_000_000
    const s = store({ path: dbFile(), now: () => t, sweepIntervalMs: 0 })
    const token = await s.acquire('k', 100)
    await s.complete('k', token!, sent, 100)
    t += 100
    expect(await s.get('k')).toBeUndefined()
  })

  it('sweeps rows whose result and lock are both gone, and only those', async () => {
    let t = 1_000_000
    const path = dbFile()
    const s = store({ path, now: () => t, sweepIntervalMs: 0 })
    const done = async (key: string, ttlMs: number) => {
      const token = await s.acquire(key, 10_000)
      await s.complete(key, token!, sent, ttlMs)
    }
    await done('expired-result', 100)
    await done('live-result', 10_000)
    await s.acquire('expired-lock', 100)
    await done('expired-result-live-lock', 100)
    await s.acquire('expired-result-live-lock', 10_000)
    const released = await s.acquire('released', 10_000)
    await s.release('released', released!)

    t += 1_000
    expect(await s.sweep()).toBe(3)
    expect(rows(path).map((r) => r.key)).toEqual(['expired-result-live-lock', 'live-result'])
    expect(await s.get('live-result')).toEqual(sent)
  })

  it('sweeps in batches until nothing expired is left', async () => {
    let t = 1_000_000
    const path = dbFile()
    const s = store({ path, now: () => t, sweepIntervalMs: 0 })
    for (let i = 0; i < 1_234; i++) {
      const token = await s.acquire(`k${i}`, 10_000)
      await s.complete(`k${i}`, token!, sent, 100)
    }
    t += 1_000
    expect(await s.sweep()).toBe(1_234)
    expect(rows(path)).toEqual([])
  })

  it('runs the sweep on its timer', async () => {
    let t = 1_000_000
    const path = dbFile()
    const s = store({ path, now: () => t, sweepIntervalMs: 20 })
    const token = await s.acquire('k', 10_000)
    await s.complete('k', token!, sent, 100)
    t += 1_000
    for (let i = 0; i < 200 && rows(path).length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    expect(rows(path)).toEqual([])
  })
})

describe('rows it did not write', () => {
  it('treats an unreadable result as absent', async () => {
    const path = dbFile()
    const s = store({ path })
    const db = new Database(path)
    db.prepare(
      `INSERT INTO ${TABLE} (key, outcome, code, at, result_expires_at) VALUES (?, ?, ?, ?, ?)`,
    ).run('k', 'failure', 'X', 1, Date.now() + 60_000)
    db.close()
    expect(await s.get('k')).toBeUndefined()
  })
})

describe('acquireAndGet', () => {
  it('gives the lock back when the read after it fails', async () => {
    // The clock is read once by the lock's upsert and once by the read: failing the second one
    // fails the read with the lock already taken.
    let reads = 0
    let failRead = false
    const s = store({
      path: dbFile(),
      now: () => {
        if (failRead && ++reads === 2) throw new Error('read failed')
        return Date.now()
      },
    })
    await s.ping()
    failRead = true
    await expect(s.acquireAndGet!('k', 60_000)).rejects.toThrow(
      expect.objectContaining({ code: 'ERR_STORE_UNAVAILABLE' }),
    )
    failRead = false
    expect(await s.acquire('k', 60_000)).not.toBeNull()
  })
})
