/**
 * Scenario 7, tenants: one host CLI process on one Redis (a private redis-server) serves three
 * tenants (issue 24). `acme` and `globex` each have their own hook secret and their own fake
 * Klaviyo and Segment, faulted as in scenario 1, and part of their events carry the same bhids;
 * `stuck`'s vendor holds every call past the deadline, and four queues stream to it while its
 * `maxInFlight` is 2. The healthy tenants must keep the three promises and finish as they do
 * alone; the stuck tenant's queues must be held (`failure`) and its vendor never see more calls at
 * once than the cap; a token of one tenant must not work on another's route.
 */
import { createHookToken, type HookKey } from '@bubblehouse-hooks/core'
import { type RedisServer, startRedisServer } from '@bubblehouse-hooks/store-redis/testing'
import { afterAll, describe, expect, test } from 'vitest'
import {
  connectorTimeouts,
  createSecrets,
  hookKey,
  type RunSecrets,
  secretEnv,
  secretsToScan,
} from '../src/config'
import { generateEvents, type Vendor } from '../src/events'
import { expectCleanFinish, expectPromisesKept } from '../src/expect'
import { type FakeSet, startFakes } from '../src/fakes'
import { type HangingVendor, startHangingVendor } from '../src/fakes/hanging'
import type { ChildHost } from '../src/hosts'
import { MODE, SOAK } from '../src/mode'
import { rngFor, SEED } from '../src/random'
import { type Figures, record, recordNote } from '../src/report'
import { allQueues, analyseGroups, type QueueGroups, Scenario } from '../src/scenario'
import { createSimulator, type QueueResult, type SimQueue } from '../src/simulator'
import { type TenantSpec, tenantQueueGroups, tenantsYaml } from '../src/tenants'

const scenario = new Scenario('tenants')
let redis: RedisServer | undefined

afterAll(async () => {
  await scenario.dispose()
  await redis?.stop()
})

/** The healthy tenants' connectors: the same ids in both, each pointed at the tenant's own fake. */
const HEALTHY_VENDORS: readonly Vendor[] = ['klaviyo', 'segment']
/** The stuck tenant's cap, and how many of its queues stream at once (more than the cap). */
const STUCK_CAP = 2
const STUCK_QUEUES = 4

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const seconds = (ms: number) => Math.round(ms / 100) / 10

interface Healthy {
  readonly id: 'acme' | 'globex'
  readonly secrets: RunSecrets
  readonly fakes: FakeSet
}

interface World {
  readonly host: ChildHost
  readonly healthy: readonly Healthy[]
  readonly stuck: { readonly secrets: RunSecrets; readonly vendor: HangingVendor }
}

let world: World | undefined

/** One host, three tenants, their vendors. */
async function startWorld(): Promise<World> {
  const server = await startRedisServer()
  redis = server
  const acme = scenario.secrets
  const globex = createSecrets()
  const stuck = createSecrets()
  for (const secrets of [globex, stuck]) {
    for (const secret of secretsToScan(secrets)) scenario.logs.addSecret(secret)
  }
  const healthy: Healthy[] = await Promise.all(
    (['acme', 'globex'] as const).map(async (id) => ({
      id,
      secrets: id === 'acme' ? acme : globex,
      fakes: scenario.track(await startFakes({ name: `tenants-${id}`, faultRate: MODE.faultRate })),
    })),
  )
  const vendor = scenario.track(await startHangingVendor())
  const timeouts = connectorTimeouts(MODE.deadlineMs)
  const tenants: TenantSpec[] = [
    ...healthy.map((t) => ({
      id: t.id,
      secrets: t.secrets,
      envPrefix: `${t.id.toUpperCase()}_`,
      vendors: HEALTHY_VENDORS,
      baseUrls: t.fakes.baseUrls,
      timeouts,
    })),
    {
      id: 'stuck',
      secrets: stuck,
      envPrefix: 'STUCK_',
      vendors: ['segment'],
      baseUrls: { ...healthy[0]!.fakes.baseUrls, segment: `${vendor.url}/v1` },
      // Longer than the deadline: each call is held until the deadline cuts it.
      timeouts: { ...timeouts, segment: 25_000 },
      maxInFlight: STUCK_CAP,
    },
  ]
  const host = await scenario.launch({
    name: 'tenants',
    yaml: tenantsYaml({
      store: { kind: 'redis', url: server.url },
      deadlineMs: MODE.deadlineMs,
      tenants,
    }),
    env: Object.assign({}, ...tenants.map((t) => secretEnv(t.secrets, t.envPrefix))),
  })
  return { host, healthy, stuck: { secrets: stuck, vendor } }
}

