/**
 * Journal cost: two built hosts on SQLite (each its own file) with the no-op connector, one with
 * the event journal on (the default, bodies for failures only) and one with `journal.enabled:
 * false`, alternating round by round on CPU 0 with the load on CPU 1. Judged: saturated req/s with
 * the journal ≥ 0.8 × without, and the CPU time per request it adds ≤ 1 ms (the steadier figure
 * on a shared machine; fixed-rate p50 and p99 are reported for context).
 * @module
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import {
  bodyTemplate,
  NOOP_CONNECTOR,
  signTokens,
  TMP,
  writeTemplate,
  writeTokens,
} from './lib/env.mjs'
import { startHost } from './lib/host.mjs'
import { LOAD_TOOL, measuredRun } from './lib/load.mjs'
import { median } from './lib/stats.mjs'

const SERVER_CPU = 0
const LOAD_CPU = 1
const CONNECTIONS = 50

/**
 * @param {{ seconds: number, rounds: number, warmupSeconds: number, rate: number,
 *   log?: (line: string) => void }} options
 */
export async function runJournal({ seconds, rounds, warmupSeconds, rate, log = () => {} }) {
  const tokensFile = writeTokens(await signTokens(1000), 'journal-tokens.txt')
  const bodyFile = writeTemplate(bodyTemplate(), 'journal-body.txt')
  const variants = [
    ['on', { enabled: true }],
    ['off', { enabled: false }],
  ]
  const servers = []
  try {
    for (const [name, journal] of variants) {
      const path = join(TMP, `journal-${name}.db`)
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
      const proc = await startHost({
        name: `journal-${name}`,
        store: { kind: 'sqlite', path },
        connectors: { noop: { use: NOOP_CONNECTOR } },
        cpu: SERVER_CPU,
        extra: { journal },
      })
      servers.push({ name, proc })
    }
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
    const saturated = { on: [], off: [] }
    const fixed = { on: [], off: [] }
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? servers : [...servers].reverse()
      for (const server of order) {
        saturated[server.name].push(await load(server, `r${round}-${server.name}`, seconds))
      }
      for (const server of order) {
        fixed[server.name].push(await load(server, `f${round}-${server.name}`, seconds, rate))
      }
    }
    const of = (runs, field) => median(runs.map((r) => r[field]))
    const summary = (name) => ({
      rps: of(saturated[name], 'rps'),
      cpuUsPerReq: of(saturated[name], 'cpuUsPerReq'),
      p50Ms: of(fixed[name], 'p50Ms'),
      p99Ms: of(fixed[name], 'p99Ms'),
      failed: [...saturated[name], ...fixed[name]].reduce((n, r) => n + r.errors + r.notSent, 0),
    })
    const on = summary('on')
    const off = summary('off')
    return {
      tool: LOAD_TOOL,
      connections: CONNECTIONS,
      seconds,
      rounds,
      rate,
      on,
      off,
      ratio: on.rps / off.rps,
      addedCpuUs: on.cpuUsPerReq - off.cpuUsPerReq,
    }
  } finally {
    await Promise.all(servers.map((s) => s.proc.stop()))
  }
}
