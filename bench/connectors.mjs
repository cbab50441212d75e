/**
 * Benchmark 2, per connector: the built host with one connector (memory store) pointed at core's
 * fake vendor, which adds 20 ms to every answer and counts TCP connections. A separate process
 * sends one Bubblehouse queue: N events one at a time, each with a fresh token, the sample events
 * in turn over 20 customers. Measured after a short warm-up (first connection, cached reads):
 * events/s, vendor calls per event, new TCP connections per 100 events, and the latency the host
 * adds over the fake's own and a bare receiver's (end-to-end p50 − the typical event's vendor calls
 * × the fake's own p50 − the bare receiver's p50; both references sampled from the same load
 * process between the events, one call each after every event).
 * @module
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { BENCH_DIR, ROOT, SECRET } from './lib/env.mjs'
import { startHost } from './lib/host.mjs'
import { freePort, runToEnd, startProcess, waitForUrl } from './lib/proc.mjs'

const fixture = (path) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'))

const MAILCHIMP_KEY = '0123456789abcdef0123456789abcdef-us6'
const MEMBER = /^\/3\.0\/lists\/L1\/members\/([0-9a-f]{32})(\/events|\/tags)?$/

/** Healthy answers of each vendor for the calls its connector makes (bodies from the packages' fixtures). */
const VENDORS = {
  klaviyo: {
    options: (url) => ({ apiKey: 'pk_bench_0123456789', baseUrl: url }),
    minCalls: '1',
    reply: (req) =>
      req.path === '/api/profile-import'
        ? {
            status: 200,
            body: { data: { type: 'profile', id: '01HBENCH0000000000000000', attributes: {} } },
          }
        : { status: 202 },
  },
  segment: {
    options: (url) => ({ writeKey: 'bench-write-key', baseUrl: `${url}/v1` }),
    minCalls: '1',
    reply: () => ({
      status: 200,
      body: fixture('packages/segment/src/__fixtures__/200-accepted.json'),
    }),
  },
  mailchimp: {
    options: (url) => ({ apiKey: MAILCHIMP_KEY, listId: 'L1', baseUrl: `${url}/3.0` }),
    minCalls: '≤ 2',
    reply: (() => {
      const mergeFields = fixture('packages/mailchimp/src/__fixtures__/200-merge-fields.json')
      const member = fixture('packages/mailchimp/src/__fixtures__/200-member.json')
      return (req) => {
        if (req.path === '/3.0/lists/L1/merge-fields') return { status: 200, body: mergeFields }
        const m = MEMBER.exec(req.path)
        if (m?.[2]) return { status: 204 }
        if (m) {
          const email = typeof req.body?.email_address === 'string' ? req.body.email_address : ''
          return {
            status: 200,
            body: {
              ...member,
              id: m[1],
              email_address: email,
              merge_fields: req.body?.merge_fields ?? {},
            },
          }
        }
        return {
          status: 404,
          body: fixture('packages/mailchimp/src/__fixtures__/404-resource-not-found.json'),
        }
      }
    })(),
  },
  hubspot: {
    options: (url) => ({ accessToken: 'pat-na1-bench', baseUrl: url }),
    minCalls: '1 (no custom events)',
    reply: (() => {
      const names = [
        'email',
        'firstname',
        'lastname',
        'bubblehouse_points_balance',
        'bubblehouse_tier',
        'bubblehouse_last_event',
        'bubblehouse_last_event_at',
      ]
      const list = {
        results: names.map((name) => ({
          name,
          label: name,
          type: 'string',
          fieldType: 'text',
          groupName: 'bubblehouse',
          hidden: false,
          archived: false,
        })),
      }
      const upsert = {
        status: 'COMPLETE',
        results: [
          {
            id: '501',
            new: false,
            properties: {},
            createdAt: '2024-05-01T12:00:00.000Z',
            updatedAt: '2024-05-01T12:00:00.000Z',
            archived: false,
          },
        ],
        startedAt: '2024-05-01T12:00:00.000Z',
        completedAt: '2024-05-01T12:00:00.100Z',
      }
      return (req) => {
        if (req.method === 'GET' && req.path === '/crm/v3/properties/contacts')
          return { status: 200, body: list }
        if (req.path === '/events/v3/send') return { status: 204 }
        return { status: 200, body: upsert }
      }
    })(),
  },
}

/** Which connectors exist in this checkout (a connector whose dist is missing is reported, not run). */
export const CONNECTOR_IDS = Object.keys(VENDORS)

async function send(args, env = {}) {
  const out = await runToEnd(process.execPath, [join(BENCH_DIR, 'lib/send.mjs'), ...args], {
    env: { BENCH_SECRET: SECRET, ...env },
  })
  const line = out.stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '))
  if (!line) throw new Error(`send.mjs ${args[0]} failed (exit ${out.code}):\n${out.stderr}`)
  return JSON.parse(line.slice('BENCH_JSON '.length))
}

