#!/usr/bin/env node
// `pnpm test:reliability [--soak] [vitest args]`: the CI mode by default; `--soak` (or
// BH_RELIABILITY_SOAK=1) selects the long mode. Other arguments go to `vitest run`.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const args = process.argv.slice(2)
const soak = args.includes('--soak') || process.env.BH_RELIABILITY_SOAK === '1'
const rest = args.filter((arg) => arg !== '--soak' && arg !== '--')
const vitest = join(
  dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
)

// One seed for the whole run (every scenario file draws from it), printed so a run can be replayed.
const seed = process.env.BH_RELIABILITY_SEED ?? String(Math.floor(Math.random() * 2 ** 31))
console.log(`reliability suite, ${soak ? 'soak' : 'CI'} mode, BH_RELIABILITY_SEED=${seed}`)

const child = spawn(process.execPath, [vitest, 'run', ...rest], {
  stdio: 'inherit',
  env: { ...process.env, BH_RELIABILITY_SOAK: soak ? '1' : '0', BH_RELIABILITY_SEED: seed },
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
