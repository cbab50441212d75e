/** The built-in `log` connector: PII kept out by default, file lines, filters, write failures. */
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CANONICAL_EVENT, sampleEvent } from '@bubblehouse-hooks/core'
import { createHarness } from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import logConnector, { redactEvent } from '../src/connectors/log/index'
import { jsonLines, newBhid, tempDir } from './helpers'

describe('log connector', () => {
  let dir: { dir: string; cleanup(): Promise<void> }
  beforeAll(async () => {
    dir = await tempDir()
  })
  afterAll(() => dir.cleanup())

  it('redacts the email, names, name-like properties, links and email-like values', () => {
    const event = sampleEvent('referral-approved-receiver', {
      customer: { ...CANONICAL_EVENT.customer, full_name: 'Jane Doe', phone: '+33600000000' },
      extra_props: {
        BH_Sender_FirstName: 'Sam',
        BH_Link: 'https://shop.example.com/r/abc',
        note: 'contact sam@example.net',
        nested: { email: 'x@example.org', BH_Points: 5 },
        list: ['a@example.org', 7],
      },
    })
    expect(redactEvent(event)).toEqual({
      bhid: '24a5be6c83010001',
      time: '2024-12-26T18:05:42.915Z',
      name: 'Referral Approved (Receiver)',
      referred_user: true,
      customer_props: { BH_Points_Balance: 500, BH_Tier: 'Gold' },
      segment_props: { BH_Channel: 'email', BH_HasCoupon: true },
      extra_props: {
        BH_Sender_FirstName: '[redacted]',
        BH_Link: '[redacted]',
        note: '[redacted]',
        nested: { email: '[redacted]', BH_Points: 5 },
        list: ['[redacted]', 7],
      },
      customer: {
        bhid: '24760933ea010001',
        shopid: '12345',
        email: '[redacted]',
        first_name: '[redacted]',
        last_name: '[redacted]',
        full_name: '[redacted]',
        phone: '[redacted]',
      },
    })
  })

  it('appends one JSON line per event to a file, PII only when opted in', async () => {
    const quiet = join(dir.dir, 'quiet.jsonl')
    const loud = join(dir.dir, 'audit', 'loud.jsonl')
    const redacting = createHarness(logConnector, { to: quiet })
    const opted = createHarness(logConnector, { to: loud, includePii: true })
    const event = sampleEvent('points-earned', { bhid: newBhid() })
    expect(await redacting.run(event)).toEqual({
      outcome: 'sent',
      code: 'LOG_WRITTEN',
      reason: `written to ${quiet}`,
    })
    expect(await opted.run(event)).toMatchObject({ outcome: 'sent', code: 'LOG_WRITTEN' })
    const [quietLine] = jsonLines(await readFile(quiet, 'utf8'))
    const [loudLine] = jsonLines(await readFile(loud, 'utf8'))
    expect(quietLine).toEqual({
      type: 'bubblehouse.event',
      at: expect.any(String),
      bhid: event.bhid,
      event: redactEvent(event),
    })
    expect(JSON.stringify(quietLine)).not.toMatch(/customer@example\.com|Jane|Doe/)
    expect(loudLine?.event).toEqual(JSON.parse(JSON.stringify(event)))
    await redacting.connector.close?.()
    await opted.connector.close?.()
  })

  it('skips filtered events without writing, but never a customer_only one', async () => {
    const file = join(dir.dir, 'filtered.jsonl')
    const h = createHarness(logConnector, { to: file, events: { allow: ['Tier Reached'] } })
    expect(h.plan(sampleEvent('birthday'))).toEqual({
      kind: 'decision',
      result: {
        outcome: 'skipped',
        code: 'EVENT_FILTERED',
        reason: 'the event name is filtered out by the events option',
      },
    })
    expect(await h.run(sampleEvent('tier-reached', { bhid: newBhid() }))).toMatchObject({
      outcome: 'sent',
    })
    const profileUpdate = { ...sampleEvent('birthday', { bhid: newBhid() }), customer_only: true }
    expect(await h.run(profileUpdate)).toMatchObject({ outcome: 'sent' })
    expect(jsonLines(await readFile(file, 'utf8'))).toHaveLength(2)
    await h.connector.close?.()
  })

  it('holds the queue when it cannot write (a full disk hits every event)', async () => {
    const folder = join(dir.dir, 'a-folder')
    await mkdir(folder)
    const h = createHarness(logConnector, { to: folder })
    expect(await h.run(sampleEvent('birthday', { bhid: newBhid() }))).toEqual({
      outcome: 'failure',
      code: 'LOG_WRITE_FAILED',
      reason: 'could not write the event line',
    })
  })

  it('plans are pure and hold no credentials', () => {
    const h = createHarness(logConnector, {})
    const event = Object.freeze(sampleEvent('points-earned'))
    expect(h.plan(event)).toEqual(h.plan(event))
    expect(h.plan(event)).toEqual({
      kind: 'send',
      requests: [
        { operation: 'appendLine', method: 'POST', path: 'stdout', body: redactEvent(event) },
      ],
    })
  })
})