/**
 * @param {{ events: number, warmup: number, latencyMs: number, only?: string[],
 *   log?: (line: string) => void }} options
 */
export async function runConnectors(options) {
  const log = options.log ?? (() => undefined)
  const ids = options.only ?? CONNECTOR_IDS
  const results = []
  // The bare reference receiver (jose + zod, no vendor): what any receiver costs per hook request,
  // round trip included. Measured next to each connector run, like the fake's own latency.
  const barePort = await freePort()
  const bare = startProcess(
    process.execPath,
    [join(BENCH_DIR, 'servers/bare.mjs'), String(barePort)],
    {
      env: { BENCH_SECRET: SECRET },
      name: 'bare',
    },
  )
  await waitForUrl(`http://127.0.0.1:${barePort}/healthz`, bare)
  const bareUrl = `http://127.0.0.1:${barePort}/hooks/SendEvent1`
  try {
    for (const id of ids) {
      const vendor = VENDORS[id]
      const fake = await startFakeVendor({
        latencyMs: options.latencyMs,
        defaultReply: vendor.reply,
      })
      // The same fake again, for the reference calls, so they never count as the connector's.
      const reference = await startFakeVendor({
        latencyMs: options.latencyMs,
        defaultReply: vendor.reply,
      })
      let host
      try {
        host = await startHost({
          name: `connector-${id}`,
          store: { kind: 'memory' },
          connectors: { [id]: vendor.options(fake.url) },
        })
        const warm = await send(['sequential', host.hookUrl, String(options.warmup), `warm-${id}`])
        const warmCalls = fake.requests.length
        const warmConnections = fake.connections
        fake.reset()
        // Each event is followed by one call straight to the reference fake and one event to the
        // bare receiver: the three latencies are sampled side by side, so drift on the machine
        // (wake-up latency of idle vCPUs moves by ±1 ms between runs) hits all three alike.
        const paired = await send(['paired', host.hookUrl, String(options.events), `run-${id}`], {
          BENCH_FAKE_URL: `${reference.url}/direct`,
          BENCH_BARE_URL: bareUrl,
        })
        const { host: r, fake: own, bare: receiver } = paired
        const calls = fake.requests.length
        const callsPerEvent = calls / r.count
        const connections = fake.connections
        const operations = {}
        for (const req of fake.requests) {
          const op = `${req.method} ${req.path.replace(/[0-9a-f]{32}/, '{hash}')}`
          operations[op] = (operations[op] ?? 0) + 1
        }
        // Medians, not means: on a shared machine a few stalls would dominate a mean. The median
        // event makes round(calls per event) vendor calls (Mailchimp: 2; its customer_only events 1).
        const typicalCalls = Math.max(1, Math.round(callsPerEvent))
        const result = {
          id,
          minCalls: vendor.minCalls,
          events: r.count,
          eventsPerSec: (r.count / r.elapsedMs) * 1000,
          callsPerEvent,
          connectionsPer100: (connections / r.count) * 100,
          meanMs: r.meanMs,
          p50Ms: r.p50Ms,
          p99Ms: r.p99Ms,
          fakeOwnP50Ms: own.p50Ms,
          typicalCalls,
          bareHookP50Ms: receiver.p50Ms,
          // Over the vendor calls alone (includes the hook round trip any receiver has).
          overVendorMs: r.p50Ms - typicalCalls * own.p50Ms,
          // Over a bare receiver plus the vendor calls: what the host and connector add.
          addedMs: r.p50Ms - receiver.p50Ms - typicalCalls * own.p50Ms,
          outcomes: r.outcomes,
          operations,
          warmup: {
            events: warm.count,
            calls: warmCalls,
            connections: warmConnections,
            outcomes: warm.outcomes,
          },
        }
        results.push(result)
        log(
          `  ${id.padEnd(9)} ${result.eventsPerSec.toFixed(1)} ev/s  ${callsPerEvent.toFixed(2)} calls/ev  ${result.connectionsPer100.toFixed(2)} conns/100 ev  p50 ${r.p50Ms.toFixed(2)} ms (fake ${own.p50Ms.toFixed(2)} ms, bare hook ${receiver.p50Ms.toFixed(2)} ms) → +${result.addedMs.toFixed(2)} ms  outcomes ${JSON.stringify(r.outcomes)}`,
        )
      } catch (err) {
        results.push({ id, error: err instanceof Error ? err.message.split('\n')[0] : String(err) })
        log(`  ${id}: FAILED ${err instanceof Error ? err.message : err}`)
      } finally {
        await host?.stop()
        await fake.close()
        await reference.close()
      }
    }
  } finally {
    await bare.stop()
  }
  return { latencyMs: options.latencyMs, warmup: options.warmup, paired: true, results }
}
