/**
 * The Node load process (run as a separate process, like Bubblehouse is). Modes:
 * - `paired URL N RUN`: N events one at a time, each waiting for the answer before the next (one
 *   Bubblehouse queue), each with a freshly signed token; a mix of every sample event over 20
 *   customers, every bhid unique. After each event, one POST straight to the reference fake
 *   vendor (BENCH_FAKE_URL) and one event to the bare receiver (BENCH_BARE_URL), so the three
 *   latencies are sampled side by side and machine drift hits them alike.
 * - `count URL N CONCURRENCY RUN`: N events with CONCURRENCY in flight, tokens from BENCH_TOKENS;
 *   prints a progress line every BENCH_PROGRESS events (memory benchmark).
 * Every mode ends with one `BENCH_JSON {...}` line; keep-alive connections throughout.
 */
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import {
  CANONICAL_EVENT,
  createHookToken,
  SAMPLE_NAMES,
  sampleEvent,
} from '@bubblehouse-hooks/core'

const [mode, url, countArg, arg4, arg5] = process.argv.slice(2)
const count = Number(countArg)
/** @type {import('@bubblehouse-hooks/core').HookKey} */
const KEY = { kid: 'main', secret: process.env.BENCH_SECRET ?? '', encoding: 'base64' }

function post(agent, target, body, token) {
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
  if (token) headers.authorization = `Bearer ${token}`
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = request(target, { method: 'POST', agent, headers }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - started,
        }),
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

function outcomeOf(answer) {
  try {
    return answer.status === 200
      ? (JSON.parse(answer.body).outcome ?? 'none')
      : `http_${answer.status}`
  } catch {
    return 'unparsable'
  }
}

function summary(latencies, elapsedMs, outcomes) {
  const sorted = [...latencies].sort((a, b) => a - b)
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
  return {
    count: latencies.length,
    elapsedMs,
    meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    p50Ms: at(50),
    p90Ms: at(90),
    p99Ms: at(99),
    maxMs: sorted.at(-1),
    outcomes,
  }
}

const print = (value) => process.stdout.write(`BENCH_JSON ${JSON.stringify(value)}\n`)

/** Event `i` of a run: the sample events in turn, 20 customers, a unique bhid. */
function eventAt(run, i) {
  const c = i % 20
  return sampleEvent(SAMPLE_NAMES[i % SAMPLE_NAMES.length], {
    bhid: `${run}-${i}`,
    customer: {
      ...CANONICAL_EVENT.customer,
      bhid: `cust${c}`,
      shopid: String(10_000 + c),
      email: `customer${c}@example.com`,
    },
  })
}

if (mode === 'paired') {
  const run = arg4
  const targets = { host: url, fake: process.env.BENCH_FAKE_URL, bare: process.env.BENCH_BARE_URL }
  const agents = Object.fromEntries(
    Object.keys(targets).map((name) => [name, new Agent({ keepAlive: true, maxSockets: 1 })]),
  )
  /** @type {Record<'host' | 'fake' | 'bare', number[]>} */
  const latencies = { host: [], fake: [], bare: [] }
  /** @type {Record<'host' | 'fake' | 'bare', Record<string, number>>} */
  const outcomes = { host: {}, fake: {}, bare: {} }
  const direct = JSON.stringify(CANONICAL_EVENT)
  for (let i = 0; i < count; i++) {
    const hosted = await post(
      agents.host,
      targets.host,
      JSON.stringify(eventAt(run, i)),
      await createHookToken({ key: KEY }),
    )
    latencies.host.push(hosted.ms)
    const o = outcomeOf(hosted)
    outcomes.host[o] = (outcomes.host[o] ?? 0) + 1
    latencies.fake.push((await post(agents.fake, targets.fake, direct)).ms)
    const bare = await post(
      agents.bare,
      targets.bare,
      JSON.stringify(eventAt(`${run}-bare`, i)),
      await createHookToken({ key: KEY }),
    )
    latencies.bare.push(bare.ms)
    const b = outcomeOf(bare)
    outcomes.bare[b] = (outcomes.bare[b] ?? 0) + 1
  }
  // Each series' elapsed time is its own requests' (a queue of only those would take that long).
  const own = (name) => latencies[name].reduce((a, b) => a + b, 0)
  print(
    Object.fromEntries(
      Object.keys(targets).map((name) => [
        name,
        summary(latencies[name], own(name), outcomes[name]),
      ]),
    ),
  )
  for (const agent of Object.values(agents)) agent.destroy()
} else if (mode === 'count') {
  const concurrency = Number(arg4)
  const run = arg5
  const tokens = readFileSync(process.env.BENCH_TOKENS ?? '', 'utf8')
    .split('\n')
    .filter(Boolean)
  const progressEvery = Number(process.env.BENCH_PROGRESS ?? 10_000)
  const [before, after] = JSON.stringify({ ...CANONICAL_EVENT, bhid: '@@' }).split('@@')
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
  const latencies = []
  const outcomes = {}
  let next = 0
  let done = 0
  const started = performance.now()
  async function worker() {
    while (next < count) {
      const i = next++
      const answer = await post(
        agent,
        url,
        `${before}${run}-${i}${after}`,
        tokens[i % tokens.length],
      )
      latencies.push(answer.ms)
      const o = outcomeOf(answer)
      outcomes[o] = (outcomes[o] ?? 0) + 1
      done++
      if (done % progressEvery === 0) process.stdout.write(`BENCH_PROGRESS ${done}\n`)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  print(summary(latencies, performance.now() - started, outcomes))
  agent.destroy()
} else {
  process.stderr.write('usage: send.mjs paired|count URL N [...]\n')
  process.exit(2)
}
