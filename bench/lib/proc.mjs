/**
 * Child processes: spawn pinned to a CPU, wait until a URL answers, read RSS, stop by pid.
 * @module
 */
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'

const HAS_TASKSET = spawnSync('taskset', ['-V']).status === 0

/** The command line with `taskset -c cpu` in front when pinning is possible. */
export function pinned(cpu, command, args) {
  return HAS_TASKSET && cpu !== undefined
    ? { command: 'taskset', args: ['-c', String(cpu), command, ...args] }
    : { command, args }
}

/** A free loopback TCP port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
      server.close(() => resolve(port))
    })
  })
}

/**
 * @typedef {object} SpawnOptions
 * @property {number} [cpu] pin to this CPU (when taskset exists)
 * @property {Record<string, string>} [env] added to the environment
 * @property {string} [cwd]
 * @property {string} [name] for error messages
 * @property {(line: string) => void} [onLine] each stdout line (runToEnd only)
 */

/**
 * Start a long-running process (a server). Its stdout goes to /dev/null (the host logs one JSON
 * line per request, as in production); stderr is kept for error reports.
 */
/** @param {string} command @param {string[]} args @param {SpawnOptions} [options] */
export function startProcess(command, args, { cpu, env, cwd, name } = {}) {
  const cmd = pinned(cpu, command, args)
  const child = spawn(cmd.command, cmd.args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000)
  })
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  return {
    name,
    child,
    get pid() {
      return child.pid
    },
    get stderr() {
      return stderr
    },
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** GET `url` once; resolves the status code (or rejects on a network error). */
export function get(url) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

/** Poll `url` until it answers 200, or fail after `timeoutMs` (or when the process exits). */
export async function waitForUrl(url, proc, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs
  let exited = false
  proc?.exited.then(() => {
    exited = true
  })
  while (Date.now() < until && !exited) {
    try {
      if ((await get(url)).status === 200) return
    } catch {}
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(
    `${proc?.name ?? url} did not come up (${exited ? 'exited' : 'timeout'}):\n${proc?.stderr ?? ''}`,
  )
}

/** Resident set size of `pid` in bytes, from /proc (0 when unavailable). */
export function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]
    return kb ? Number(kb) * 1024 : 0
  } catch {
    return 0
  }
}

/** Run a command to completion; resolves { code, stdout, stderr }. */
/** @param {string} command @param {string[]} args @param {SpawnOptions} [options] */
export function runToEnd(command, args, { cpu, env, cwd, onLine } = {}) {
  const cmd = pinned(cpu, command, args)
  return new Promise((resolve, reject) => {
    const child = spawn(cmd.command, cmd.args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let pending = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      if (!onLine) return
      pending += chunk
      let nl = pending.indexOf('\n')
      while (nl !== -1) {
        onLine(pending.slice(0, nl))
        pending = pending.slice(nl + 1)
        nl = pending.indexOf('\n')
      }
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100

/** CPU time (user + system) `pid` has used so far, in milliseconds (NaN when unavailable). */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may contain spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK
  } catch {
    return Number.NaN
  }
}
