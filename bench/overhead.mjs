/**
 * Host overhead: the built host (no-op connector, memory store) at 50 connections, pinned to CPU 0
 * with the load tool on CPU 1. Judged: p99 at a fixed rate the host keeps up with (at saturation a
 * closed-loop p99 is only queueing). Reported for context: saturated req/s and CPU per request,
 * beside the SendEvent1 page's Express handler (same jose check, same zod schema), the two runs
 * alternating each round so drift on the machine hits both alike.
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
import { LOAD_TOOL, measuredRun } from './lib/load.mjs'
import { freePort, startProcess, waitForUrl } from './lib/proc.mjs'
import { median } from './lib/stats.mjs'

const SERVER_CPU = 0
const LOAD_CPU = 1
const CONNECTIONS = 50

async function startExpress() {
  const port = await freePort()
  const proc = startProcess(
    process.execPath,
    [join(BENCH_DIR, 'servers/express.mjs'), String(port)],
    { cpu: SERVER_CPU, env: { BENCH_SECRET: SECRET }, name: 'express' },
  )
  await waitForUrl(`http://127.0.0.1:${port}/healthz`, proc)
  return Object.assign(proc, { hookUrl: `http://127.0.0.1:${port}/hooks/SendEvent1` })
}

/** Medians over the rounds of one server's runs. */
function summarise(runs) {
  const of = (field) => median(runs.map((r) => r[field]))
  return {
    rps: of('rps'),
    p50Ms: of('p50Ms'),
    p99Ms: of('p99Ms'),
    worstP99Ms: Math.max(...runs.map((r) => r.p99Ms)),
    cpuUsPerReq: of('cpuUsPerReq'),
    failed: runs.reduce((sum, r) => sum + r.errors + r.notSent, 0),
  }
}

/**
 * @param {{ seconds: number, rounds: number, warmupSeconds: number, rate: number,
 *   log?: (line: string) => void }} options
 */
export async function runOverhead({ seconds, rounds, warmupSeconds, rate, log = () => {} }) {
  const tokensFile = writeTokens(await signTokens(1000), 'overhead-tokens.txt')
  const bodyFile = writeTemplate(bodyTemplate(), 'overhead-body.txt')
  const servers = []
  try {
    const host = await startHost({
      name: 'overhead-host',
      store: { kind: 'memory' },
      connectors: { noop: { use: NOOP_CONNECTOR } },
      cpu: SERVER_CPU,
    })
    servers.push({ name: 'host', proc: host }, { name: 'express', proc: await startExpress() })

    const load = (server, runId, duration, fixedRate) =>
      measuredRun(server.proc, {
        connections: CONNECTIONS,
        seconds: duration,
        tokensFile,
        bodyFile,
        runId,
        cpu: LOAD_CPU,
        rate: fixedRate,
        log,
      })

    for (const server of servers) await load(server, `warm-${server.name}`, warmupSeconds)
    const saturated = { host: [], express: [] }
    const fixed = []
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? servers : [...servers].reverse()
      for (const server of order)
        saturated[server.name].push(await load(server, `r${round}-${server.name}`, seconds))
      fixed.push(await load(servers[0], `f${round}-host`, seconds, rate))
    }
    return {
      tool: LOAD_TOOL,
      connections: CONNECTIONS,
      seconds,
      rounds,
      rate,
      host: summarise(saturated.host),
      express: summarise(saturated.express),
      fixed: summarise(fixed),
    }
  } finally {
    await Promise.all(servers.map((s) => s.proc.stop()))
  }
}
