/**
 * Benchmark 1, host overhead: the built host (no-op connector, memory store) against (a) a bare
 * node:http endpoint and (b) the SendEvent1 page's Express handler, both verifying the same JWT
 * with jose and validating with core's zod schema. Servers are pinned to CPU 0, the load tool
 * (wrk, or autocannon) to CPU 1; 50 connections, fixed duration, runs alternate between the
 * servers (the order rotates every round) so machine drift hits all three alike. Each round also
 * runs every server at a fixed rate (`rate` req/s over the same 50 connections): at saturation a
 * closed-loop p99 is queueing (p50 ≈ connections / req/s), the fixed-rate run gives the latency
 * a request sees when the server keeps up.
 * @module
 */
import { join } from 'node:path'
import {
  BENCH_DIR,
  bodyTemplate,
  NOOP_CONNECTOR,
  SECRET,
  signTokens,
  writeTemplate,
  writeTokens,
} from './lib/env.mjs'
import { startHost } from './lib/host.mjs'
import { LOAD_TOOL, loadRun } from './lib/load.mjs'
import { cpuMsOf, freePort, startProcess, waitForUrl } from './lib/proc.mjs'
import { median } from './lib/stats.mjs'

const SERVER_CPU = 0
const LOAD_CPU = 1

async function startReference(name) {
  const port = await freePort()
  const proc = startProcess(
    process.execPath,
    [join(BENCH_DIR, `servers/${name}.mjs`), String(port)],
    {
      cpu: SERVER_CPU,
      env: { BENCH_SECRET: SECRET },
      name,
    },
  )
  await waitForUrl(`http://127.0.0.1:${port}/healthz`, proc)
  return Object.assign(proc, { hookUrl: `http://127.0.0.1:${port}/hooks/SendEvent1` })
}

/**
 * @param {{ seconds: number, rounds: number, connections: number, warmupSeconds: number,
 *   rate: number, log?: (line: string) => void, hostLog?: string }} options
 */
