#!/usr/bin/env node
/**
 * Tenants: one built host serving 1,000 tenants of the `log` connector (memory store), beside a
 * host with one tenant. Measured: start-up time (spawn to /healthz answering), RSS, and p99 at a
 * fixed rate (wrk, paced) with every request to another tenant vs all to the single tenant; then
 * the same spread load while one more tenant's vendor hangs to the deadline (40 senders keep
 * posting to it, started spread over one deadline as independent queues would be; each answer is
 * followed by a 1 s pause, as a retrying queue does), vs without.
 *
 * Each host is first warmed until its store and journal are full (10,000 entries each at the
 * memory store's caps), so every run sees the same heap. At 1,000 req/s the heap then needs a
 * full garbage collection every 10–15 s, which holds the process for up to ~100 ms on one pinned
 * core: whichever 6 s run catches one has a p99 three times the others'. So both hosts run side
 * by side and their runs interleave S A B B A S, twice (S one tenant, A spread, B spread with one
 * tenant hanging): symmetric about the middle, and A B B A A B B A on the many-tenant host, so
 * each case lands on every step of the collection cycle alike. Each case's p99 is taken over all
 * its runs' requests together (from each run's tail, see `pooledPercentile`), not as a median of
 * per-run figures. Each run follows 3 s of its own load, unmeasured: a host left idle while the
 * other ran has shrunk its heap, and would pay for that in the run. Hosts pinned to CPU 0; wrk and this process (the hanging tenant's senders) to
 * CPU 1.
 *
 *   node tenants.mjs [--tenants 1000] [--rounds 1] [--seconds 12] [--hang-senders 40] [--quick]
 * (after a build; `--hang-senders 0` is the control: B is then A, and the ratio shows the noise)
 * @module
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { CANONICAL_EVENT, createHookToken } from '@bubblehouse-hooks/core'
import { BENCH_DIR, bodyTemplate, HOST_CLI, TMP, writeTemplate } from './lib/env.mjs'
import { LOAD_TOOL } from './lib/load.mjs'
import { freePort, rssOf, runToEnd, startProcess, waitForUrl } from './lib/proc.mjs'
import { median, num, pooledPercentile, table } from './lib/stats.mjs'

const SERVER_CPU = 0
const LOAD_CPU = 1
const CONNECTIONS = 50
const HANG_CONNECTOR = join(BENCH_DIR, 'fixtures/hang-connector.mjs')
const HANG_SENDERS = 40
// Fills the memory store and journal (10,000 entries each) at 1,000 req/s, with time to spare.
export const WARMUP_SECONDS = 15
// Four runs per case: 48 s of requests each, about four full collections per case.
export const RUN_SECONDS = 12
// Unmeasured load on the same host just before each run.
const PRIME_SECONDS = 3
// Bubblehouse retries a held queue after a pause; a second keeps the hanging tenant from flooding.
const RETRY_AFTER_FAILURE_MS = 1000

const newSecret = () => randomBytes(32).toString('base64')
const tenantId = (i) => `t${String(i).padStart(4, '0')}`

/** A config (JSON is YAML) for one tenant at the top level, or `count` tenants plus a hanging one. */
/**
 * @param {number} port
 * @param {{ count: number, deadlineMs: number, secrets: string[], hangSecret: string }} options
 */
function configOf(port, { count, deadlineMs, secrets, hangSecret }) {
  const base = {
    listen: { host: '127.0.0.1', port },
    store: { kind: 'memory' },
    log: { level: 'info', format: 'json' },
    deadlineMs,
  }
  if (count === 1) {
    // Above the wrk connections: the single tenant gets all of them at once, a spread tenant few.
    return {
      ...base,
      maxInFlight: 64,
      auth: { keys: [{ secret: secrets[0] }] },
      connectors: { log: { to: 'stdout' } },
    }
  }
  const tenants = {
    hang: {
      auth: { keys: [{ secret: hangSecret }] },
      connectors: { hang: { use: HANG_CONNECTOR } },
    },
  }
  for (let i = 0; i < count; i++) {
    tenants[tenantId(i)] = {
      auth: { keys: [{ secret: secrets[i] }] },
      connectors: { log: { to: 'stdout' } },
    }
  }
  return { ...base, tenants }
}

/** Start a built host on `config`; resolves with its start-up time (spawn to /healthz 200). */
async function startHost(name, config) {
  const file = join(TMP, `${name}.yaml`)
  writeFileSync(file, `${JSON.stringify(config)}\n`)
  const url = `http://127.0.0.1:${config.listen.port}`
  const started = performance.now()
  const proc = startProcess(process.execPath, [HOST_CLI, 'start', '--config', file], {
    cpu: SERVER_CPU,
    cwd: TMP,
    env: { NODE_ENV: 'production' },
    name,
  })
  try {
    await waitForUrl(`${url}/healthz`, proc)
  } catch (err) {
    await proc.stop()
    throw err
  }
  return Object.assign(proc, { url, startupMs: performance.now() - started })
}

