/**
 * The journal per tenant: a host with a default tenant and tenants acme and globex (each with a
 * `webhook` connector at its own path of one fake vendor) writes one SQLite file; `events` and
 * `replay` with and without `--tenant`, and the console's `?tenant=`, read and replay from it.
 * Then the default tenant's journal view on a real SQLite file and a real Redis.
 */
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  type HookStore,
  type JournalEntry,
  type JournalWrite,
  type Outcome,
  sampleEvent,
} from '@bubblehouse-hooks/core'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { redisUrlForTests } from '@bubblehouse-hooks/store-redis/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config/load'
import { openStore } from '../src/store'
import { tenantStore } from '../src/tenants/store-view'
import { cli } from './cli-run'
import { newBhid, newSecret, tempDir } from './helpers'
import { startYamlHost, type YamlHost } from './tenants-helpers'

const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const PASSWORD = 'console-password-0123456789'
const TENANTS = ['default', 'acme', 'globex'] as const
type TenantId = (typeof TENANTS)[number]

describe('events, replay and the console per tenant (SQLite file)', () => {
  const secrets: Record<TenantId, string> = {
    default: newSecret(),
    acme: newSecret(),
    globex: newSecret(),
  }
  /** The status each tenant's vendor path answers. */
  const status: Record<TenantId, number> = { default: 200, acme: 200, globex: 200 }
  let dir: { dir: string; cleanup(): Promise<void> }
  let vendor: FakeVendor
  let t: YamlHost
  let config: string

  const webhook = (tenant: TenantId, indent: string) =>
    `${indent}webhook: { url: "${vendor.url}/${tenant}", secret: "${WEBHOOK_SECRET}" }`
  const tenantBlock = (id: TenantId) =>
    [
      `  ${id}:`,
      `    auth: { keys: [{ secret: "${secrets[id]}" }] }`,
      '    connectors:',
      webhook(id, '      '),
    ].join('\n')
  const yamlOf = (tenants: readonly string[]) =>
    [
      `store: { kind: sqlite, path: "${join(dir.dir, 'hooks.db')}" }`,
      'log: { format: json }',
      'deadlineMs: 5000',
      `console: { enabled: true, password: "${PASSWORD}" }`,
      `auth: { keys: [{ secret: "${secrets.default}" }] }`,
      'connectors:',
      webhook('default', '  '),
      'tenants:',
      ...tenants,
    ].join('\n')

  beforeAll(async () => {
    dir = await tempDir()
    vendor = await startFakeVendor({
      defaultReply: (request) => ({
        status: status[request.path.slice(1) as TenantId] ?? 404,
        body: {},
      }),
    })
    const yaml = yamlOf([tenantBlock('acme'), tenantBlock('globex')])
    config = join(dir.dir, 'hooks.yaml')
    await writeFile(config, yaml)
    t = await startYamlHost(yaml)
  })
  afterAll(async () => {
    await t?.host.close()
    await vendor?.close()
    await dir?.cleanup()
  })

  const post = async (tenant: TenantId, bhid: string) => {
    const path = tenant === 'default' ? '/hooks' : `/t/${tenant}/hooks`
    const r = await t.post(
      path,
      'SendEvent1',
      sampleEvent('points-earned', { bhid }),
      secrets[tenant],
    )
    return r.outcome
  }
  const run = (...args: string[]) => cli([...args, '--config', config], { cwd: dir.dir })
  const calls = (tenant: TenantId) => vendor.requests.filter((r) => r.path === `/${tenant}`).length
  /** The lines `events` gives for `bhid` (JSON), once `attempts` of the first have landed. */
  const linesOf = async (bhid: string, tenant: TenantId, attempts: number) => {
    const args = tenant === 'default' ? [] : ['--tenant', tenant]
    for (let i = 0; i < 200; i++) {
      const r = await run('events', '--bhid', bhid, '--json', ...args)
      expect(r.code).toBe(0)
      const lines = r.out
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as JournalEntry)
      if ((lines[0]?.attempts ?? 0) >= attempts) return lines
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error(`no journal line for ${bhid} in ${tenant} with ${attempts} attempts`)
  }
  const eventsOf = async (bhid: string, tenant: TenantId) => {
    const args = tenant === 'default' ? [] : ['--tenant', tenant]
    const r = await run('events', '--bhid', bhid, '--json', ...args)
    expect(r.code).toBe(0)
    return r.out
  }

  it("events --tenant lists that tenant's lines only; the same bhid is two events", async () => {
    const bhid = newBhid()
    status.acme = 400
    expect(await post('acme', bhid)).toBe('invalid_data')
    status.acme = 200
    const acme = await linesOf(bhid, 'acme', 1)
    expect(acme).toEqual([
      expect.objectContaining({
        bhid,
        connector: 'webhook',
        outcome: 'invalid_data',
        route: '/t/acme/hooks/SendEvent1',
      }),
    ])
    expect(await eventsOf(bhid, 'default')).toBe('')
    expect(await eventsOf(bhid, 'globex')).toBe('')
    const text = await run('events', '--tenant', 'globex', '--bhid', bhid)
    expect(text).toMatchObject({ code: 0, out: '', err: 'no journaled events match\n' })

    // The same bhid on the default tenant: its own line, acme's unchanged.
    expect(await post('default', bhid)).toBe('sent')
    expect(await linesOf(bhid, 'default', 1)).toEqual([
      expect.objectContaining({
        connector: 'webhook',
        outcome: 'sent',
        route: '/hooks/SendEvent1',
      }),
    ])
    expect(await linesOf(bhid, 'acme', 1)).toEqual([
      expect.objectContaining({ outcome: 'invalid_data', attempts: 1 }),
    ])
    // Without a filter the default tenant's listing holds no namespaced line either.
    const all = await run('events', '--json', '--limit', '1000')
    expect(all.out).not.toContain('acme/')
    expect(all.out).not.toContain('/t/acme/')
  })

  it("replay --tenant acme re-delivers through acme's connector only, past acme's dedupe", async () => {
    const bhid = newBhid()
    status.acme = 400
    expect(await post('acme', bhid)).toBe('invalid_data')
    status.acme = 200
    await linesOf(bhid, 'acme', 1)
    const before = { default: calls('default'), acme: calls('acme'), globex: calls('globex') }

    // The default tenant has no line of it; globex neither.
    expect(await run('replay', '--bhid', bhid)).toMatchObject({
      code: 2,
      err: 'no journaled events match\n',
    })
    expect(await run('replay', '--tenant', 'globex', '--bhid', bhid)).toMatchObject({ code: 2 })

    const replayed = await run('replay', '--tenant', 'acme', '--bhid', bhid)
    expect(replayed.out).toBe(
      `${bhid} "Points Earned": webhook sent HTTP_2XX (was invalid_data WEBHOOK_REJECTED)\n`,
    )
    expect(replayed.code).toBe(0)
    expect({ default: calls('default'), acme: calls('acme'), globex: calls('globex') }).toEqual({
      ...before,
      acme: before.acme + 1,
    })
    expect(await linesOf(bhid, 'acme', 2)).toEqual([
      expect.objectContaining({ outcome: 'sent', attempts: 2, route: '/t/acme/hooks/SendEvent1' }),
    ])
    expect(await eventsOf(bhid, 'default')).toBe('')
    // Bubblehouse's retry on acme's route answers the replayed result without a vendor call.
    expect(await post('acme', bhid)).toBe('sent')
    expect(calls('acme')).toBe(before.acme + 1)
  })

  it('refuses an unknown tenant as a usage error naming the configured ones', async () => {
    for (const args of [
      ['events', '--tenant', 'initech'],
      ['replay', '--tenant', 'initech', '--bhid', 'b'],
    ]) {
      const r = await run(...args)
      expect(r.code).toBe(2)
      expect(r.err).toContain('--tenant initech is not in')
      expect(r.err).toContain('tenants: default, acme, globex')
    }
  })

  describe('console', () => {
    const authorization = `Basic ${Buffer.from(`ops:${PASSWORD}`).toString('base64')}`
    const get = async (path: string) => {
      const r = await fetch(`${t.host.url}${path}`, { headers: { authorization } })
      return { status: r.status, text: await r.text() }
    }
    /** The console index of `tenant`, once `bhid`'s line is in it. */
    const indexWith = async (query: string, bhid: string) => {
      for (let i = 0; i < 200; i++) {
        const page = await get(`/console${query}`)
        if (page.text.includes(`data-bhid="${bhid}"`)) return page
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      throw new Error(`${bhid} never listed on /console${query}`)
    }

    it("lists acme's events under ?tenant=acme only, with links between tenants", async () => {
      const bhid = newBhid()
      status.acme = 400
      expect(await post('acme', bhid)).toBe('invalid_data')
      status.acme = 200
      const page = await indexWith('?tenant=acme', bhid)
      expect(page.status).toBe(200)
      expect(page.text).toContain(`href="/console/event?tenant=acme&amp;bhid=${bhid}"`)
      expect(page.text).toContain('<input type="hidden" name="tenant" value="acme">')
      expect(page.text).toContain('/t/acme/hooks/SendEvent1')
      expect(page.text).toContain(
        'tenant: <a href="/console">default</a> · <strong>acme</strong> · <a href="/console?tenant=globex">globex</a>',
      )
      for (const other of ['', '?tenant=default', '?tenant=globex']) {
        const page = await get(`/console${other}`)
        expect(page.status).toBe(200)
        expect(page.text).not.toContain(bhid)
        expect(page.text).not.toContain('/t/acme/hooks/')
      }
      const detail = await get(`/console/event?tenant=acme&bhid=${bhid}`)
      expect(detail.text).toContain('<tr data-connector="webhook">')
      const elsewhere = await get(`/console/event?bhid=${bhid}`)
      expect(elsewhere.text).toContain('No journal line for this bhid.')
    })

    it("replays with acme's connector and store from acme's event page", async () => {
      const bhid = newBhid()
      status.acme = 400
      expect(await post('acme', bhid)).toBe('invalid_data')
      status.acme = 200
      await indexWith('?tenant=acme', bhid)
      const detail = await get(`/console/event?tenant=acme&bhid=${bhid}`)
      const csrf = /name="csrf" value="([^"]+)"/.exec(detail.text)?.[1] ?? ''
      expect(detail.text).toContain('<input type="hidden" name="tenant" value="acme">')
      const before = { default: calls('default'), acme: calls('acme'), globex: calls('globex') }
      const replay = (tenant: string) =>
        fetch(`${t.host.url}/console/replay`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            authorization,
            origin: t.host.url,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ csrf, tenant, bhid, connector: 'webhook' }).toString(),
        })
      expect((await replay('initech')).status).toBe(404)
      // The default tenant has no line of this bhid: nothing is sent.
      const none = await replay('default')
      const message = (response: Response) =>
        new URLSearchParams((response.headers.get('location') ?? '').split('?')[1]).get('message')
      expect(message(none)).toBe('Nothing replayed: no journal line')
      const done = await replay('acme')
      expect(done.status).toBe(303)
      const location = done.headers.get('location') ?? ''
      expect(location.startsWith(`/console/event?tenant=acme&bhid=${bhid}&message=`)).toBe(true)
      expect(message(done)).toBe('Replayed: webhook sent HTTP_2XX')
      expect({ default: calls('default'), acme: calls('acme'), globex: calls('globex') }).toEqual({
        ...before,
        acme: before.acme + 1,
      })
      expect(await linesOf(bhid, 'acme', 2)).toEqual([
        expect.objectContaining({ outcome: 'sent', attempts: 2 }),
      ])
      expect(await post('acme', bhid)).toBe('sent')
      expect(calls('acme')).toBe(before.acme + 1)
    })

    it('answers 404 for a tenant not configured, and follows a reload', async () => {
      for (const path of [
        '/console?tenant=initech',
        '/console?tenant=',
        '/console/event?tenant=initech&bhid=b',
        '/console?tenant=%3Cscript%3E',
      ]) {
        const page = await get(path)
        expect([path, page.status, page.text]).toEqual([path, 404, 'not found\n'])
      }
      const reload = (yaml: string) => t.host.reload(parseConfig(yaml, 'tenants.yaml', { env: {} }))
      const initech = [
        '  initech:',
        `    auth: { keys: [{ secret: "${newSecret()}" }] }`,
        '    connectors:',
        `      webhook: { url: "${vendor.url}/initech", secret: "${WEBHOOK_SECRET}" }`,
      ].join('\n')
      await reload(yamlOf([tenantBlock('acme'), tenantBlock('globex'), initech]))
      expect((await get('/console?tenant=initech')).status).toBe(200)
      expect((await get('/console')).text).toContain(
        '<a href="/console?tenant=initech">initech</a>',
      )
      await reload(yamlOf([tenantBlock('acme'), tenantBlock('globex')]))
      expect((await get('/console?tenant=initech')).status).toBe(404)
    })
  })
})

