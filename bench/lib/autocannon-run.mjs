/**
 * The autocannon fallback of lib/load.mjs (used when wrk is not installed), with the same
 * request mix as lib/hook.lua: a different token and a unique bhid on every request.
 * Usage: node lib/autocannon-run.mjs URL CONNECTIONS SECONDS [RATE] (env as for hook.lua); RATE caps
 * the requests per second over all connections (a fixed-rate run, which wrk cannot do).
 */
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

const [url, connections, seconds, rate] = process.argv.slice(2)
const tokens = readFileSync(process.env.BENCH_TOKENS ?? '', 'utf8')
  .split('\n')
  .filter(Boolean)
const [before, after] = readFileSync(process.env.BENCH_BODY ?? '', 'utf8').split('\n')
const run = process.env.BENCH_RUN ?? 'run'
let counter = 0
let notSent = 0

const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  timeout: 10,
  ...(rate ? { overallRate: Number(rate) } : {}),
  requests: [
    {
      method: 'POST',
      setupRequest(req) {
        counter++
        return {
          ...req,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${tokens[counter % tokens.length]}`,
          },
          body: `${before}${run}-0-${counter}${after}`,
        }
      },
      onResponse(status, body) {
        if (status !== 200 || !String(body).includes('"sent"')) notSent++
      },
    },
  ],
})

const us = (ms) => Math.round(ms * 1000)
const out = {
  requests: result.requests.total,
  durationUs: Math.round(result.duration * 1e6),
  p50: us(result.latency.p50),
  p90: us(result.latency.p90),
  p99: us(result.latency.p99),
  max: us(result.latency.max),
  mean: us(result.latency.average),
  connectErrors: result.errors,
  readErrors: 0,
  writeErrors: 0,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  notSent,
}
process.stdout.write(`BENCH_JSON ${JSON.stringify(out)}\n`)