/** `path<TAB>token` lines for the wrk script. */
function writeTargets(targets, name) {
  const file = join(TMP, name)
  writeFileSync(file, `${targets.map(([path, token]) => `${path}\t${token}`).join('\n')}\n`)
  return file
}

/** One paced wrk run over `targetsFile`. */
async function paced(url, targetsFile, bodyFile, seconds, rate, runId) {
  const out = await runToEnd(
    'wrk',
    [
      '-t1',
      `-c${CONNECTIONS}`,
      `-d${seconds}s`,
      '--timeout',
      '30s',
      '-s',
      join(BENCH_DIR, 'lib/tenants.lua'),
      url,
    ],
    {
      cpu: LOAD_CPU,
      env: {
        BENCH_TARGETS: targetsFile,
        BENCH_BODY: bodyFile,
        BENCH_RUN: runId,
        BENCH_PACE_MS: String(Math.round((CONNECTIONS * 1000) / rate)),
      },
    },
  )
  const line = out.stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '))
  if (!line) throw new Error(`wrk gave no result (exit ${out.code}):\n${out.stdout}\n${out.stderr}`)
  const r = JSON.parse(line.slice('BENCH_JSON '.length))
  return {
    requests: r.requests,
    rps: r.requests / (r.durationUs / 1e6),
    p50Ms: r.p50 / 1000,
    p99Ms: r.p99 / 1000,
    tail: r.tail,
    failed: r.connectErrors + r.readErrors + r.writeErrors + r.timeouts + r.non2xx + r.notSent,
  }
}

/**
 * `senders` loops posting to the hanging tenant until `stop()`: each waits for its answer (the
 * deadline, or `failure` at once past maxInFlight, retried after a pause). Resolves counts.
 */
function hangLoad(url, token, senders, deadlineMs) {
  const agent = new Agent({ keepAlive: true, maxSockets: senders })
  const body = JSON.stringify({
    ...CANONICAL_EVENT,
    bhid: `hang-${randomBytes(4).toString('hex')}`,
  })
  let running = true
  const counts = { answered: 0, errors: 0 }
  const post = (i, n) =>
    new Promise((resolve) => {
      const req = request(
        `${url}/t/hang/hooks/SendEvent1`,
        {
          method: 'POST',
          agent,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve(true))
        },
      )
      req.on('error', () => resolve(false))
      req.end(body.replace('"bhid":"hang-', `"bhid":"hang-${i}-${n}-`))
    })
  const loops = Array.from({ length: senders }, async (_, i) => {
    // Independent queues: the senders start spread over one deadline, not all at once.
    await new Promise((r) => setTimeout(r, (i * deadlineMs) / senders))
    for (let n = 0; running; n++) {
      if (await post(i, n)) counts.answered++
      else counts.errors++
      if (running) await new Promise((r) => setTimeout(r, RETRY_AFTER_FAILURE_MS))
    }
  })
  return {
    async stop() {
      running = false
      await Promise.all(loops)
      agent.destroy()
      return counts
    },
  }
}

/**
 * @param {{ tenants?: number, seconds: number, rounds: number, warmupSeconds: number,
 *   rate: number, deadlineMs?: number, hangSenders?: number, log?: (line: string) => void }} options
 */
export async function runTenants({
  tenants = 1000,
  seconds,
  rounds,
  warmupSeconds,
  rate,
  deadlineMs = 5000,
  hangSenders = HANG_SENDERS,
  log = () => {},
}) {
  if (LOAD_TOOL !== 'wrk') throw new Error('the tenants benchmark needs wrk (apt-get install wrk)')
  // The senders of the hanging tenant run here: keep them off the host's CPU.
  const pin = (cpus) => spawnSync('taskset', ['-a', '-cp', cpus, String(process.pid)])
  pin(String(LOAD_CPU))
  try {
    return await measure({
      tenants,
      seconds,
      rounds,
      warmupSeconds,
      rate,
      deadlineMs,
      hangSenders,
      log,
    })
  } finally {
    pin('0-1')
  }
}

/**
 * The order of the runs, twice over: symmetric about the middle (drift hits every case alike), and
 * A B B A on the many-tenant host (each case lands on every step of its collection cycle alike).
 */
const CYCLE = ['single', 'spread', 'hang', 'hang', 'spread', 'single']
const ORDER = [...CYCLE, ...CYCLE]

