/**
 * Benchmark 3, memory: RSS of the built host (no-op connector) before and after 100,000 events,
 * after a warm-up long enough for the process to reach its working size: once with the default
 * memory store (10,000 results), once with it bounded at 100,000 (the old default, to show its
 * cost) and once with the SQLite store. A separate process sends the events
 * (16 in flight, every bhid unique, 1,000 rotating tokens); RSS is read from /proc every 10,000
 * events, so the table shows whether it levels off (bounded caches) or keeps climbing (a leak).
 * @module
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { BENCH_DIR, NOOP_CONNECTOR, SECRET, signTokens, TMP, writeTokens } from './lib/env.mjs'
import { startHost } from './lib/host.mjs'
import { get, rssOf, runToEnd } from './lib/proc.mjs'
import { rssGrowth } from './lib/stats.mjs'

const SERVER_CPU = 0
const LOAD_CPU = 1

/** Heap used by the host, from its own /metrics (prom-client's default metrics). */
async function heapUsed(url) {
  try {
    const { body } = await get(`${url}/metrics`)
    const value = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(body)?.[1]
    return value === undefined ? Number.NaN : Number(value)
  } catch {
    return Number.NaN
  }
}

async function sendCount(url, count, concurrency, runId, tokensFile, onProgress) {
  const out = await runToEnd(
    process.execPath,
    [join(BENCH_DIR, 'lib/send.mjs'), 'count', url, String(count), String(concurrency), runId],
    {
      cpu: LOAD_CPU,
      env: { BENCH_SECRET: SECRET, BENCH_TOKENS: tokensFile, BENCH_PROGRESS: '10000' },
      onLine: (line) => {
        if (line.startsWith('BENCH_PROGRESS ')) onProgress(Number(line.slice(15)))
      },
    },
  )
  const line = out.stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '))
  if (!line) throw new Error(`send.mjs count failed (exit ${out.code}):\n${out.stderr}`)
  return JSON.parse(line.slice('BENCH_JSON '.length))
}

const STORES = {
  memory: () => ({ kind: 'memory' }),
  // The default store keeps 10,000 results; this is the 0.1 default (100,000), to show what it cost.
  'memory-100k': () => ({ kind: 'memory', maxEntries: 100_000 }),
  sqlite: () => {
    const path = join(TMP, 'memory-bench.db')
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
    return { kind: 'sqlite', path }
  },
}

/**
 * @param {{ events: number, warmup: number, concurrency: number, stores?: string[],
 *   log?: (line: string) => void }} options
 */
export async function runMemory(options) {
  const log = options.log ?? (() => undefined)
  const tokensFile = writeTokens(await signTokens(1000), 'memory-tokens.txt')
  const results = []
  for (const storeName of options.stores ?? Object.keys(STORES)) {
    const host = await startHost({
      name: `memory-${storeName}`,
      store: STORES[storeName](),
      connectors: { noop: { use: NOOP_CONNECTOR } },
      cpu: SERVER_CPU,
    })
    try {
      await sendCount(
        host.hookUrl,
        options.warmup,
        options.concurrency,
        `warm-${storeName}`,
        tokensFile,
        () => undefined,
      )
      await new Promise((r) => setTimeout(r, 500))
      const before = { rss: rssOf(host.pid), heap: await heapUsed(host.url) }
      const samples = [{ events: 0, rss: before.rss }]
      const r = await sendCount(
        host.hookUrl,
        options.events,
        options.concurrency,
        `run-${storeName}`,
        tokensFile,
        (n) => samples.push({ events: n, rss: rssOf(host.pid) }),
      )
      const afterNow = rssOf(host.pid)
      await new Promise((r) => setTimeout(r, 2000))
      const after = { rss: rssOf(host.pid), rssAtEnd: afterNow, heap: await heapUsed(host.url) }
      samples.push({ events: r.count, rss: after.rss })
      const result = {
        store: storeName,
        events: r.count,
        eventsPerSec: (r.count / r.elapsedMs) * 1000,
        outcomes: r.outcomes,
        before,
        after,
        samples,
      }
      results.push(result)
      const mb = (b) => `${(b / 1048576).toFixed(1)} MB`
      log(
        `  ${storeName.padEnd(6)} ${r.count} events at ${Math.round(result.eventsPerSec)}/s: RSS ${mb(before.rss)} → ${mb(after.rss)} (2nd-half median − 1st-half median ${mb(rssGrowth(samples, r.count))}), heap ${mb(before.heap)} → ${mb(after.heap)}  outcomes ${JSON.stringify(r.outcomes)}`,
      )
    } finally {
      await host.stop()
    }
  }
  return {
    events: options.events,
    warmup: options.warmup,
    concurrency: options.concurrency,
    results,
  }
}
