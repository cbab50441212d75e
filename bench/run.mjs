#!/usr/bin/env node
/**
 * `pnpm bench`: build the host, run the benchmarks and print one report with every target
 * checked. Run by hand on a quiet machine; timings never gate tests.
 *
 *   node run.mjs [--only overhead,connectors,memory,journal,tenants] [--quick] [--no-build]
 *                [--rounds 3] [--seconds 6] [--connectors klaviyo,…]
 *
 * The report goes to stdout and to .tmp/last-run.md (raw numbers: .tmp/last-run.json).
 * @module
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

// `pnpm bench -- --quick` may hand us a literal `--`; drop it so the flags still count.
const argv = process.argv.slice(2).filter((arg) => arg !== '--')
const { values } = parseArgs({
  args: argv,
  options: {
    only: { type: 'string', default: 'overhead,connectors,memory,journal,tenants' },
    quick: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    connectors: { type: 'string' },
  },
})

const ROOT = new URL('..', import.meta.url).pathname
const log = (line) => process.stderr.write(`${line}\n`)

// The benchmarks run the packages' dist/ (turbo skips what is up to date).
if (!values['no-build']) {
  log('building @bubblehouse-hooks/host and its dependencies (turbo)…')
  const build = spawnSync(
    'pnpm',
    [
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=@bubblehouse-hooks/host...',
      '--output-logs=errors-only',
    ],
    // Build output goes to stderr, so stdout carries only the report.
    { cwd: ROOT, stdio: ['ignore', 2, 2] },
  )
  if (build.status !== 0) {
    log('build failed: fix it (or pass --no-build to run on the existing dist/)')
    process.exit(build.status ?? 1)
  }
}

// Imported after the build: they load the packages' dist/.
const { describeMachine, loadNow } = await import('./lib/machine.mjs')
const report = await import('./lib/report.mjs')
const { TMP } = await import('./lib/env.mjs')

const quick = values.quick
const only = new Set(values.only.split(','))
const machine = describeMachine()
log(`machine: ${machine.nproc} cores, ${machine.cpu}, node ${machine.node}, load ${machine.load}`)
if (Number(machine.load.split(' ')[0]) > Number(machine.nproc) / 2)
  log('warning: the machine is busy (load average above half the cores); numbers will be noisy')

const started = Date.now()
const results = {}
if (only.has('overhead')) {
  log('[overhead] host beside Express, then the host at a fixed rate')
  const { runOverhead } = await import('./overhead.mjs')
  results.overhead = await runOverhead({
    seconds: Number(values.seconds ?? (quick ? 3 : 6)),
    rounds: Number(values.rounds ?? (quick ? 1 : 3)),
    warmupSeconds: quick ? 2 : 5,
    rate: 1000,
    log,
  })
}
if (only.has('connectors')) {
  log('[connectors] one queue per connector against a fake vendor (+20 ms)')
  const { runConnectors } = await import('./connectors.mjs')
  results.connectors = await runConnectors({
    events: quick ? 40 : 200,
    warmup: 10,
    latencyMs: 20,
    ...(values.connectors ? { only: values.connectors.split(',') } : {}),
    log,
  })
}
if (only.has('memory')) {
  log('[memory] RSS per store')
  const { runMemory } = await import('./memory.mjs')
  // The warm-up lets V8's heap and the stores' caches reach their working size first: measured
  // from a short warm-up, that growth looks like a leak.
  results.memory = await runMemory({
    events: quick ? 10_000 : 100_000,
    warmup: quick ? 1000 : 150_000,
    log,
  })
}

if (only.has('journal')) {
  log('[journal] SQLite host with the event journal on and off, alternating')
  const { runJournal } = await import('./journal.mjs')
  results.journal = await runJournal({
    seconds: Number(values.seconds ?? (quick ? 3 : 6)),
    rounds: Number(values.rounds ?? (quick ? 1 : 3)),
    warmupSeconds: quick ? 2 : 5,
    rate: 500,
    log,
  })
}

let tenantsReport
if (only.has('tenants')) {
  log('[tenants] 1,000 tenants beside one: start-up, RSS, p99 spread and with one tenant hanging')
  tenantsReport = await import('./tenants.mjs')
  results.tenants = await tenantsReport.runTenants({
    tenants: 1000,
    seconds: Number(values.seconds ?? (quick ? 3 : tenantsReport.RUN_SECONDS)),
    rounds: 1,
    warmupSeconds: quick ? 5 : tenantsReport.WARMUP_SECONDS,
    rate: 1000,
    log,
  })
}

const elapsed = Math.round((Date.now() - started) / 1000)
const sections = [
  ['Host overhead', results.overhead && report.overheadMarkdown(results.overhead)],
  ['Connectors', results.connectors && report.connectorsMarkdown(results.connectors)],
  ['Memory', results.memory && report.memoryMarkdown(results.memory)],
  ['Journal', results.journal && report.journalMarkdown(results.journal)],
  ['Tenants', results.tenants && tenantsReport?.tenantsMarkdown(results.tenants)],
].filter(([, text]) => text)
const out = [
  `# bubblehouse-hooks benchmarks (${machine.date})`,
  '',
  `${machine.nproc} cores (${machine.cpu}), ${machine.os}, Node ${machine.node}, ${machine.wrk}; load average ${machine.load} before, ${loadNow()} after; \`node run.mjs ${argv.join(' ')}\`, ${elapsed} s.`,
  '',
  '## Targets',
  '',
  report.targetsMarkdown([
    ...report.targets(results),
    ...(results.tenants && tenantsReport ? tenantsReport.tenantsTargets(results.tenants) : []),
  ]),
  ...sections.flatMap(([title, text]) => ['', `## ${title}`, '', text]),
  '',
].join('\n')
writeFileSync(join(TMP, 'last-run.md'), out)
writeFileSync(join(TMP, 'last-run.json'), `${JSON.stringify({ machine, results }, null, 2)}\n`)
process.stdout.write(out)
log(`done in ${elapsed} s; report in bench/.tmp/last-run.md`)
