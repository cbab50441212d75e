/** What the results were measured on. @module */
import { execSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'

const sh = (cmd) => {
  try {
    return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return 'n/a'
  }
}

export function describeMachine() {
  return {
    nproc: sh('nproc'),
    cpu: cpus()[0]?.model ?? 'n/a',
    free: sh('free -h'),
    node: process.version,
    os: sh('. /etc/os-release && echo "$PRETTY_NAME"'),
    kernel: sh('uname -r'),
    wrk: sh('wrk -v 2>&1 | head -1'),
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    date: new Date().toISOString(),
  }
}

export const loadNow = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
