/**
 * Reload: a re-read config adds, changes and removes tenants and connectors without dropping a
 * request in flight; a config that does not validate is refused and the old one keeps serving.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sampleEvent } from '@bubblehouse-hooks/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigFileError } from '../src/config/errors'
import { parseConfig } from '../src/config/load'
import { fixture, newBhid, newSecret, startChildHost, tempDir } from './helpers'
import { startYamlHost, vendorBlock, type YamlHost } from './tenants-helpers'

/** A vendor that answers 200 to each request only when told to (or at once when open). */
interface GatedVendor {
  readonly url: string
  /** Bearer tokens of the requests received so far. */
  readonly seen: string[]
  /** Requests waiting for an answer. */
  waiting(): number
  /** Answer the waiting requests, and from now on answer at once. */
  open(): void
  /** From now on hold the answers. */
  hold(): void
  close(): Promise<void>
}

async function startGatedVendor(): Promise<GatedVendor> {
  const seen: string[] = []
  let held: ServerResponse[] = []
  let gated = false
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume()
    req.on('end', () => {
      seen.push(String(req.headers.authorization))
      if (gated) held.push(res)
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    waiting: () => held.length,
    open() {
      gated = false
      for (const res of held) res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
      held = []
    },
    hold() {
      gated = true
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const until = async (check: () => boolean | Promise<boolean>) => {
  while (!(await check())) await new Promise((r) => setTimeout(r, 10))
}

const secrets = { acme: newSecret(), globex: newSecret(), initech: newSecret() }
const vendorFixture = fixture('vendor-connector.mjs')

/** A config with `tenants` (id → the vendor apiKey), each tenant with the vendor connector. */
const yamlOf = (url: string, tenants: Record<string, string>, extra = '') =>
  [
    'store: { kind: memory }',
    'log: { format: json }',
    'deadlineMs: 20000',
    'tenants:',
    ...Object.entries(tenants).flatMap(([id, apiKey]) => [
      `  ${id}:`,
      `    auth: { keys: [{ secret: "${secrets[id as keyof typeof secrets]}" }] }`,
      '    maxInFlight: 200',
      '    connectors:',
      vendorBlock(vendorFixture, url, apiKey, '      '),
    ]),
    extra,
  ].join('\n')

describe('reload (in process)', () => {
  let vendor: GatedVendor
  let t: YamlHost
  const send = (tenant: keyof typeof secrets) =>
    t.post(
      `/t/${tenant}/hooks`,
      'SendEvent1',
      sampleEvent('birthday', { bhid: newBhid() }),
      secrets[tenant],
    )
  const reload = (yaml: string) => t.host.reload(parseConfig(yaml, 'tenants.yaml', { env: {} }))

  beforeAll(async () => {
    vendor = await startGatedVendor()
    t = await startYamlHost(yamlOf(vendor.url, { acme: 'acme-1', initech: 'initech-1' }))
  })
  afterAll(async () => {
    vendor.open()
    await t.host.close()
    await vendor.close()
  })

  it('adds, changes and removes tenants; a request in flight during the reload completes', async () => {
    vendor.hold()
    const inFlight = send('acme')
    await until(() => vendor.waiting() === 1)
    const summary = await reload(yamlOf(vendor.url, { acme: 'acme-2', globex: 'globex-1' }))
    expect(summary).toEqual({
      added: ['globex'],
      changed: ['acme'],
      removed: ['initech'],
      unchanged: 0,
    })
    // The request that was running on the old acme is answered by it, after the reload.
    vendor.open()
    expect((await inFlight).outcome).toBe('sent')
    expect((await send('acme')).outcome).toBe('sent')
    expect((await send('globex')).outcome).toBe('sent')
    const removed = await send('initech')
    expect([removed.status, removed.text]).toEqual([401, '{"error":"unauthorized"}'])
    expect(vendor.seen).toEqual(['Bearer acme-1', 'Bearer acme-2', 'Bearer globex-1'])
    expect(t.logs()).toContainEqual(
      expect.objectContaining({ msg: 'config reloaded', added: ['globex'], removed: ['initech'] }),
    )
  })

  it('refuses a config that does not validate with the start-up issues, and keeps serving', async () => {
    const bad = yamlOf(vendor.url, { acme: 'acme-3', globex: 'globex-1' }, '        nope: 1')
    const refused = await reload(bad).then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(refused).toBeInstanceOf(ConfigFileError)
    expect((refused as ConfigFileError).issues.map((i) => i.path)).toEqual([
      'tenants.globex.connectors.vendor.nope',
    ])
    const before = vendor.seen.length
    expect((await send('acme')).outcome).toBe('sent')
    expect(vendor.seen.slice(before)).toEqual(['Bearer acme-2'])
    // Unchanged tenants keep running as they are.
    expect(await reload(yamlOf(vendor.url, { acme: 'acme-2', globex: 'globex-1' }))).toEqual({
      added: [],
      changed: [],
      removed: [],
      unchanged: 2,
    })
  })

  it('drops no request of a reload under load', async () => {
    vendor.hold()
    const running = Array.from({ length: 40 }, (_, i) => send(i % 2 === 0 ? 'acme' : 'globex'))
    await until(() => vendor.waiting() === 40)
    await reload(yamlOf(vendor.url, { acme: 'acme-4', globex: 'globex-4' }))
    const after = Array.from({ length: 10 }, () => send('globex'))
    await until(() => vendor.waiting() === 50)
    vendor.open()
    const outcomes = (await Promise.all([...running, ...after])).map((r) => r.outcome)
    expect(outcomes).toEqual(Array(50).fill('sent'))
    expect(vendor.seen.slice(-10)).toEqual(Array(10).fill('Bearer globex-4'))
  })
})

describe('reload on SIGHUP (the CLI)', () => {
  let dir: { dir: string; cleanup(): Promise<void> }
  let vendor: GatedVendor
  beforeAll(async () => {
    dir = await tempDir()
    vendor = await startGatedVendor()
  })
  afterAll(async () => {
    await vendor.close()
    await dir.cleanup()
  })

  it('re-reads the file; an invalid one is refused with the start-up messages', async () => {
    const { writeFile } = await import('node:fs/promises')
    const { join } = await import('node:path')
    const host = await startChildHost(dir.dir, 'hooks.yaml', yamlOf(vendor.url, { acme: 'a' }))
    const post = (tenant: keyof typeof secrets) =>
      import('../src/cli/commands/send').then(({ sendHook }) =>
        sendHook({
          url: `${host.url}/t/${tenant}/hooks`,
          hook: 'SendEvent1',
          body: sampleEvent('birthday', { bhid: newBhid() }),
          key: { secret: secrets[tenant] },
        }),
      )
    try {
      expect((await post('globex')).status).toBe(401)
      await writeFile(join(dir.dir, 'hooks.yaml'), yamlOf(vendor.url, { acme: 'a', globex: 'g' }))
      host.child.kill('SIGHUP')
      await until(async () => (await post('globex')).status === 200)
      await writeFile(join(dir.dir, 'hooks.yaml'), 'tenants:\n  Bad: {}\n')
      host.child.kill('SIGHUP')
      await until(() => host.stderr().includes('reload refused'))
      expect(host.stderr()).toContain('tenants.Bad must be lower case letters')
      expect((await post('globex')).outcome).toBe('sent')
      expect(host.child.exitCode).toBeNull()
    } finally {
      expect(await host.stop()).toBe(0)
    }
  })
})