/** What one stream did: per healthy tenant its groups and results, the stuck queues' results. */
interface StreamRun {
  readonly tenants: ReadonlyArray<{
    readonly tenant: Healthy
    readonly groups: QueueGroups
    readonly results: QueueResult[]
  }>
  /** From the healthy queues' start until the last of them ended, ms. */
  readonly healthyMs: number
  readonly stuck: QueueResult[]
}

/** The stuck tenant's queues: a few events each, on its connector route and its fan-out URL. */
function stuckQueues(w: World, name: string): SimQueue[] {
  return Array.from({ length: STUCK_QUEUES }, (_, q) => {
    const path = q % 2 === 0 ? '/t/stuck/hooks/segment/SendEvent1' : '/t/stuck/hooks/SendEvent1'
    const prefix = `${name}-stuck-q${q}-`
    return {
      name: `stuck#${q}`,
      url: () => `${w.host.url}${path}`,
      vendors: ['segment'],
      events: generateEvents({
        prefix,
        count: 5,
        rng: rngFor(prefix),
        badRate: 0,
        customerOnlyRate: 0,
      }),
    }
  })
}

/**
 * Stream the healthy tenants' events (queue 0 of each route shared by both), with the stuck
 * tenant's queues held at its vendor the whole time when `withStuck`.
 */
async function stream(w: World, name: string, withStuck: boolean): Promise<StreamRun> {
  const stop = new AbortController()
  const stuckSim = createSimulator({
    key: hookKey(w.stuck.secrets),
    rng: rngFor(`${name}/stuck/simulator`),
    attemptTimeoutMs: MODE.attemptTimeoutMs,
    maxHoldMs: Number.POSITIVE_INFINITY,
    stop: stop.signal,
  })
  const stuckRun = withStuck ? stuckSim.run(stuckQueues(w, name)) : Promise.resolve([])
  if (withStuck) {
    // The healthy tenants start once the stuck one holds its cap at its vendor.
    for (let i = 0; i < 250 && w.stuck.vendor.inFlight() < STUCK_CAP; i++) await sleep(20)
  }
  const started = performance.now()
  const tenants = await Promise.all(
    w.healthy.map(async (tenant) => {
      const groups = tenantQueueGroups({
        name: `${name}-${tenant.id}`,
        shared: `${name}-both`,
        tenant: tenant.id,
        vendors: HEALTHY_VENDORS,
        target: () => w.host,
        count: MODE.tenantEvents,
        queues: MODE.tenantQueues,
        badRate: MODE.badRate,
      })
      const simulator = createSimulator({
        key: hookKey(tenant.secrets),
        rng: rngFor(`${name}/${tenant.id}/simulator`),
        attemptTimeoutMs: MODE.attemptTimeoutMs,
        duplicateRate: MODE.duplicateRate,
        concurrentDuplicateRate: MODE.concurrentDuplicateRate,
      })
      const results = await simulator.run(allQueues(groups), SOAK ? 60_000 : undefined)
      simulator.close()
      return { tenant, groups, results }
    }),
  )
  const healthyMs = performance.now() - started
  stop.abort()
  const stuck = await stuckRun
  stuckSim.close()
  return { tenants, healthyMs, stuck }
}

