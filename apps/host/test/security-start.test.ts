// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * Issue 21, items 2, 3, 8 and 9: no secret without --dev (whatever NODE_ENV says), a development
 * secret never printed and kept owner-only, and the one start-up warning about token replay.
 */
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../src/cli/main'
import { ConfigFileError } from '../src/config/errors'
import { newSecret, startTestHost, type TestHost, tempDir } from './helpers'

const NO_SECRET = 'store: { kind: memory }\nauth: { keys: [ { kid: main, secret: "" } ] }\n'

const dirs: Array<{ cleanup(): Promise<void> }> = []
const hosts: TestHost[] = []
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close()
  for (const dir of dirs.splice(0)) await dir.cleanup()
})

async function dir(): Promise<string> {
  const made = await tempDir()
  dirs.push(made)
  return made.dir
}

async function start(yaml: string, options: Parameters<typeof startTestHost>[1]) {
  const host = await startTestHost(yaml, options)
  hosts.push(host)
  return host
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('the host started')
    },
    (err: unknown) => err as ConfigFileError,
  )

describe('a config without a secret', () => {
  it.each([
    ['unset', {}],
    ['development', { NODE_ENV: 'development' }],
    ['production', { NODE_ENV: 'production' }],
  ])('refuses to start without --dev (NODE_ENV %s)', async (_, env) => {
    const folder = await dir()
    const err = await failure(start(NO_SECRET, { dir: folder, env }))
    expect(err).toBeInstanceOf(ConfigFileError)
    expect(err.message).toContain(
      'auth.keys has no secret; only `start --dev` generates a development secret',
    )
    await expect(stat(join(folder, 'data'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('with --dev generates one owner-only in data/ (0700 / 0600) and never prints it', async () => {
    const folder = await dir()
    const previous = process.umask(0o022)
    try {
      const host = await start(NO_SECRET, {
        dir: folder,
        dev: true,
        env: { NODE_ENV: 'production' },
      })
      const file = join(folder, 'data', 'dev-hook-secret')
      const secret = (await readFile(file, 'utf8')).trim()
      expect((await stat(join(folder, 'data'))).mode & 0o777).toBe(0o700)
      expect((await stat(file)).mode & 0o777).toBe(0o600)
      expect(host.notices.join('')).not.toContain(secret)
      expect(host.logText()).not.toContain(secret)
    } finally {
      process.umask(previous)
    }
  })

  it('refuses to start, with the reason and without the secret, when data/ cannot be written', async () => {
    const folder = await dir()
    // A file where the folder should be: mkdir fails even for root (a read-only folder would not).
    await writeFile(join(folder, 'data'), 'not a folder')
    const notices: string[] = []
    const err = await failure(
      start(NO_SECRET, { dir: folder, dev: true }).then((host) => {
        notices.push(...host.notices)
      }),
    )
    expect(err).toBeInstanceOf(ConfigFileError)
    expect(err.message).toMatch(
      /auth\.keys has no secret, and the development secret could not be saved to .*dev-hook-secret \((EEXIST|ENOTDIR)\)/,
    )
    expect(err.message).toMatch(/write instead: make .*data writable/)
    expect(notices).toEqual([])
  })

  it('refuses a development secret file that other users can read', async () => {
    const folder = await dir()
    const file = join(folder, 'data', 'dev-hook-secret')
    await mkdir(join(folder, 'data'))
    await writeFile(file, `${newSecret()}\n`)
    await chmod(file, 0o644)
    const err = await failure(start(NO_SECRET, { dir: folder, dev: true }))
    expect(err.message).toContain('the development secret file')
    expect(err.message).toContain('can be read by other users')
    expect(err.message).toContain(`chmod 600 ${file}`)
    await chmod(file, 0o600)
    const host = await start(NO_SECRET, { dir: folder, dev: true })
    expect(host.notices.join('')).toContain('reused')
  })
})

describe('check applies the same rule', () => {
  async function check(args: string[], cwd: string) {
    let out = ''
    const code = await runCli(['check', ...args], {
      out: (t) => {
        out += t
      },
      err: () => undefined,
      env: { NODE_ENV: 'development' },
      cwd,
    })
    return { code, out }
  }

  it('fails without a secret, passes with --dev', async () => {
    const folder = await dir()
    const config = join(folder, 'hooks.yaml')
    await writeFile(config, `${NO_SECRET}connectors:\n  log: {}\n`)
    const plain = await check(['--config', config], folder)
    expect(plain.code).toBe(1)
    expect(plain.out).toContain(
      'auth    FAIL  AUTH_NO_SECRET  auth.keys has no secret; only `start --dev` generates a development secret',
    )
    const dev = await check(['--config', config, '--dev'], folder)
    expect(dev.code).toBe(0)
    expect(dev.out).toContain('auth    ok    no secret: --dev uses a generated development secret')
  })
})

describe('token replay warning', () => {
  const WARNING = /hook tokens are accepted without exp and at any age/

  it('is logged once at start when neither requireExp nor maxTokenAgeSec is set', async () => {
    const host = await start('store: { kind: memory }\nconnectors:\n  log: {}\n', {})
    const warnings = host.logs().filter((l) => WARNING.test(String(l.msg)))
    expect(warnings).toEqual([
      expect.objectContaining({ level: 'warn', setting: 'auth.maxTokenAgeSec' }),
    ])
    expect(String(warnings[0]?.msg)).toContain('bh_token_claims_total')
  })

  it.each([
    ['maxTokenAgeSec: 300', 'maxTokenAgeSec: 300'],
    ['requireExp: true', 'requireExp: true'],
  ])('is not logged with %s', async (_, setting) => {
    const secret = newSecret()
    const host = await start(
      `store: { kind: memory }\nconnectors:\n  log: {}\nauth:\n  ${setting}\n  keys: [ { kid: main, secret: "${secret}" } ]\n`,
      { secret },
    )
    expect(host.logText()).not.toMatch(WARNING)
  })
})
