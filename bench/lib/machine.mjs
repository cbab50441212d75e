/** What the results were measured on. @module */
import { execSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { LOAD_TOOL } from './load.mjs'

const sh = (cmd) => {
  try {
    return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return 'n/a'
  }
}

export const loadNow = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

export function describeMachine() {
  return {
    nproc: sh('nproc'),
    cpu: cpus()[0]?.model ?? 'n/a',
    os: sh('. /etc/os-release && echo "$PRETTY_NAME"'),
    node: process.version,
    wrk:
      LOAD_TOOL === 'wrk'
        ? sh('wrk -v 2>&1 | head -1').split(' ').slice(0, 2).join(' ')
        : 'autocannon (no wrk)',
    load: loadNow(),
    date: new Date().toISOString(),
  }
}