/** Figures per route of each tenant (target `acme klaviyo` + `suffix`), recorded for the summary and checked like scenario 1's. */
function check(run: StreamRun, suffix: string, notes: Record<string, unknown>): Figures[] {
  const figures = run.tenants.flatMap(({ tenant, groups, results }) =>
    analyseGroups({
      scenario: 'tenants',
      groups: new Map([...groups].map(([target, queues]) => [`${target}${suffix}`, queues])),
      results,
      fakes: tenant.fakes,
      notes: (target) => (target.includes('fan-out') ? { ...notes, tenant: tenant.id } : {}),
    }),
  )
  for (const f of figures) record(f)
  for (const f of figures) {
    expectPromisesKept(f, MODE)
    for (const v of f.vendors) {
      expect(v.otherCause, `${f.target}: ${v.vendor} duplicates with no lost or cut answer`).toBe(0)
    }
  }
  return figures
}

/** Every bhid a tenant's vendors committed. */
function bhidsAt(fakes: FakeSet): Set<string> {
  return new Set(HEALTHY_VENDORS.flatMap((v) => [...fakes.fakes[v].ledger.bhids()]))
}

/** Every bhid the tenant `id` sent in `runs`. */
const sentBy = (runs: readonly StreamRun[], id: string) =>
  new Set(
    runs.flatMap((run) =>
      run.tenants
        .filter((t) => t.tenant.id === id)
        .flatMap((t) => allQueues(t.groups).flatMap((q) => q.events.map((e) => e.bhid))),
    ),
  )

