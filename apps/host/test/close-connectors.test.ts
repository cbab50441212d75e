/** `host.close()` closes every connector (their HTTP clients), after the last request is answered. */
import { sampleEvent } from '@bubblehouse-hooks/core'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixture, newBhid, startTestHost } from './helpers'

describe('host.close()', () => {
  let vendor: FakeVendor
  beforeAll(async () => {
    vendor = await startFakeVendor()
  })
  afterAll(() => vendor.close())

  it('closes each connector once, after the in-flight requests', async () => {
    const test = await startTestHost(
      [
        'store: { kind: memory }',
        'connectors:',
        '  vendor:',
        `    use: ${fixture('vendor-connector.mjs')}`,
        `    baseUrl: ${vendor.url}`,
        '    apiKey: k',
      ].join('\n'),
    )
    const answer = await test.send('SendEvent1', sampleEvent('points-earned', { bhid: newBhid() }))
    expect(answer.outcome).toBe('sent')
    expect(vendor.requests).toHaveLength(1)
    await Promise.all([test.close(), test.close()])
    const messages = test.logs().map((line) => line.msg)
    expect(messages.filter((m) => m === 'vendor connector closed')).toHaveLength(1)
    expect(messages.indexOf('vendor connector closed')).toBeGreaterThan(
      messages.indexOf('SendEvent1'),
    )
  })
})
