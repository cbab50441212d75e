// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/** CLI mistakes and failures name the real problem and its fix. */
import { spawn } from 'node:child_process'
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { closedPort } from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from './cli-run'
import { TEST_CLI } from './global-setup'
import { newSecret, startTestHost, tempDir } from './helpers'

let dir: { dir: string; cleanup(): Promise<void> }
beforeAll(async () => {
  dir = await tempDir()
})
afterAll(() => dir.cleanup())

/** A config file in the temp folder. */
async function config(name: string, yaml: string): Promise<string> {
  const file = join(dir.dir, name)
  await writeFile(file, yaml)
  return file
}

describe('send: the secret', () => {
  it('a secret that is not base64 is named as such, before anything is sent', async () => {
    const port = await closedPort()
    const r = await cli([
      'send',
      '--url',
      `http://127.0.0.1:${port}/hooks`,
      '--secret',
      'not base64, with spaces!',
    ])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(
      /^bubblehouse-hooks send: the secret from --secret is not valid base64\. .* \(a plain-text secret: pass --encoding utf8\)\n/,
    )
    expect(r.err).not.toContain('Is the host running?')
    expect(r.err).not.toContain('not base64, with spaces!')
  })

  it('a secret too short for HS256 says how long it is and how to make one', async () => {
    const r = await cli(['send', '--hook', 'Hello1'], { env: { BH_HOOK_SECRET: 'c2hvcnQ=' } })
    expect(r.code).toBe(2)
    expect(r.err).toContain(
      'the secret from BH_HOOK_SECRET decodes to 5 bytes; HS256 needs at least 32',
    )
    expect(r.err).toContain('openssl rand -base64 32')
  })

  describe('a 401 answer', () => {
    let server: Server
    let url: string
    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.writeHead(401, { 'content-type': 'application/json' })
        res.end('{"error":"unauthorized"}')
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`
    })
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

    it('prints a hint to check the secret', async () => {
      const r = await cli(['send', '--url', url, '--secret', newSecret()])
      expect(r.code).toBe(1)
      expect(r.out).toMatch(/^← 401 \{"error":"unauthorized"\}/)
      expect(r.err).toContain(
        "hint: the host refused the token. Check that the secret from --secret is the one in the host's auth.keys (a host with several keys may need --kid)",
      )
    })

    it('names the kid it signed with', async () => {
      const r = await cli(['send', '--url', url, '--kid', 'old'], {
        env: { BH_HOOK_SECRET: newSecret() },
      })
      expect(r.err).toContain(
        'Check that the secret from BH_HOOK_SECRET is the one in the host\'s auth.keys and that the host has a key with kid "old"',
      )
    })
  })
})

describe('start: the port', () => {
  it('--port 99999 names the flag and the range', async () => {
    const file = await config('port.yaml', `store: { kind: memory }\n`)
    const r = await cli(['start', '--config', file, '--port', '99999'])
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      'bubblehouse-hooks start: --port 99999 is not a TCP port: use 1 to 65535 (or 0 to pick a free one)\n' +
        'Run bubblehouse-hooks start --help for usage.\n',
    )
  })

  it.each([
    ['abc', 'expected number, received string'],
    ['99999', 'Too big: expected number to be <=65535'],
  ])('PORT=%s names the variable', async (value, problem) => {
    const file = await config('env-port.yaml', 'listen:\n  port: ${PORT:-8787}\n')
    for (const command of ['start', 'check']) {
      const r = await cli([command, '--config', file], { env: { PORT: value } })
      expect(r.code).toBe(1)
      expect(r.err).toContain(
        `${file}:2:9: listen.port ${problem} (the value comes from \${PORT})\n    write instead: fix PORT in the environment, or port: 8787`,
      )
    }
  })
})

describe('the config file', () => {
  it('a folder is named as one', async () => {
    await mkdir(join(dir.dir, 'conf.d'))
    const r = await cli(['check', '--config', 'conf.d'], { cwd: dir.dir })
    expect(r.code).toBe(1)
    expect(r.err).toContain('conf.d: is a folder, not a file')
  })

  it('an unreadable file says "permission denied"', async () => {
    const file = await config('secret.yaml', 'store: { kind: memory }\n')
    await chmod(file, 0o600)
    await chmod(dir.dir, 0o755)
    const isRoot = process.getuid?.() === 0
    const r = isRoot
      ? await runAsNobody(['check', '--config', file])
      : await (async () => {
          await chmod(file, 0o000)
          return cli(['check', '--config', file])
        })()
    expect(r.code).toBe(1)
    expect(r.err).toContain(
      `${file}: cannot be read: permission denied (EACCES)\n    write instead: make it readable by the user the host runs as`,
    )
  })
})

/**
 * Nobody must reach the bundled CLI and the packages it imports, but a checkout may sit under a
 * folder only its owner can search (`mktemp -d` makes them 0700): give others search (x, not read)
 * on such ancestors for the run, and take it back after.
 */
async function withSearchableAncestors<T>(run: () => Promise<T>): Promise<T> {
  const opened: Array<[string, number]> = []
  for (let folder = dirname(TEST_CLI); folder !== dirname(folder); folder = dirname(folder)) {
    const { mode } = await stat(folder)
    if ((mode & 0o001) === 0) {
      opened.push([folder, mode & 0o7777])
      await chmod(folder, (mode & 0o7777) | 0o001)
    }
  }
  try {
    return await run()
  } finally {
    for (const [folder, mode] of opened) await chmod(folder, mode)
  }
}

/** Root reads every file: run the bundled CLI as nobody to meet a real EACCES. */
function runAsNobody(args: string[]): Promise<{ code: number | null; err: string }> {
  return withSearchableAncestors(() => spawnAsNobody(args))
}

function spawnAsNobody(args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TEST_CLI, ...args], {
      uid: 65534,
      gid: 65534,
      cwd: '/',
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString()
    })
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, err }))
  })
}

describe('the store', () => {
  it('check prints the Redis host and the cause, never the password', async () => {
    const port = await closedPort()
    const file = await config(
      'redis.yaml',
      `store: { kind: redis, url: "redis://:hunter2@127.0.0.1:${port}/2" }\nauth:\n  keys:\n    - secret: "${newSecret()}"\n`,
    )
    const r = await cli(['check', '--config', file, '--timeout', '5000'])
    expect(r.code).toBe(1)
    expect(r.out).toMatch(
      new RegExp(
        `^store\\s+FAIL\\s+STORE_UNREACHABLE\\s+redis 127\\.0\\.0\\.1:${port} db 2: redis ping failed: .+$`,
        'm',
      ),
    )
    expect(r.out + r.err).not.toContain('hunter2')
  })

  it('starting while Redis is unreachable logs a warning at start', async () => {
    const port = await closedPort()
    const host = await startTestHost(
      `store: { kind: redis, url: "redis://127.0.0.1:${port}" }\nconnectors:\n  log: { to: stderr }\n`,
    )
    try {
      const warning = async () => {
        for (let i = 0; i < 100; i++) {
          const line = host.logs().find((l) => String(l.msg).startsWith('store unreachable'))
          if (line) return line
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
        return undefined
      }
      expect(await warning()).toMatchObject({
        level: 'warn',
        store: `redis 127.0.0.1:${port}`,
        problem: expect.stringMatching(/^redis ping failed: /),
        msg: 'store unreachable at start: every SendEvent1 answers failure (the queue is held) until it answers',
      })
    } finally {
      await host.close()
    }
  })
})