async function post(url: string, key: HookKey, body: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await createHookToken({ key })}`,
    },
    body,
    signal: AbortSignal.timeout(MODE.attemptTimeoutMs),
  })
  return { status: res.status, body: await res.text() }
}

describe('scenario 7: tenants on one host and one Redis, one tenant stuck', () => {
  const runs: StreamRun[] = []

  test(`${MODE.tenantEvents} events for each of two tenants, alone and beside a stuck tenant (maxInFlight ${STUCK_CAP}, ${STUCK_QUEUES} queues)`, async () => {
    world = await startWorld()
    const w = world

    // The same stream without the stuck tenant: how long the healthy tenants take alone.
    const alone = await stream(w, 'alone', false)
    runs.push(alone)
    check(alone, ' (alone)', {})

    const callsBefore = w.stuck.vendor.calls()
    const run = await stream(w, 'ten', true)
    runs.push(run)

    const attempts = run.stuck.flatMap((q) => q.events.flatMap((e) => e.tries))
    const stuck = {
      queues: STUCK_QUEUES,
      maxInFlight: STUCK_CAP,
      attempts: attempts.length,
      answeredAtOnce: attempts.filter((t) => t.ms < MODE.deadlineMs / 2).length,
      answers: [...new Set(attempts.map((t) => t.answer))],
      vendorCalls: w.stuck.vendor.calls() - callsBefore,
      vendorMaxInFlight: w.stuck.vendor.maxInFlight(),
    }
    const throughput = {
      aloneSeconds: seconds(alone.healthyMs),
      besideStuckSeconds: seconds(run.healthyMs),
    }
    // Queue 0 of each route: the same bhids in both tenants; those some vendor must get, each
    // tenant's vendors must hold.
    const sharedQueues = allQueues(run.tenants[0]!.groups).filter((q) => q.name.endsWith('#0'))
    const sharedEvents = sharedQueues.flatMap((q) => q.events)
    const sharedToDeliver = sharedQueues.flatMap((q) =>
      q.events.filter((e) => q.vendors.some((v) => e.expected[v] === 'sent')),
    )
    const sharedDelivered = sharedToDeliver.filter((e) =>
      w.healthy.every((t) =>
        HEALTHY_VENDORS.some((v) => t.fakes.fakes[v].ledger.of(e.bhid).length > 0),
      ),
    ).length
    const faults = Object.fromEntries(
      w.healthy.map((t) => [
        t.id,
        Object.fromEntries(
          HEALTHY_VENDORS.map((v) => [
            v,
            { requests: t.fakes.fakes[v].requests(), faulted: t.fakes.fakes[v].faults.total() },
          ]),
        ),
      ]),
    )
    check(run, '', { seed: SEED, stuck, throughput, sharedBhids: sharedEvents.length })
    recordNote('tenants', 'stuck tenant', stuck)
    recordNote('tenants', 'healthy tenants', {
      ...throughput,
      sharedBhids: sharedEvents.length,
      sharedDeliveredToBoth: sharedDelivered,
      faults,
    })

    // The stuck tenant: held the whole time, never more calls at its vendor than its cap.
    expect(stuck.attempts, 'stuck tenant: attempts').toBeGreaterThan(STUCK_QUEUES)
    expect(stuck.answers, 'stuck tenant: answers').toEqual(['failure'])
    expect(
      run.stuck.flatMap((q) => q.events).filter((e) => e.outcome !== undefined),
      'stuck tenant: events answered terminal',
    ).toEqual([])
    expect(stuck.vendorCalls, 'stuck tenant: vendor calls').toBeGreaterThan(0)
    expect(stuck.vendorMaxInFlight, 'stuck tenant: vendor calls at once').toBeLessThanOrEqual(
      STUCK_CAP,
    )
    // Beside it the healthy tenants finished (every event terminal, checked above), and not held
    // by it: a generous bound, this is a shared machine.
    expect(run.healthyMs, 'healthy tenants beside the stuck one (ms)').toBeLessThanOrEqual(
      3 * alone.healthyMs + 30_000,
    )
    // Namespacing: a bhid both tenants sent reached both tenants' vendors; no vendor got an event
    // of the other tenant.
    expect(sharedToDeliver.length, 'bhids sent by both tenants').toBeGreaterThan(0)
    expect(sharedDelivered, "shared bhids at both tenants' vendors").toBe(sharedToDeliver.length)
    for (const t of w.healthy) {
      const own = sentBy(runs, t.id)
      const foreign = [...bhidsAt(t.fakes)].filter((bhid) => !own.has(bhid))
      expect(foreign, `${t.id}: vendor writes of events it did not send`).toEqual([])
    }
    for (const t of w.healthy) {
      for (const v of HEALTHY_VENDORS) {
        const fake = t.fakes.fakes[v]
        if (fake.requests() >= 200) {
          expect(fake.faults.total(), `${t.id} / ${v}: faults injected`).toBeGreaterThan(0)
        }
      }
    }
  })

  test("a token of acme on globex's routes (and on a tenant not configured) answers 401 and reaches no vendor", async () => {
    const w = world
    if (!w) throw new Error('the stream test did not start the host')
    const [acme, globex] = w.healthy
    const event = generateEvents({
      prefix: 'cross-tenant-',
      count: 1,
      rng: rngFor('tenants/cross-tenant'),
      badRate: 0,
    })[0]!
    const body = JSON.stringify(event.event)
    const key = hookKey(acme!.secrets)
    const callsBefore = w.stuck.vendor.calls()
    for (const path of [
      '/t/globex/hooks/SendEvent1',
      '/t/globex/hooks/klaviyo/SendEvent1',
      '/t/stuck/hooks/SendEvent1',
      '/t/initech/hooks/SendEvent1',
    ]) {
      expect(await post(`${w.host.url}${path}`, key, body), path).toEqual({
        status: 401,
        body: '{"error":"unauthorized"}',
      })
    }
    await sleep(200)
    for (const t of [acme!, globex!]) {
      expect(bhidsAt(t.fakes).has(event.bhid), `${t.id}'s vendors got the event`).toBe(false)
    }
    expect(w.stuck.vendor.calls(), "stuck's vendor calls").toBe(callsBefore)
    // The same token on acme's own route is accepted: the 401s above are the tenant's, not the token's.
    const own = await post(`${w.host.url}/t/acme/hooks/klaviyo/SendEvent1`, key, body)
    expect(own.status, "acme's token on acme's route").toBe(200)
    expect(bhidsAt(globex!.fakes).has(event.bhid), "globex's vendors got acme's event").toBe(false)
  })

  test('no crash; log hygiene: no secret, token, API key, email or name in any log line', () =>
    expectCleanFinish(scenario))
})
