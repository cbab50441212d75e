/** Start hosts over real HTTP for tests: in-process (source) or as a child process (built CLI). */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type SendHookResult, sendHook } from '../src/cli/commands/send'
import { parseConfig } from '../src/config/load'
import { type RunningHost, startHost } from '../src/host'
import { TEST_CLI } from './global-setup'

/** A fresh base64 secret of 32 bytes. */
export const newSecret = () => randomBytes(32).toString('base64')

/** A fresh event id. */
export const newBhid = () => `test-${randomBytes(8).toString('hex')}`

/** A temp folder removed by `cleanup`. */
export async function tempDir(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'bh-host-'))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/** A test connector module (plain JS, no build needed). */
export const fixture = (name: string) =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

/** Parsed JSON lines of a text (non-JSON lines are skipped). */
export function jsonLines(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue
    try {
      out.push(JSON.parse(line))
    } catch {}
  }
  return out
}

/** Lines of a file, or [] when it does not exist yet. */
export async function fileLines(path: string): Promise<Record<string, unknown>[]> {
  return jsonLines(await readFile(path, 'utf8').catch(() => ''))
}

/** An in-process host on a free loopback port, its logs captured. */
export interface TestHost {
  readonly host: RunningHost
  readonly url: string
  readonly secret: string
  /** Raw log text so far. */
  logText(): string
  logs(): Record<string, unknown>[]
  notices: string[]
  send(
    hook: 'Hello1' | 'SendEvent1',
    body: unknown,
    extra?: { route?: string; headers?: Record<string, string>; secret?: string },
  ): Promise<SendHookResult>
  close(): Promise<void>
}

/**
 * Start a host from YAML text, in this process, listening on 127.0.0.1:0. The YAML gets an
 * `auth` block with a fresh secret unless it has one.
 */
export async function startTestHost(
  yaml: string,
  options: {
    env?: Record<string, string | undefined>
    dir?: string
    secret?: string
    /** `start --dev`: a generated secret when the YAML has none. */
    dev?: boolean
  } = {},
): Promise<TestHost> {
  const secret = options.secret ?? newSecret()
  const text = /^auth:/m.test(yaml)
    ? yaml
    : `${yaml}\nauth:\n  keys:\n    - kid: main\n      secret: "${secret}"\n`
  const env = options.env ?? { NODE_ENV: 'test' }
  const config = parseConfig(text, 'test.yaml', { env, dir: options.dir ?? process.cwd() })
  let log = ''
  const notices: string[] = []
  const host = await startHost({
    config,
    port: 0,
    host: '127.0.0.1',
    env,
    logDestination: {
      write(line: string) {
        log += line
      },
    },
    notice: (t) => notices.push(t),
    dev: options.dev === true,
    ...(options.dir ? { devSecretFile: join(options.dir, 'data', 'dev-hook-secret') } : {}),
  })
  return {
    host,
    url: host.url,
    secret,
    notices,
    logText: () => log,
    logs: () => jsonLines(log),
    send: (hook, body, extra = {}) =>
      sendHook({
        url: `${host.url}/hooks${extra.route ? `/${extra.route}` : ''}`,
        hook,
        body,
        key: { kid: 'main', secret: extra.secret ?? secret },
        ...(extra.headers ? { headers: extra.headers } : {}),
      }),
    close: () => host.close(),
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** A host running as a child process of the CLI bundled from source (see global-setup.ts). */
export interface ChildHost {
  readonly child: ChildProcess
  readonly url: string
  stdout(): string
  stderr(): string
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** Write `yaml` to `dir/name` and run `bubblehouse-hooks start` on it; resolves once it listens. */
export async function startChildHost(
  dir: string,
  name: string,
  yaml: string,
  env: Record<string, string> = {},
): Promise<ChildHost> {
  const file = join(dir, name)
  await writeFile(file, yaml)
  const port = await freePort()
  const child = spawn(
    process.execPath,
    [TEST_CLI, 'start', '--config', file, '--port', String(port), '--host', '127.0.0.1'],
    {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  let err = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString()
  })
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  const url = `http://127.0.0.1:${port}`
  const started = Date.now()
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`host exited with ${child.exitCode}:\n${err}\n${out}`)
    }
    if (out.includes('bubblehouse-hooks listening')) break
    if (Date.now() - started > 20_000) {
      child.kill('SIGKILL')
      throw new Error(`host did not start:\n${err}\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 25))
  }
  return {
    child,
    url,
    stdout: () => out,
    stderr: () => err,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal)
      return exited
    },
  }
}
