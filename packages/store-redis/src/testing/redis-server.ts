/**
 * A throwaway redis-server for tests: loopback only, nothing written to disk, and a watchdog
 * process between us and it, so it goes away even when the test process is killed.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { freePort } from './free-port'
import { pingPort } from './ping'

/** A running redis-server started by {@link startRedisServer}. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  /** Stop the server (SIGTERM, then SIGKILL). Safe to call twice. */
  stop(): Promise<void>
  /** Stop it and start a fresh one on the same port (its data is gone: nothing is persisted). */
  restart(): Promise<void>
}

const START_TIMEOUT_MS = 10_000
const STOP_TIMEOUT_MS = 5_000

// Runs redis-server as its child and kills it when our stdin closes (the test process died) or on
// SIGTERM/SIGINT; exits with it. Its first output line is redis-server's pid.
const WATCHDOG = `
const { spawn } = require('node:child_process')
const [bin, ...args] = process.argv.slice(1)
const redis = spawn(bin, args, { stdio: ['ignore', 'inherit', 'inherit'] })
redis.once('spawn', () => process.stdout.write('pid ' + redis.pid + '\\n'))
redis.once('error', (err) => { process.stderr.write(String(err.message) + '\\n'); process.exit(127) })
redis.once('exit', (code) => process.exit(code === null ? 1 : code))
const stop = () => redis.kill('SIGTERM')
process.stdin.on('end', stop)
process.stdin.on('error', stop)
process.stdin.resume()
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
`

interface Running {
  readonly watchdog: ChildProcess
  readonly redisPid: () => number | undefined
  readonly exited: Promise<void>
}

/**
 * Start `redis-server` from PATH on a free 127.0.0.1 port with `--save '' --appendonly no`, and
 * resolve once it answers PING.
 * @example
 * const redis = await startRedisServer()
 * const store = createRedisStore({ url: redis.url })
 * // ...
 * await store.close()
 * await redis.stop()
 */
export async function startRedisServer(): Promise<RedisServer> {
  let port = 0
  let running: Running | undefined
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    try {
      running = await launch(port)
      break
    } catch (err) {
      // Another process may have taken the port between freePort() and redis binding it.
      if (attempt >= 3) throw err
    }
  }

  const stop = async () => {
    const current = running
    running = undefined
    if (current) await halt(current)
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop()
      running = await launch(port)
    },
  }
}

async function launch(port: number): Promise<Running> {
  const args = [
    ...['--bind', '127.0.0.1', '--port', String(port), '--protected-mode', 'yes'],
    ...['--save', '', '--appendonly', 'no', '--dir', tmpdir(), '--loglevel', 'warning'],
  ]
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, 'redis-server', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let log = ''
  let redisPid: number | undefined
  const record = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4_000)
    const pid = /^pid (\d+)$/m.exec(log)
    if (redisPid === undefined && pid?.[1]) redisPid = Number(pid[1])
  }
  watchdog.stdout?.on('data', record)
  watchdog.stderr?.on('data', record)
  // A forgotten server must not keep the test process alive; when that process exits, the
  // watchdog's stdin closes and it takes redis-server down with it.
  watchdog.unref()
  for (const stream of [watchdog.stdin, watchdog.stdout, watchdog.stderr]) {
    if (stream && 'unref' in stream && typeof stream.unref === 'function') stream.unref()
  }
  const exited = once(watchdog, 'exit').then(() => {})
  const running: Running = { watchdog, redisPid: () => redisPid, exited }
  let gone = false
  void exited.then(() => {
    gone = true
  })

  const deadline = Date.now() + START_TIMEOUT_MS
  while (!(await pingPort(port, 500))) {
    if (gone || Date.now() > deadline) {
      await halt(running)
      const hint = watchdog.exitCode === 127 ? ' (is redis-server on PATH?)' : ''
      throw new Error(`redis-server did not start on port ${port}${hint}: ${log.trim()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return running
}

async function halt({ watchdog, redisPid, exited }: Running): Promise<void> {
  if (watchdog.exitCode !== null || watchdog.signalCode !== null) return
  watchdog.kill('SIGTERM')
  const timer = setTimeout(() => {
    const pid = redisPid()
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    watchdog.kill('SIGKILL')
  }, STOP_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}
