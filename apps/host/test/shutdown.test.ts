// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/** Graceful shutdown of the CLI as a child process: SIGTERM finishes the in-flight request. */
import { sampleEvent } from '@bubblehouse-hooks/core'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendHook } from '../src/cli/commands/send'
import { fixture, jsonLines, newBhid, newSecret, startChildHost, tempDir } from './helpers'

describe('child process: graceful shutdown', () => {
  const secret = newSecret()
  let vendor: FakeVendor
  let dir: { dir: string; cleanup(): Promise<void> }
  beforeAll(async () => {
    vendor = await startFakeVendor({ defaultReply: { status: 200, body: {}, delayMs: 1500 } })
    dir = await tempDir()
  })
  afterAll(async () => {
    await vendor.close()
    await dir.cleanup()
  })

  it('stops accepting, finishes the in-flight request, closes connectors and the store, exits 0', async () => {
    const host = await startChildHost(
      dir.dir,
      'hooks.yaml',
      [
        'store: { kind: sqlite, path: ./hooks.db }',
        'auth: { keys: [ { secret: "${BH_HOOK_SECRET}" } ] }',
        'log: { format: json }',
        'connectors:',
        '  vendor:',
        `    use: ${fixture('vendor-connector.mjs')}`,
        `    baseUrl: ${vendor.url}`,
        '    apiKey: k',
      ].join('\n'),
      { BH_HOOK_SECRET: secret },
    )
    const bhid = newBhid()
    const inFlight = sendHook({
      url: `${host.url}/hooks`,
      hook: 'SendEvent1',
      body: sampleEvent('points-earned', { bhid }),
      key: { secret },
    })
    while (vendor.requests.length === 0) await new Promise((r) => setTimeout(r, 10))

    host.child.kill('SIGTERM')
    const answer = await inFlight
    expect([answer.status, answer.outcome]).toEqual([200, 'sent'])
    expect(await host.exited).toBe(0)
    await expect(fetch(`${host.url}/healthz`)).rejects.toThrow()

    const lines = jsonLines(host.stdout())
    const messages = lines.map((l) => l.msg)
    expect(messages.indexOf('shutting down: finishing in-flight requests')).toBeLessThan(
      messages.indexOf('SendEvent1'),
    )
    expect(lines.find((l) => l.msg === 'SendEvent1')).toMatchObject({
      bhid,
      outcome: 'sent',
      status: 200,
    })
    // The connector is closed once its in-flight request is answered, before the host stops.
    const closed = messages.indexOf('vendor connector closed')
    expect(closed).toBeGreaterThan(messages.indexOf('SendEvent1'))
    expect(lines[closed]).toMatchObject({ connector: 'vendor' })
    expect(lines.at(-1)).toMatchObject({ msg: 'bubblehouse-hooks stopped', unfinished: 0 })
  })
})
