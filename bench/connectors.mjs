/**
 * Per connector: the built host with that one connector (memory store) against core's fake vendor,
 * which adds 20 ms to every answer and counts TCP connections. A separate process sends one
 * Bubblehouse queue: events one at a time, each with a fresh token. After every event it also
 * times one call straight to a second fake (the vendor's own latency) and one event to a bare
 * receiver (jose + zod, no vendor: the round trip any receiver has), so drift on the machine hits
 * all three alike. Added per event = end-to-end p50 − bare receiver p50 − vendor calls × fake p50.
 * @module
 */
import { join } from 'node:path'
import { startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { BENCH_DIR, SECRET } from './lib/env.mjs'
import { startHost } from './lib/host.mjs'
import { freePort, runToEnd, startProcess, waitForUrl } from './lib/proc.mjs'
import { VENDORS } from './lib/vendors.mjs'

async function send(args, env = {}) {
  const out = await runToEnd(process.execPath, [join(BENCH_DIR, 'lib/send.mjs'), ...args], {
    env: { BENCH_SECRET: SECRET, ...env },
  })
  const line = out.stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '))
  if (!line) throw new Error(`send.mjs ${args[0]} failed (exit ${out.code}):\n${out.stderr}`)
  return JSON.parse(line.slice('BENCH_JSON '.length))
}

/** One connector's run against its fake; `bareUrl` is the bare receiver's hook URL. */
async function runOne(id, { events, warmup, latencyMs }, bareUrl) {
  const vendor = VENDORS[id]
  const fake = await startFakeVendor({ latencyMs, defaultReply: vendor.reply })
  // The same fake again for the reference calls, so they never count as the connector's.
  const reference = await startFakeVendor({ latencyMs, defaultReply: vendor.reply })
  let host
  try {
    host = await startHost({
      name: `connector-${id}`,
      store: { kind: 'memory' },
      connectors: { [id]: vendor.options(fake.url) },
    })
    // Warm-up: the first connection and one-time reads (Mailchimp's merge fields, HubSpot's
    // property list) stay out of the measured window.
    const references = { BENCH_FAKE_URL: `${reference.url}/direct`, BENCH_BARE_URL: bareUrl }
    await send(['paired', host.hookUrl, String(warmup), `warm-${id}`], references)
    fake.reset()
    const run = await send(['paired', host.hookUrl, String(events), `run-${id}`], references)
    const { host: r, fake: own, bare } = run
    const callsPerEvent = fake.requests.length / r.count
    // The median event makes round(calls per event) vendor calls (Mailchimp 2, else 1).
    const typicalCalls = Math.max(1, Math.round(callsPerEvent))
    return {
      id,
      maxCalls: vendor.maxCalls,
      events: r.count,
      callsPerEvent,
      connectionsPer100: (fake.connections / r.count) * 100,
      p50Ms: r.p50Ms,
      fakeP50Ms: own.p50Ms,
      bareP50Ms: bare.p50Ms,
      addedMs: r.p50Ms - bare.p50Ms - typicalCalls * own.p50Ms,
      outcomes: r.outcomes,
    }
  } finally {
    await host?.stop()
    await fake.close()
    await reference.close()
  }
}

/**
 * @param {{ events: number, warmup: number, latencyMs: number, only?: string[],
 *   log?: (line: string) => void }} options
 */
export async function runConnectors(options) {
  const log = options.log ?? (() => undefined)
  const port = await freePort()
  const bare = startProcess(process.execPath, [join(BENCH_DIR, 'servers/bare.mjs'), String(port)], {
    env: { BENCH_SECRET: SECRET },
    name: 'bare',
  })
  await waitForUrl(`http://127.0.0.1:${port}/healthz`, bare)
  const results = []
  try {
    for (const id of options.only ?? Object.keys(VENDORS)) {
      const r = await runOne(id, options, `http://127.0.0.1:${port}/hooks/SendEvent1`)
      results.push(r)
      log(
        `  ${id.padEnd(9)} ${r.callsPerEvent.toFixed(2)} calls/ev  ${r.connectionsPer100.toFixed(2)} conns/100 ev  p50 ${r.p50Ms.toFixed(2)} ms (fake ${r.fakeP50Ms.toFixed(2)}, bare ${r.bareP50Ms.toFixed(2)}) → +${r.addedMs.toFixed(2)} ms  ${JSON.stringify(r.outcomes)}`,
      )
    }
  } finally {
    await bare.stop()
  }
  return { latencyMs: options.latencyMs, warmup: options.warmup, results }
}