export async function runOverhead(options) {
  const { seconds, rounds, connections, warmupSeconds, rate } = options
  const log = options.log ?? (() => undefined)
  const tokensFile = writeTokens(await signTokens(1000), 'overhead-tokens.txt')
  const template = bodyTemplate()
  const bodyFile = writeTemplate(template, 'overhead-body.txt')
  const bodyBytes = Buffer.byteLength(`${template.prefix}r0-host-0-100000${template.suffix}`)
  const servers = []
  try {
    const noopHost = (name, log) =>
      startHost({
        name,
        store: { kind: 'memory' },
        connectors: { noop: { use: NOOP_CONNECTOR } },
        cpu: SERVER_CPU,
        log,
      })
    servers.push({ name: 'host', proc: await noopHost('overhead-host', options.hostLog ?? 'info') })
    // The same host with its access line off (log.level warn, a setting operators have): what
    // one JSON line per request costs, measured in the same rounds. Informational, not judged.
    servers.push({ name: 'host-quiet', proc: await noopHost('overhead-host-quiet', 'warn') })
    servers.push({ name: 'bare', proc: await startReference('bare') })
    servers.push({ name: 'express', proc: await startReference('express') })

    const load = (server, runId, duration, fixedRate) =>
      loadRun({
        url: server.proc.hookUrl,
        connections,
        seconds: duration,
        tokensFile,
        bodyFile,
        runId,
        cpu: LOAD_CPU,
        rate: fixedRate,
      })

    for (const server of servers) {
      log(`  warm-up ${server.name} ${warmupSeconds}s`)
      await load(server, `warm-${server.name}`, warmupSeconds)
    }

    const runs = []
    const fixedRuns = []
    for (let round = 0; round < rounds; round++) {
      const order = servers.map((_, i) => servers[(i + round) % servers.length])
      for (const server of order) {
        const cpuBefore = cpuMsOf(server.proc.pid)
        const r = await load(server, `r${round}-${server.name}`, seconds)
        const cpuMs = cpuMsOf(server.proc.pid) - cpuBefore
        const run = { round, server: server.name, ...r, cpuUsPerReq: (cpuMs * 1000) / r.requests }
        runs.push(run)
        log(
          `  round ${round + 1}/${rounds} ${server.name.padEnd(7)} ${Math.round(r.rps)} req/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms  cpu ${run.cpuUsPerReq.toFixed(0)} µs/req  errors ${r.errors}  not-sent ${r.notSent}`,
        )
      }
      for (const server of order) {
        if (server.name === 'host-quiet') continue
        const r = await load(server, `f${round}-${server.name}`, seconds, rate)
        fixedRuns.push({ round, server: server.name, ...r })
        log(
          `  round ${round + 1}/${rounds} ${server.name.padEnd(7)} at ${rate} req/s: ${Math.round(r.rps)} req/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms  max ${r.maxMs.toFixed(2)} ms  errors ${r.errors}  not-sent ${r.notSent}`,
        )
      }
    }
    const fixedRate = Object.fromEntries(
      servers
        .filter(({ name }) => name !== 'host-quiet')
        .map(({ name }) => {
          const rs = fixedRuns.filter((r) => r.server === name)
          return [
            name,
            {
              rps: median(rs.map((r) => r.rps)),
              p50Ms: median(rs.map((r) => r.p50Ms)),
              p99Ms: median(rs.map((r) => r.p99Ms)),
              p99MsMax: Math.max(...rs.map((r) => r.p99Ms)),
              maxMs: Math.max(...rs.map((r) => r.maxMs)),
              errors: rs.reduce((a, r) => a + r.errors, 0),
              notSent: rs.reduce((a, r) => a + r.notSent, 0),
            },
          ]
        }),
    )

    const by = (name) => runs.filter((r) => r.server === name)
    const summary = Object.fromEntries(
      servers.map(({ name }) => {
        const rs = by(name)
        return [
          name,
          {
            rps: median(rs.map((r) => r.rps)),
            rpsMin: Math.min(...rs.map((r) => r.rps)),
            rpsMax: Math.max(...rs.map((r) => r.rps)),
            p50Ms: median(rs.map((r) => r.p50Ms)),
            p99Ms: median(rs.map((r) => r.p99Ms)),
            p99MsMax: Math.max(...rs.map((r) => r.p99Ms)),
            cpuUsPerReq: median(rs.map((r) => r.cpuUsPerReq)),
            errors: rs.reduce((a, r) => a + r.errors, 0),
            notSent: rs.reduce((a, r) => a + r.notSent, 0),
            requests: rs.reduce((a, r) => a + r.requests, 0),
          },
        ]
      }),
    )
    // Paired ratios: each round's host run against the same round's reference runs.
    const ratio = (a, b, field) =>
      Array.from({ length: rounds }, (_, round) => {
        const x = runs.find((r) => r.round === round && r.server === a)
        const y = runs.find((r) => r.round === round && r.server === b)
        return x[field] / y[field]
      })
    const ratios = {
      hostBareRps: ratio('host', 'bare', 'rps'),
      hostExpressRps: ratio('host', 'express', 'rps'),
      hostBareCpu: ratio('host', 'bare', 'cpuUsPerReq'),
      hostExpressCpu: ratio('host', 'express', 'cpuUsPerReq'),
      hostQuietBareRps: ratio('host-quiet', 'bare', 'rps'),
      hostQuietExpressRps: ratio('host-quiet', 'express', 'rps'),
    }
    return {
      tool: LOAD_TOOL,
      bodyBytes,
      seconds,
      rounds,
      connections,
      warmupSeconds,
      runs,
      summary,
      ratios,
      rate,
      fixedTool: fixedRuns[0]?.tool,
      fixedRuns,
      fixedRate,
    }
  } finally {
    await Promise.all(servers.map((s) => s.proc.stop()))
  }
}
