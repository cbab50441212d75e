/**
 * The systems under test, all reached over real HTTP:
 * - the host in this process (`startHost` from @bubblehouse-hooks/host, from source), its pino
 *   output captured;
 * - the host as a child process (the CLI bundled from source by the global setup), for kill -9;
 * - core's handlers mounted in a plain node:http server, as a developer embedding core does: the
 *   node listener (`@bubblehouse-hooks/core/node`) and the Web-standard handler.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { type AddressInfo, createServer as createNetServer } from 'node:net'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { HookHandler } from '@bubblehouse-hooks/core'
import { parseConfig, type RunningHost, startHost } from '@bubblehouse-hooks/host'
import type { LogScanner } from './logs'
import { HOST_CLI, HOST_REGISTER } from './paths'

/** Something that answers `POST {url}/hooks/...`. */
export interface Target {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  close(): Promise<void>
}

/** Options of {@link startInProcessHost}. */
export interface InProcessHostOptions {
  readonly yaml: string
  readonly env: Readonly<Record<string, string>>
  readonly logs: LogScanner
  /** Folder relative paths resolve against. */
  readonly dir: string
}

/** An in-process host. */
export interface InProcessHost extends Target {
  readonly host: RunningHost
}

/** Start the host from source in this process on a free loopback port. */
export async function startInProcessHost(options: InProcessHostOptions): Promise<InProcessHost> {
  const env = { NODE_ENV: 'production', ...options.env }
  const config = parseConfig(options.yaml, 'reliability.yaml', { env, dir: options.dir })
  const host = await startHost({
    config,
    port: 0,
    host: '127.0.0.1',
    env,
    logDestination: options.logs.destination('host'),
    notice: (text) => options.logs.write('host-notice', `${text}\n`),
  })
  return { url: host.url, host, close: () => host.close() }
}

/** A host child process. */
export interface ChildHost extends Target {
  readonly child: ChildProcess
  readonly pid: number
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<number | string | null>
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>
  /** True when the process exited without being told to (kill or close). */
  crashed(): boolean
}

/** Options of {@link startChildHost}. */
export interface ChildHostOptions {
  /** The config file. */
  readonly configFile: string
  readonly port: number
  readonly env: Readonly<Record<string, string>>
  readonly logs: LogScanner
  readonly cwd: string
  /** Give up waiting for /healthz after this long. Default 30 000 ms. */
  readonly startTimeoutMs?: number
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })
    await res.arrayBuffer()
    return res.status === 200
  } catch {
    return false
  }
}

/** Run `bubblehouse-hooks start --config FILE --port N` (the bundled CLI); resolves once /healthz answers. */
export async function startChildHost(options: ChildHostOptions): Promise<ChildHost> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      HOST_REGISTER,
      HOST_CLI,
      'start',
      '--config',
      options.configFile,
      '--port',
      String(options.port),
    ],
    {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  child.stdout?.on('data', (chunk: Buffer) =>
    options.logs.write('child-stdout', chunk.toString('utf8')),
  )
  let stderrTail = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8')
    options.logs.write('child-stderr', text)
    stderrTail = (stderrTail + text).slice(-1000)
  })
  const exited = once(child, 'exit').then(
    ([code, signal]) => (code ?? signal) as number | string | null,
  )
  let gone = false
  let stopping = false
  void exited.then(() => {
    gone = true
  })
  const url = `http://127.0.0.1:${options.port}`
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000)
  while (!(await healthy(url))) {
    if (gone) {
      throw new Error(
        `the host exited before it was healthy (${String(await exited)}): ${stderrTail.trim()}`,
      )
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error('the host did not become healthy in time')
    }
    await sleep(50)
  }
  const kill = async () => {
    stopping = true
    if (!gone) child.kill('SIGKILL')
    await exited
  }
  return {
    url,
    child,
    pid: child.pid ?? -1,
    exited,
    kill,
    crashed: () => gone && !stopping,
    close: async () => {
      stopping = true
      if (!gone) child.kill('SIGTERM')
      await Promise.race([exited, sleep(10_000)])
      await kill()
    },
  }
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, below Linux's ephemeral range (32768–60999),
 * so an outgoing connection cannot take it while a killed host is being restarted on it.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    const free = await new Promise<boolean>((resolve) => {
      const server = createNetServer()
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
    })
    if (free) return port
    if (attempt > 50) throw new Error('no free port below the ephemeral range')
  }
}

/** Options of {@link launchHost}. */
export interface LaunchOptions {
  /** Folder for the config file. */
  readonly dir: string
  /** Names the config file. */
  readonly name: string
  readonly yaml: string
  readonly env: Readonly<Record<string, string>>
  readonly logs: LogScanner
  /** Default: a free port. */
  readonly port?: number
}

/** Write the config to `dir/name.yaml` and start the host CLI on it. */
export async function launchHost(options: LaunchOptions): Promise<ChildHost> {
  const configFile = join(options.dir, `${options.name}.yaml`)
  await writeFile(configFile, options.yaml)
  return startChildHost({
    configFile,
    port: options.port ?? (await freePort()),
    env: options.env,
    logs: options.logs,
    cwd: options.dir,
  })
}

/** Options of {@link mountListener}. */
export interface MountOptions {
  /** node:http's limit on request headers; default node's 16 KiB. */
  readonly maxHeaderSize?: number
}

/** A request listener mounted on its own node:http server. */
export interface Mounted extends Target {
  readonly server: Server
}

/** A node:http request listener. */
export type Listener = (req: IncomingMessage, res: ServerResponse) => void

function toRequest(req: IncomingMessage): Request {
  const headers = new Headers()
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
  }
  const method = req.method ?? 'GET'
  const init: RequestInit & { duplex?: 'half' } = { method, headers }
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>
    init.duplex = 'half'
  }
  return new Request(`http://localhost${req.url ?? '/'}`, init)
}

async function serve(handler: HookHandler, req: IncomingMessage, res: ServerResponse) {
  const response = await handler(toRequest(req))
  const body = Buffer.from(await response.arrayBuffer())
  const headers: Record<string, string> = { 'content-length': String(body.byteLength) }
  response.headers.forEach((value, key) => {
    headers[key] = value
  })
  if (!req.complete) {
    // A body the handler did not read (401, too large, slow body cut off) must not stall the
    // connection: close it. Reading `req` through Readable.toWeb turns off node's own discard
    // of unread bodies, so discard the rest here: closing a socket with unread bytes sends a
    // TCP reset, which can destroy the answer before the client reads it.
    headers.connection = 'close'
    req.resume()
  }
  res.writeHead(response.status, headers)
  res.end(body)
}

/**
 * core's Web-standard handler (`(Request) => Promise<Response>`, the one for Workers, Next.js,
 * Lambda) adapted to node:http the plain way: Readable.toWeb in, Response bytes out.
 */
export function webListener(handler: HookHandler): Listener {
  return (req, res) => {
    serve(handler, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end()
      else res.destroy()
    })
  }
}

/** Mount `listener` on a node:http server on a free loopback port. */
export async function mountListener(
  listener: Listener,
  options: MountOptions = {},
): Promise<Mounted> {
  const server = createServer(
    options.maxHeaderSize ? { maxHeaderSize: options.maxHeaderSize } : {},
    listener,
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
