/**
 * Tenant isolation: two replicas on one Redis keep tenants' dedupe and locks apart; a tenant at
 * maxInFlight answers failure at once while the others are served; the CLI takes --tenant.
 */
import { randomBytes } from 'node:crypto'
import { namespacedStore, sampleEvent } from '@bubblehouse-hooks/core'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { createRedisStore } from '@bubblehouse-hooks/store-redis'
import { redisUrlForTests, type TestRedis } from '@bubblehouse-hooks/store-redis/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixture, newBhid, newSecret } from './helpers'
import { startYamlHost, vendorBlock, type YamlHost } from './tenants-helpers'

const vendorFixture = fixture('vendor-connector.mjs')
const secrets = { default: newSecret(), acme: newSecret(), globex: newSecret() }

const tenantsYaml = (store: string, vendorUrl: string, extra: string[] = []) =>
  [
    store,
    'log: { format: json }',
    'deadlineMs: 1000',
    `auth: { keys: [{ secret: "${secrets.default}" }] }`,
    'connectors:',
    vendorBlock(vendorFixture, vendorUrl, 'key-default', '  '),
    'tenants:',
    '  acme:',
    `    auth: { keys: [{ secret: "${secrets.acme}" }] }`,
    '    connectors:',
    vendorBlock(vendorFixture, vendorUrl, 'key-acme', '      '),
    ...extra,
    '  globex:',
    `    auth: { keys: [{ secret: "${secrets.globex}" }] }`,
    '    connectors:',
    vendorBlock(vendorFixture, vendorUrl, 'key-globex', '      '),
  ].join('\n')

describe('tenants on a shared Redis (two replicas)', () => {
  let redis: TestRedis
  let vendor: FakeVendor
  let replicas: YamlHost[]
  const keyPrefix = `bh-tenants-${randomBytes(4).toString('hex')}:`

  beforeAll(async () => {
    redis = await redisUrlForTests()
    vendor = await startFakeVendor()
    const store = `store: { kind: redis, url: "${redis.url}", keyPrefix: "${keyPrefix}" }`
    replicas = [
      await startYamlHost(tenantsYaml(store, vendor.url)),
      await startYamlHost(tenantsYaml(store, vendor.url)),
    ]
  })
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.host.close()))
    await vendor.close()
    await redis.stop()
  })

  it('delivers the same bhid once per tenant, whichever replica gets it', async () => {
    const [a, b] = replicas as [YamlHost, YamlHost]
    const event = sampleEvent('points-earned', { bhid: newBhid() })
    const first = [
      await a.post('/t/acme/hooks', 'SendEvent1', event, secrets.acme),
      await b.post('/t/globex/hooks', 'SendEvent1', event, secrets.globex),
      await a.post('/hooks', 'SendEvent1', event, secrets.default),
    ]
    expect(first.map((r) => r.outcome)).toEqual(['sent', 'sent', 'sent'])
    // Repeats on the other replica are duplicates of each tenant's own delivery.
    const repeats = [
      await b.post('/t/acme/hooks', 'SendEvent1', event, secrets.acme),
      await a.post('/t/globex/hooks/vendor', 'SendEvent1', event, secrets.globex),
      await b.post('/hooks/vendor', 'SendEvent1', event, secrets.default),
    ]
    expect(repeats.map((r) => r.outcome)).toEqual(['sent', 'sent', 'sent'])
    expect(vendor.requests.map((r) => [r.headers.authorization, r.body])).toEqual([
      ['Bearer key-acme', { id: event.bhid, name: 'Points Earned' }],
      ['Bearer key-globex', { id: event.bhid, name: 'Points Earned' }],
      ['Bearer key-default', { id: event.bhid, name: 'Points Earned' }],
    ])
    const lines = replicas.flatMap((r) => r.logs()).filter((l) => l.bhid === event.bhid)
    expect(lines.map((l) => l.tenant).sort()).toEqual([
      'acme',
      'acme',
      'default',
      'default',
      'globex',
      'globex',
    ])
  })

  it("keeps each tenant's journal lines apart", async () => {
    const [a] = replicas as [YamlHost]
    const event = sampleEvent('birthday', { bhid: newBhid() })
    vendor.reply({ status: 503 })
    const acme = await a.post('/t/acme/hooks', 'SendEvent1', event, secrets.acme)
    const globex = await a.post('/t/globex/hooks', 'SendEvent1', event, secrets.globex)
    expect([acme.outcome, globex.outcome]).toEqual(['failure', 'sent'])
    const shared = createRedisStore({ url: redis.url, keyPrefix })
    try {
      const linesOf = (tenant: string) =>
        namespacedStore(shared, tenant).journal!.list({ bhids: [event.bhid] })
      // The journal is written after the answer: wait for both lines.
      while ((await linesOf('acme')).length + (await linesOf('globex')).length < 2) {
        await new Promise((r) => setTimeout(r, 10))
      }
      expect((await linesOf('acme')).map((l) => [l.connector, l.outcome, l.route])).toEqual([
        ['vendor', 'failure', '/t/acme/hooks/SendEvent1'],
      ])
      expect((await linesOf('globex')).map((l) => [l.connector, l.outcome])).toEqual([
        ['vendor', 'sent'],
      ])
      expect(await shared.journal!.list({ bhids: [event.bhid], connector: 'vendor' })).toEqual([])
    } finally {
      await shared.close()
    }
  })
})