/** The two stores that keep a journal outside the process, each on a fresh file or key prefix. */
const STORES: ReadonlyArray<[string, () => Promise<{ store: HookStore; done(): Promise<void> }>]> =
  [
    [
      'sqlite',
      async () => {
        const dir = await tempDir()
        const store = await openStore({ kind: 'sqlite', path: join(dir.dir, 'hooks.db') })
        return { store, done: () => dir.cleanup() }
      },
    ],
    [
      'redis',
      async () => {
        const redis = await redisUrlForTests()
        const keyPrefix = `bh-test-${randomBytes(4).toString('hex')}:`
        const store = await openStore({ kind: 'redis', url: redis.url, keyPrefix })
        return { store, done: () => redis.stop() }
      },
    ],
  ]

describe.each(STORES)(
  'tenantStore on %s: the default tenant reads no namespaced line',
  (_, open) => {
    const write = (
      connector: string,
      bhid: string,
      at: number,
      outcome: Outcome,
    ): JournalWrite => ({
      bhid,
      name: 'Points Earned',
      eventTime: '2026-01-01T00:00:00Z',
      route: '/hooks/SendEvent1',
      connector,
      outcome,
      code: 'X',
      at,
      durationMs: 1,
    })

    it('keeps its limit when the newest lines are other tenants', async () => {
      const { store, done } = await open()
      try {
        const retention = { retentionMs: 60_000 }
        const now = Date.now()
        await store.journal!.record([write('webhook', 'b0', now - 10, 'sent')], retention)
        await tenantStore(store, 'acme').journal!.record(
          [1, 2, 3].map((i) => write('webhook', `b${i}`, now + i, 'invalid_data')),
          retention,
        )
        const own = await tenantStore(store, 'default').journal!.list({ limit: 1 })
        expect(own.map((e) => [e.bhid, e.connector])).toEqual([['b0', 'webhook']])
        const asked = { connector: 'acme/webhook' }
        expect(await tenantStore(store, 'default').journal!.list(asked)).toEqual([])
        const acme = await tenantStore(store, 'acme').journal!.list({ limit: 2 })
        expect(acme.map((e) => [e.bhid, e.connector])).toEqual([
          ['b3', 'webhook'],
          ['b2', 'webhook'],
        ])
      } finally {
        await store.close()
        await done()
      }
    })
  },
)
