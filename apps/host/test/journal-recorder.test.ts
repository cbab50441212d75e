/** The host's journal recorder: bodies per `journal.bodies`, one write per event, failures counted. */
import {
  type ConnectorAttempt,
  createMemoryStore,
  type HookStore,
  sampleEvent,
} from '@bubblehouse-hooks/core'
import { Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import type { JournalConfig } from '../src/config/schema'
import { createJournalRecorder } from '../src/journal/recorder'
import { parseSince } from '../src/journal/since'
import { newBhid } from './helpers'

const config = (over: Partial<JournalConfig> = {}): JournalConfig => ({
  enabled: true,
  bodies: 'failures',
  retentionDays: 14,
  maxEntries: 1000,
  ...over,
})

const attempt = (connector: string, outcome: ConnectorAttempt['outcome']): ConnectorAttempt => ({
  connector,
  outcome,
  code: `C_${outcome}`,
  duplicate: false,
  startedAt: Date.now(),
  durationMs: 3,
})

const runs = [
  attempt('a', 'sent'),
  attempt('b', 'invalid_data'),
  attempt('c', 'failure'),
  attempt('d', 'skipped'),
]

describe('journal recorder', () => {
  for (const [bodies, kept] of [
    ['failures', ['b', 'c']],
    ['all', ['a', 'b', 'c', 'd']],
    ['none', []],
  ] as const) {
    it(`keeps bodies of ${kept.join(', ') || 'no line'} with bodies: ${bodies}`, async () => {
      const store = createMemoryStore()
      const event = sampleEvent('points-earned', { bhid: newBhid() })
      await createJournalRecorder({ store, config: config({ bodies }) }).record(
        '/hooks/SendEvent1',
        event,
        runs,
      )
      const lines = await store.journal!.list({ withBody: true })
      expect(lines.map((l) => l.connector).sort()).toEqual(['a', 'b', 'c', 'd'])
      expect(
        lines
          .filter((l) => l.body !== undefined)
          .map((l) => l.connector)
          .sort(),
      ).toEqual([...kept])
      for (const line of lines.filter((l) => l.body !== undefined)) {
        expect(JSON.parse(line.body!)).toEqual(event)
      }
    })
  }

  it('writes each event in one journal call, and the events of one tick together', async () => {
    const store = createMemoryStore()
    const calls: number[] = []
    const counted: HookStore = {
      ...store,
      journal: {
        record: async (writes, retention) => {
          calls.push(writes.length)
          return store.journal!.record(writes, retention)
        },
        list: (q) => store.journal!.list(q),
      },
    }
    await createJournalRecorder({ store: counted, config: config() }).record(
      '/hooks/SendEvent1',
      sampleEvent('points-earned'),
      runs,
    )
    expect(calls).toEqual([4])
    // Events answered in the same turn of the event loop share one call.
    const recorder = createJournalRecorder({ store: counted, config: config() })
    await Promise.all([
      recorder.record('/hooks/SendEvent1', sampleEvent('points-earned', { bhid: newBhid() }), runs),
      recorder.record('/hooks/SendEvent1', sampleEvent('tier-reached', { bhid: newBhid() }), runs),
    ])
    expect(calls).toEqual([4, 8])
    expect(await store.journal!.list({})).toHaveLength(12)
  })

  it('counts a failed write and resolves anyway; writes nothing when disabled', async () => {
    const registry = new Registry()
    const warnings: unknown[] = []
    const store = createMemoryStore()
    await store.close()
    const recorder = createJournalRecorder({
      store,
      config: config(),
      registry,
      logger: { warn: (obj: unknown) => warnings.push(obj) },
    })
    await expect(
      recorder.record('/hooks/SendEvent1', sampleEvent('points-earned'), runs),
    ).resolves.toBeUndefined()
    await recorder.drain()
    expect(await registry.metrics()).toContain('bh_journal_write_failures_total 1')
    expect(warnings).toEqual([{ errorCode: 'ERR_STORE_UNAVAILABLE', events: 1 }])

    const open = createMemoryStore()
    await createJournalRecorder({ store: open, config: config({ enabled: false }) }).record(
      '/hooks/SendEvent1',
      sampleEvent('points-earned'),
      runs,
    )
    expect(await open.journal!.list({})).toEqual([])
  })
})

describe('--since', () => {
  const now = Date.parse('2026-01-10T12:00:00Z')
  it.each([
    ['90s', now - 90_000],
    ['15m', now - 900_000],
    ['1h', now - 3_600_000],
    ['2d', now - 2 * 86_400_000],
    ['1w', now - 604_800_000],
    ['2026-01-10T11:00:00Z', Date.parse('2026-01-10T11:00:00Z')],
    ['yesterday', undefined],
    ['1y', undefined],
    ['2026-13-45', undefined],
  ])('%s', (text, expected) => {
    expect(parseSince(text, now)).toBe(expected)
  })
})
