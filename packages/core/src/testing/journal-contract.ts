/**
 * The journal part of the store contract, for stores with `journal`: lines updated in place,
 * bodies kept and dropped, filters, newest first, retention by age (and by count where the store
 * is bounded), rejection after close, and one journal seen by two stores on one backend.
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JournalRetention, JournalWrite } from '../journal/types'
import type { HookStore } from '../store/types'

const DAY = 24 * 60 * 60 * 1000
const keep: JournalRetention = { retentionMs: 14 * DAY }
let n = 0

/** A write for a fresh bhid, unless `bhid` is given. */
function write(over: Partial<JournalWrite> = {}): JournalWrite {
  return {
    bhid: `jc-${process.pid}-${Date.now()}-${++n}`,
    name: 'Points Earned',
    eventTime: '2026-01-02T03:04:05.678Z',
    route: '/hooks/SendEvent1',
    connector: 'klaviyo',
    outcome: 'sent',
    code: 'HTTP_2XX',
    at: Date.now(),
    durationMs: 12.5,
    vendorStatus: 202,
    ...over,
  }
}

/** Register the journal contract for stores whose `journal` is present. */
export function runJournalContract(
  name: string,
  create: () => Promise<HookStore>,
  options: {
    boundedByCount: boolean
    createShared?: () => Promise<readonly [HookStore, HookStore]>
  },
): void {
  describe(`store contract: ${name} journal`, () => {
    let store: HookStore
    beforeEach(async () => {
      store = await create()
    })
    afterEach(async () => {
      await store.close()
    })
    const journal = () => {
      if (!store.journal) throw new Error('the store has no journal')
      return store.journal
    }

    it('records one line per connector and gives every field back', async () => {
      const w = write()
      await journal().record([w, { ...w, connector: 'segment', vendorStatus: undefined }], keep)
      const lines = await journal().list({ bhids: [w.bhid] })
      expect(lines).toHaveLength(2)
      expect(lines.find((l) => l.connector === 'klaviyo')).toEqual({
        bhid: w.bhid,
        name: 'Points Earned',
        eventTime: '2026-01-02T03:04:05.678Z',
        route: '/hooks/SendEvent1',
        connector: 'klaviyo',
        outcome: 'sent',
        code: 'HTTP_2XX',
        attempts: 1,
        firstAttemptAt: w.at,
        lastAttemptAt: w.at,
        durationMs: 12.5,
        vendorStatus: 202,
      })
      expect(lines.find((l) => l.connector === 'segment')).not.toHaveProperty('vendorStatus')
    })

    it('updates a line in place: attempts counted, first attempt kept, body kept then dropped', async () => {
      const first = write({
        outcome: 'failure',
        code: 'HTTP_5XX',
        vendorStatus: 503,
        body: '{"a":1}',
      })
      await journal().record([first], keep)
      expect((await journal().list({ bhids: [first.bhid] }))[0]).not.toHaveProperty('body')
      expect((await journal().list({ bhids: [first.bhid], withBody: true }))[0]?.body).toBe(
        '{"a":1}',
      )
      const second = { ...first, outcome: 'sent' as const, code: 'HTTP_2XX', at: first.at + 1000 }
      await journal().record([{ ...second, body: undefined, vendorStatus: 202 }], keep)
      const [line] = await journal().list({ bhids: [first.bhid], withBody: true })
      expect(line).toMatchObject({
        outcome: 'sent',
        code: 'HTTP_2XX',
        attempts: 2,
        firstAttemptAt: first.at,
        lastAttemptAt: first.at + 1000,
        vendorStatus: 202,
      })
      expect(line).not.toHaveProperty('body')
    })

    it('filters by outcome, connector, bhids and since, newest first, up to the limit', async () => {
      const t = Date.now()
      const a = write({ at: t - 3000, outcome: 'invalid_data', code: 'HTTP_400' })
      const b = write({ at: t - 2000, connector: 'segment' })
      const c = write({ at: t - 1000, outcome: 'invalid_data', code: 'HTTP_422' })
      for (const w of [a, b, c]) await journal().record([w], keep)
      const bhids = [a.bhid, b.bhid, c.bhid]
      expect((await journal().list({ bhids })).map((l) => l.bhid)).toEqual([c.bhid, b.bhid, a.bhid])
      expect((await journal().list({ bhids, outcome: 'invalid_data' })).map((l) => l.code)).toEqual(
        ['HTTP_422', 'HTTP_400'],
      )
      expect((await journal().list({ bhids, connector: 'segment' })).map((l) => l.bhid)).toEqual([
        b.bhid,
      ])
      expect((await journal().list({ bhids, since: t - 1500 })).map((l) => l.bhid)).toEqual([
        c.bhid,
      ])
      expect((await journal().list({ bhids, limit: 2 })).map((l) => l.bhid)).toEqual([
        c.bhid,
        b.bhid,
      ])
      expect(await journal().list({ bhids: ['no-such-bhid'] })).toEqual([])
    })

    it('drops lines older than the retention', async () => {
      const old = write({ at: Date.now() - 3 * DAY })
      await journal().record([old], keep)
      expect(await journal().list({ bhids: [old.bhid] })).toHaveLength(1)
      const fresh = write()
      await journal().record([fresh], { retentionMs: DAY })
      expect((await journal().list({ bhids: [old.bhid, fresh.bhid] })).map((l) => l.bhid)).toEqual([
        fresh.bhid,
      ])
    })

    if (options.boundedByCount) {
      it('keeps at most maxEntries lines, dropping the oldest', async () => {
        const t = Date.now()
        const writes = Array.from({ length: 5 }, (_, i) => write({ at: t + i }))
        for (const w of writes) await journal().record([w], { ...keep, maxEntries: 3 })
        const lines = await journal().list({ bhids: writes.map((w) => w.bhid) })
        expect(lines.map((l) => l.bhid)).toEqual(
          writes
            .slice(2)
            .reverse()
            .map((w) => w.bhid),
        )
      })
    }

    it('rejects journal calls after close', async () => {
      const j = journal()
      await store.close()
      const closed = expect.objectContaining({ code: 'ERR_STORE_UNAVAILABLE' })
      await expect(j.record([write()], keep)).rejects.toThrow(closed)
      await expect(j.list({})).rejects.toThrow(closed)
    })
  })

  const { createShared } = options
  if (!createShared) return
  describe(`store contract: ${name} journal shared by two replicas`, () => {
    it('shows one store the lines the other recorded, attempts counted across both', async () => {
      const [a, b] = await createShared()
      try {
        const w = write({ outcome: 'failure', code: 'HTTP_5XX', body: '{"b":2}' })
        await a.journal!.record([w], keep)
        await b.journal!.record([{ ...w, at: w.at + 5 }], keep)
        const [line] = await a.journal!.list({ bhids: [w.bhid], withBody: true })
        expect(line).toMatchObject({ attempts: 2, lastAttemptAt: w.at + 5, body: '{"b":2}' })
      } finally {
        await Promise.all([a.close(), b.close()])
      }
    })
  })
}