async function measure({
  tenants,
  seconds,
  rounds,
  warmupSeconds,
  rate,
  deadlineMs,
  hangSenders,
  log,
}) {
  const secrets = Array.from({ length: tenants }, newSecret)
  const hangSecret = newSecret()
  const sign = (secret) => createHookToken({ key: { secret }, expiresInSec: 3600 })
  // The single tenant gets as many distinct tokens as the spread load has tenants.
  const singleTargets = []
  for (let i = 0; i < tenants; i++)
    singleTargets.push(['/hooks/SendEvent1', await sign(secrets[0])])
  const spreadTargets = []
  for (let i = 0; i < tenants; i++) {
    spreadTargets.push([`/t/${tenantId(i)}/hooks/SendEvent1`, await sign(secrets[i])])
  }
  const files = {
    single: writeTargets(singleTargets, 'tenants-single.txt'),
    spread: writeTargets(spreadTargets, 'tenants-spread.txt'),
  }
  const bodyFile = writeTemplate(bodyTemplate(), 'tenants-body.txt')
  const hangToken = await sign(hangSecret)

  /** @typedef {{ requests: number, rps: number, p50Ms: number, p99Ms: number, tail: [number, number][], failed: number }} Run */
  /** @type {{ single: Run[], spread: Run[], hang: Run[] }} */
  const runs = { single: [], spread: [], hang: [] }
  /** @type {{ single: number[], many: number[] }} */
  const starts = { single: [], many: [] }
  /** @type {{ single: number[], manyStart: number[], manyAfter: number[] }} */
  const rss = { single: [], manyStart: [], manyAfter: [] }
  let hangCounts = { answered: 0, errors: 0 }
  for (let round = 0; round < rounds; round++) {
    // Both hosts live side by side on CPU 0, loaded one at a time.
    const single = await startHost(
      'tenants-single',
      configOf(await freePort(), { count: 1, deadlineMs, secrets, hangSecret }),
    )
    const many = await startHost(
      'tenants-many',
      configOf(await freePort(), { count: tenants, deadlineMs, secrets, hangSecret }),
    ).catch(async (err) => {
      await single.stop()
      throw err
    })
    starts.single.push(single.startupMs)
    starts.many.push(many.startupMs)
    rss.manyStart.push(rssOf(many.pid))
    log(
      `  round ${round + 1}: one tenant and ${tenants} tenants (started in ${num(single.startupMs)} and ${num(many.startupMs)} ms)`,
    )
    const target = {
      single: { url: single.url, file: files.single },
      spread: { url: many.url, file: files.spread },
      hang: { url: many.url, file: files.spread },
    }
    try {
      await paced(single.url, files.single, bodyFile, warmupSeconds, rate, `ws${round}`)
      await paced(many.url, files.spread, bodyFile, warmupSeconds, rate, `wm${round}`)
      let hanging
      for (const [i, kind] of ORDER.entries()) {
        if (kind === 'hang' && !hanging) {
          hanging = hangLoad(many.url, hangToken, hangSenders, deadlineMs)
          // Every sender has started (and the first held requests answered) before the runs.
          await new Promise((r) => setTimeout(r, deadlineMs + 1000))
        }
        const { url, file } = target[kind]
        // A host that sat idle has shrunk its heap (V8's memory reducer): load it first, unmeasured.
        await paced(url, file, bodyFile, PRIME_SECONDS, rate, `p${kind}${round}-${i}`)
        runs[kind].push(await paced(url, file, bodyFile, seconds, rate, `${kind}${round}-${i}`))
        if (hanging && ORDER[i + 1] !== 'hang') {
          // Waits for the held requests: the next run starts with none in flight.
          const counts = await hanging.stop()
          hanging = undefined
          hangCounts = {
            answered: hangCounts.answered + counts.answered,
            errors: hangCounts.errors + counts.errors,
          }
        }
      }
      rss.single.push(rssOf(single.pid))
      rss.manyAfter.push(rssOf(many.pid))
    } finally {
      await Promise.all([single.stop(), many.stop()])
    }
  }
  const summary = (list) => ({
    runs: list.length,
    rps: median(list.map((r) => r.rps)),
    p50Ms: median(list.map((r) => r.p50Ms)),
    p99Ms: pooledPercentile(list, 99) / 1000,
    worstP99Ms: Math.max(...list.map((r) => r.p99Ms)),
    runP99Ms: list.map((r) => Math.round(r.p99Ms * 10) / 10),
    failed: list.reduce((sum, r) => sum + r.failed, 0),
  })
  return {
    tenants,
    rounds,
    seconds,
    warmupSeconds,
    rate,
    deadlineMs,
    hangSenders,
    startupMs: {
      single: median(starts.single),
      many: median(starts.many),
      worstMany: Math.max(...starts.many),
    },
    rss: {
      single: median(rss.single),
      manyStart: median(rss.manyStart),
      manyAfter: Math.max(...rss.manyAfter),
    },
    single: summary(runs.single),
    spread: summary(runs.spread),
    hang: summary(runs.hang),
    hangCounts,
  }
}