describe('maxInFlight: a tenant whose vendor hangs', () => {
  let vendor: FakeVendor
  let t: YamlHost
  beforeAll(async () => {
    vendor = await startFakeVendor()
    // acme's vendor never answers; the others' answer at once.
    vendor.setDefault((request) =>
      request.headers.authorization === 'Bearer key-acme' ? { hang: true } : { status: 200 },
    )
    t = await startYamlHost(
      tenantsYaml('store: { kind: memory }', vendor.url, ['    maxInFlight: 2']),
    )
  })
  afterAll(async () => {
    await t.host.close()
    await vendor.close()
  })

  it('answers failure at once past the cap, without a vendor call, and serves the others', async () => {
    const hanging = [1, 2].map(() =>
      t.post(
        '/t/acme/hooks',
        'SendEvent1',
        sampleEvent('birthday', { bhid: newBhid() }),
        secrets.acme,
      ),
    )
    while (vendor.requests.length < 2) await new Promise((r) => setTimeout(r, 10))
    const third = await t.post('/t/acme/hooks', 'SendEvent1', sampleEvent('birthday'), secrets.acme)
    expect([third.status, third.text]).toEqual([200, '{"outcome":"failure"}'])
    const other = await t.post(
      '/t/globex/hooks',
      'SendEvent1',
      sampleEvent('birthday'),
      secrets.globex,
    )
    const fallback = await t.post('/hooks', 'SendEvent1', sampleEvent('birthday'), secrets.default)
    expect([other.outcome, fallback.outcome]).toEqual(['sent', 'sent'])
    // The third acme request never reached the vendor.
    expect(
      vendor.requests.filter((r) => r.headers.authorization === 'Bearer key-acme'),
    ).toHaveLength(2)
    expect((await Promise.all(hanging)).map((r) => r.outcome)).toEqual(['failure', 'failure'])
    const text = await t.host.registry.metrics()
    expect(text).toMatch(/^bh_tenant_refused_total\{tenant="acme"\} 1$/m)
    expect(t.logs()).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        tenant: 'acme',
        maxInFlight: 2,
        msg: 'at maxInFlight: answered failure at once',
      }),
    )
    // The cap is counted after the token: a prober learns nothing from it.
    const forged = await t.post(
      '/t/acme/hooks',
      'SendEvent1',
      sampleEvent('birthday'),
      secrets.globex,
    )
    expect(forged.status).toBe(401)
    expect(await t.host.registry.metrics()).toMatch(/^bh_tenant_refused_total\{tenant="acme"\} 1$/m)
    // Once the hung requests answered (deadline), acme is served again.
    vendor.setDefault({ status: 200 })
    const again = await t.post('/t/acme/hooks', 'SendEvent1', sampleEvent('birthday'), secrets.acme)
    expect(again.outcome).toBe('sent')
  })
})
