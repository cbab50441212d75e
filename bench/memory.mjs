/**
 * Memory: RSS of the built host (no-op connector) over a run of events, once with the memory store
 * (its default bound) and once with SQLite. A separate process sends the events (16 in flight,
 * unique bhids, 1,000 rotating tokens) after a warm-up long enough for V8's heap and the stores'
 * bounded caches to reach their working size; RSS is read from /proc every tenth of the run.
 * @module
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { BENCH_DIR, NOOP_CONNECTOR, SECRET, signTokens, TMP, writeTokens } from './lib/env.mjs'
import { startHost } from './lib/host.mjs'
import { rssOf, runToEnd } from './lib/proc.mjs'
import { rssGrowth } from './lib/stats.mjs'

const SERVER_CPU = 0
const LOAD_CPU = 1
const CONCURRENCY = 16

const STORES = {
  memory: () => ({ kind: 'memory' }),
  sqlite: () => {
    const path = join(TMP, 'memory-bench.db')
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
    return { kind: 'sqlite', path }
  },
}

/** @param {(events: number) => void} [onProgress] */
async function sendCount(url, count, runId, tokensFile, onProgress = () => {}) {
  const out = await runToEnd(
    process.execPath,
    [join(BENCH_DIR, 'lib/send.mjs'), 'count', url, String(count), String(CONCURRENCY), runId],
    {
      cpu: LOAD_CPU,
      env: {
        BENCH_SECRET: SECRET,
        BENCH_TOKENS: tokensFile,
        BENCH_PROGRESS: String(Math.max(1, Math.floor(count / 10))),
      },
      onLine: (line) => {
        if (line.startsWith('BENCH_PROGRESS ')) onProgress(Number(line.slice(15)))
      },
    },
  )
  const line = out.stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '))
  if (!line) throw new Error(`send.mjs count failed (exit ${out.code}):\n${out.stderr}`)
  return JSON.parse(line.slice('BENCH_JSON '.length))
}

/**
 * @param {{ events: number, warmup: number, log?: (line: string) => void }} options
 */
export async function runMemory({ events, warmup, log = () => {} }) {
  const tokensFile = writeTokens(await signTokens(1000), 'memory-tokens.txt')
  const results = []
  for (const [store, config] of Object.entries(STORES)) {
    const host = await startHost({
      name: `memory-${store}`,
      store: config(),
      connectors: { noop: { use: NOOP_CONNECTOR } },
      cpu: SERVER_CPU,
    })
    try {
      await sendCount(host.hookUrl, warmup, `warm-${store}`, tokensFile)
      await new Promise((r) => setTimeout(r, 500))
      const samples = [{ events: 0, rss: rssOf(host.pid) }]
      const r = await sendCount(host.hookUrl, events, `run-${store}`, tokensFile, (n) =>
        samples.push({ events: n, rss: rssOf(host.pid) }),
      )
      await new Promise((resolve) => setTimeout(resolve, 2000))
      const after = rssOf(host.pid)
      samples.push({ events: r.count, rss: after })
      const result = {
        store,
        events: r.count,
        before: samples[0].rss,
        after,
        growth: rssGrowth(samples, r.count),
        outcomes: r.outcomes,
        samples,
      }
      results.push(result)
      const mb = (b) => `${(b / 1048576).toFixed(1)} MB`
      log(
        `  ${store.padEnd(6)} RSS ${mb(result.before)} → ${mb(result.after)} (2nd-half − 1st-half median ${mb(result.growth)})  ${JSON.stringify(r.outcomes)}`,
      )
    } finally {
      await host.stop()
    }
  }
  return { events, warmup, concurrency: CONCURRENCY, results }
}
