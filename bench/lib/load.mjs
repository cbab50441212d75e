/**
 * Fixed-duration load from a separate process: wrk when installed (it needs far less CPU than a
 * Node load generator, which matters on 2 cores), else autocannon. Both send a different token
 * and a unique bhid on every request and count answers other than 200 {"outcome":"sent"}.
 * @module
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { BENCH_DIR } from './env.mjs'
import { cpuMsOf, runToEnd } from './proc.mjs'

/** `wrk` when it is on the PATH, else `autocannon`. */
export const LOAD_TOOL = spawnSync('wrk', ['-v']).error ? 'autocannon' : 'wrk'

/**
 * One run: `connections` keep-alive connections for `seconds` against `url`; with `rate`, at most
 * that many requests per second over all connections (wrk: each connection waits
 * connections × 1000 / rate ms between requests; autocannon: `overallRate`).
 * Resolves { rps, p50Ms, p90Ms, p99Ms, maxMs, requests, errors, notSent, tool }.
 * @typedef {{ connections: number, seconds: number, tokensFile: string, bodyFile: string,
 *   runId: string, cpu?: number, rate?: number }} RunOptions
 * @param {RunOptions & { url: string }} options
 */
export async function loadRun({
  url,
  connections,
  seconds,
  tokensFile,
  bodyFile,
  runId,
  cpu,
  rate,
}) {
  const env = { BENCH_TOKENS: tokensFile, BENCH_BODY: bodyFile, BENCH_RUN: runId }
  // At a rate, each wrk connection paces itself (hook.lua's delay): connections × 1000 / rate ms.
  if (rate && LOAD_TOOL === 'wrk')
    env.BENCH_PACE_MS = String(Math.round((connections * 1000) / rate))
  const tool = LOAD_TOOL
  const out =
    tool === 'wrk'
      ? await runToEnd(
          'wrk',
          [
            '-t1',
            `-c${connections}`,
            `-d${seconds}s`,
            '--timeout',
            '10s',
            '-s',
            join(BENCH_DIR, 'lib/hook.lua'),
            url,
          ],
          { cpu, env },
        )
      : await runToEnd(
          process.execPath,
          [
            join(BENCH_DIR, 'lib/autocannon-run.mjs'),
            url,
            String(connections),
            String(seconds),
            ...(rate ? [String(rate)] : []),
          ],
          { cpu, env },
        )
  const line = out.stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '))
  if (!line)
    throw new Error(`${tool} gave no result (exit ${out.code}):\n${out.stdout}\n${out.stderr}`)
  const r = JSON.parse(line.slice('BENCH_JSON '.length))
  const errors = r.connectErrors + r.readErrors + r.writeErrors + r.timeouts + r.non2xx
  return {
    tool,
    requests: r.requests,
    rps: r.requests / (r.durationUs / 1e6),
    p50Ms: r.p50 / 1000,
    p90Ms: r.p90 / 1000,
    p99Ms: r.p99 / 1000,
    maxMs: r.max / 1000,
    errors,
    notSent: r.notSent,
  }
}

/**
 * One {@link loadRun} against a started server (`pid`, `hookUrl`), with the server's CPU time per
 * request (from /proc) and one progress line through `log`. `options` are loadRun's, less `url`.
 * Resolves loadRun's result plus `cpuUsPerReq`.
 * @param {{ pid: number, hookUrl: string }} server
 * @param {RunOptions & { log: (line: string) => void }} options
 */
export async function measuredRun(server, { log, ...options }) {
  const cpuBefore = cpuMsOf(server.pid)
  const r = await loadRun({ url: server.hookUrl, ...options })
  const cpuUsPerReq = ((cpuMsOf(server.pid) - cpuBefore) * 1000) / r.requests
  log(
    `  ${options.runId.padEnd(12)} ${Math.round(r.rps)} req/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms  cpu ${cpuUsPerReq.toFixed(0)} µs/req  errors ${r.errors}  not sent ${r.notSent}`,
  )
  return { ...r, cpuUsPerReq }
}