/** The targets of issue 24, checked. */
export function tenantsTargets(t) {
  const spreadRatio = t.spread.p99Ms / t.single.p99Ms
  const hangRatio = t.hang.p99Ms / t.spread.p99Ms
  const mb = (bytes) => bytes / 1024 / 1024
  return [
    [
      `${t.tenants} tenants: start-up < 3 s`,
      `${num(t.startupMs.many)} ms (worst ${num(t.startupMs.worstMany)} ms; one tenant: ${num(t.startupMs.single)} ms)`,
      t.startupMs.worstMany < 3000,
    ],
    [
      `${t.tenants} tenants: RSS < 300 MB`,
      `${num(mb(t.rss.manyStart), 1)} MB at start, ${num(mb(t.rss.manyAfter), 1)} MB after the load (one tenant: ${num(mb(t.rss.single), 1)} MB)`,
      t.rss.manyAfter < 300 * 1024 * 1024,
    ],
    [
      `p99 spread over ${t.tenants} tenants ≤ 1.2× single tenant (${t.rate} req/s)`,
      `${num(spreadRatio, 2)}× (${num(t.spread.p99Ms, 2)} ms vs ${num(t.single.p99Ms, 2)} ms)`,
      spreadRatio <= 1.2,
    ],
    [
      'p99 of the others with one tenant hanging ≤ 1.2× without',
      `${num(hangRatio, 2)}× (${num(t.hang.p99Ms, 2)} ms vs ${num(t.spread.p99Ms, 2)} ms)`,
      hangRatio <= 1.2,
    ],
  ]
}

/** The report section. */
export function tenantsMarkdown(t) {
  const targets = table(
    ['target', 'measured', 'result'],
    tenantsTargets(t).map(([name, measured, met]) => [name, measured, met ? 'met' : '**missed**']),
  )
  const rows = [
    ['one tenant', t.single],
    [`${t.tenants} tenants, spread`, t.spread],
    [`${t.tenants} tenants, spread, one tenant hanging`, t.hang],
  ].map(([name, s]) => [
    name,
    num(s.rps),
    num(s.p50Ms, 2),
    num(s.p99Ms, 2),
    num(s.worstP99Ms, 2),
    String(s.failed),
  ])
  return [
    `Load: wrk paced at ${t.rate} req/s over ${CONNECTIONS} connections; each host warmed for ${t.warmupSeconds} s, then, each after ${PRIME_SECONDS} s of the same load unmeasured, ${ORDER.length / 3} runs of ${t.seconds} s per case in the order ${ORDER.map((k) => ({ single: 'S', spread: 'A', hang: 'B' })[k]).join(' ')} (S one tenant, A spread, B spread with one tenant hanging), ${t.rounds} round(s) of fresh hosts; p99 over all of a case's requests together, p50 the median run's; host on CPU ${SERVER_CPU}, wrk on CPU ${LOAD_CPU}; memory store, \`log\` connector to stdout (/dev/null), deadlineMs ${t.deadlineMs}. Spread: request *n* goes to tenant *n* mod ${t.tenants}, signed with its own secret. Hanging: a further tenant whose connector never answers gets ${t.hangSenders} senders, started spread over one deadline (${t.hangCounts.answered} answers over the hanging runs: held to the deadline, or \`failure\` at once past maxInFlight 32; each answer followed by a ${RETRY_AFTER_FAILURE_MS} ms pause before the next).`,
    '',
    targets,
    '',
    table(['run', 'req/s', 'p50 ms', 'p99 ms', 'worst p99 ms', 'failed / not sent'], rows),
  ].join('\n')
}

// `node tenants.mjs`: run it alone (after `pnpm --filter @bubblehouse-hooks/host... build`).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      tenants: { type: 'string', default: '1000' },
      rounds: { type: 'string' },
      seconds: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'hang-senders': { type: 'string', default: String(HANG_SENDERS) },
    },
  })
  const log = (line) => process.stderr.write(`${line}\n`)
  const result = await runTenants({
    tenants: Number(values.tenants),
    seconds: Number(values.seconds ?? (values.quick ? 3 : RUN_SECONDS)),
    rounds: Number(values.rounds ?? 1),
    warmupSeconds: values.quick ? 5 : WARMUP_SECONDS,
    rate: 1000,
    hangSenders: Number(values['hang-senders']),
    log,
  })
  const text = tenantsMarkdown(result)
  writeFileSync(join(TMP, 'tenants-last-run.md'), `${text}\n`)
  writeFileSync(join(TMP, 'tenants-last-run.json'), `${JSON.stringify(result, null, 2)}\n`)
  process.stdout.write(`${text}\n`)
}
