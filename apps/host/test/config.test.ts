// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../src/cli/main'
import { ConfigFileError } from '../src/config/errors'
import { loadConfig, parseConfig } from '../src/config/load'
import { BUILTIN_IDS } from '../src/connectors/builtins'
import { instantiateConnectors } from '../src/connectors/instantiate'
import { resolveConnectors } from '../src/connectors/resolve'
import { startHost } from '../src/host'
import { fixture, newSecret, tempDir } from './helpers'

const SECRET = newSecret()

/** Load, resolve and create the connectors of `yaml`; return the ConfigFileError it throws. */
async function problem(yaml: string, env: Record<string, string> = {}): Promise<ConfigFileError> {
  try {
    const loaded = parseConfig(yaml, 'bad.yaml', { env, dir: process.cwd() })
    const resolved = await resolveConnectors(loaded)
    await instantiateConnectors(loaded, resolved, () => {
      throw new Error('not reached in these tests')
    })
  } catch (err) {
    if (err instanceof ConfigFileError) return err
    throw err
  }
  throw new Error('expected a ConfigFileError')
}

describe('config: valid files', () => {
  it('fills every default from an empty file', () => {
    const { config } = parseConfig('', 'empty.yaml', { env: {} })
    expect(config).toEqual({
      listen: {
        host: '0.0.0.0',
        port: 8787,
        http2: false,
        maxConnections: 1024,
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        keepAliveTimeoutMs: 65_000,
      },
      store: { kind: 'sqlite', path: './data/hooks.db' },
      auth: { keys: [], clockToleranceSec: 300, requireExp: false },
      deadlineMs: 25_000,
      bodyLimitBytes: 1_048_576,
      resultTtlDays: 14,
      log: { level: 'info', format: 'auto' },
      metrics: {},
      journal: { enabled: true, bodies: 'failures', retentionDays: 14, maxEntries: 100_000 },
      console: { enabled: false, password: '' },
      connectors: {},
      maxInFlight: 32,
      tenants: {},
    })
  })

  it('interpolates ${VAR} and ${VAR:-default}, typed by the schema', () => {
    const { config } = parseConfig(
      [
        'listen: { host: "${HOST:-127.0.0.1}", port: "${PORT:-8787}" }',
        'auth:',
        '  keys:',
        '    - { kid: main, secret: "${BH_HOOK_SECRET}" }',
        '    - { kid: "$${literal}", secret: "x${EMPTY:-}y", encoding: utf8 }',
        '    - { secret: "${DIGITS}" }',
        '  requireExp: ${STRICT}',
        'store: { kind: redis, url: "redis://${REDIS_HOST}:6379/0" }',
      ].join('\n'),
      'env.yaml',
      {
        env: {
          PORT: '9000',
          BH_HOOK_SECRET: SECRET,
          REDIS_HOST: 'cache:x#y',
          EMPTY: '',
          DIGITS: '12345678901234567890123456789012',
          STRICT: 'true',
        },
      },
    )
    expect(config.listen).toMatchObject({ host: '127.0.0.1', port: 9000 })
    expect(config.auth.keys).toEqual([
      { kid: 'main', secret: SECRET, encoding: 'base64' },
      { kid: '${literal}', secret: 'xy', encoding: 'utf8' },
      // Where the schema wants a string, digits stay a string.
      { secret: '12345678901234567890123456789012', encoding: 'base64' },
    ])
    expect(config.auth.requireExp).toBe(true)
    // A value can never change the file's structure, whatever it holds.
    expect(config.store).toEqual({
      kind: 'redis',
      url: 'redis://cache:x#y:6379/0',
      keyPrefix: 'bh:',
    })
  })

  it('explains that ${...} inside { } needs quotes', async () => {
    const err = await problem('listen: { port: ${PORT:-8787} }\n')
    expect(err.issues).toEqual([
      expect.objectContaining({
        line: 1,
        hint: 'inside { } or [ ], quote ${...} references: { port: "${PORT:-8787}" }',
      }),
    ])
  })

  it('loads the example config shipped in examples/', async () => {
    const loaded = await loadConfig('../../examples/bubblehouse-hooks.yaml', { env: {} })
    expect(loaded.config.store).toEqual({ kind: 'sqlite', path: './data/hooks.db' })
    expect(loaded.config.listen.port).toBe(8787)
    const resolved = await resolveConnectors(loaded)
    expect(resolved.map((r) => r.id)).toEqual(['log'])
  })
})

describe('config: one test per kind of mistake', () => {
  let dir: { dir: string; cleanup(): Promise<void> }
  beforeAll(async () => {
    dir = await tempDir()
  })
  afterAll(() => dir.cleanup())

  it('a missing file names the flag to use', async () => {
    await expect(loadConfig(join(dir.dir, 'nope.yaml'))).rejects.toThrow(
      /nope\.yaml has a problem:\n.*does not exist\n\s+write instead: pass --config FILE/,
    )
  })

  it('broken YAML points at the line', async () => {
    const err = await problem('listen:\n  port: [8787\nstore: {}\n')
    expect(err.issues[0]).toMatchObject({ path: '', line: expect.any(Number) })
    expect(err.message).toMatch(
      /^bad\.yaml has a problem:\n {2}bad\.yaml:\d+:\d+: is not valid YAML/,
    )
  })

  it('a file that is not a mapping says what it should look like', async () => {
    const err = await problem('- just\n- a list\n')
    expect(err.message).toContain('must be a YAML mapping of settings')
  })

  it('an unset ${VAR} names the variable and both ways to fix it', async () => {
    const err = await problem('connectors:\n  log:\n    to: "${LOG_FILE}"\n')
    expect(err.issues).toEqual([
      {
        path: 'connectors.log.to',
        message: 'uses ${LOG_FILE}, which is not set (or empty)',
        hint: 'export LOG_FILE=... before starting, or write ${LOG_FILE:-default} to fall back to a default',
        line: 3,
        col: 9,
      },
    ])
  })

  it('a malformed ${...} reference is refused', async () => {
    const err = await problem('listen: { host: "${1BAD}" }\n')
    expect(err.issues[0]?.message).toMatch(/not an environment variable name/)
  })

  it('an unknown key suggests the closest known one', async () => {
    const err = await problem('listen:\n  prot: 8787\n')
    expect(err.issues).toEqual([
      expect.objectContaining({
        path: 'listen.prot',
        message: 'is not a known key',
        line: 2,
        col: 3,
      }),
    ])
    expect(err.issues[0]?.hint).toMatch(/^port: 8787 .*\(did you mean "port"\?\)$/)
  })

  it('a wrong type says what was expected and shows a valid line', async () => {
    const err = await problem('listen:\n  port: eighty\n')
    expect(err.issues[0]).toMatchObject({
      path: 'listen.port',
      message: 'expected number, received string',
      line: 2,
      col: 9,
    })
    expect(err.issues[0]?.hint).toMatch(/^port: 8787 {2}# TCP port/)
    expect(err.message).toContain('bad.yaml:2:9: listen.port expected number, received string')
  })

  it('a number out of range names the bound', async () => {
    const err = await problem('deadlineMs: 45000\n')
    expect(err.issues[0]).toMatchObject({ path: 'deadlineMs', line: 1 })
    expect(err.issues[0]?.message).toMatch(/29000/)
  })

  it('an unknown store kind lists the kinds', async () => {
    const err = await problem('store: { kind: postgres }\n')
    expect(err.issues[0]).toMatchObject({
      path: 'store.kind',
      message: 'must be one of: memory, sqlite, redis',
      hint: 'kind: memory',
    })
  })

  it('a missing required key is reported with what to add', async () => {
    const err = await problem('store: { kind: redis }\n')
    expect(err.issues[0]).toMatchObject({ path: 'store.url', message: 'is missing', line: 1 })
    // The schema's example: a line that works as written.
    expect(err.issues[0]?.hint).toMatch(/^url: redis:\/\/127\.0\.0\.1:6379 {2}# /)
  })

  it('an unknown connector id suggests the built-in it resembles', async () => {
    const err = await problem('connectors:\n  klavyio:\n    apiKey: x\n')
    expect(err.issues[0]).toMatchObject({
      path: 'connectors.klavyio',
      message: `is not a built-in connector (built-ins: ${BUILTIN_IDS.join(', ')})`,
      hint: 'klaviyo:   (did you mean "klaviyo"?)',
      line: 2,
      col: 3,
    })
  })

  it('an unknown id without a resemblance points at use:', async () => {
    const err = await problem('connectors:\n  crm: {}\n')
    expect(err.issues[0]?.hint).toBe(
      'add use: <npm package or ./path.js> to load a third-party connector',
    )
  })

  it('a connector key that cannot be a route segment is refused', async () => {
    const err = await problem('connectors:\n  My_CRM: { use: ./x.mjs }\n')
    expect(err.issues[0]).toMatchObject({
      path: 'connectors.My_CRM',
      message: 'is not a valid connector key',
    })
    expect(err.issues[0]?.hint).toMatch(/^my-crm: /)
  })

  it("a block is validated by the connector's own schema", async () => {
    const err = await problem(
      'connectors:\n  log:\n    to: 42\n    includePii: "yes"\n    colour: red\n',
    )
    expect(err.issues.map((i) => [i.path, i.message, i.line])).toEqual([
      ['connectors.log.to', 'expected string, received number', 3],
      ['connectors.log.includePii', 'expected boolean, received string', 4],
      ['connectors.log.colour', 'is not a known key', 5],
    ])
    expect(err.issues[1]?.hint).toMatch(/^includePii: false {2}# Write the event as received/)
  })

  it("a third-party connector's schema names secrets as environment variables", async () => {
    const err = await problem(
      `connectors:\n  acme:\n    use: ${fixture('vendor-connector.mjs')}\n    baseUrl: http://x\n`,
    )
    expect(err.issues).toEqual([
      expect.objectContaining({
        path: 'connectors.acme.apiKey',
        message: 'is missing',
        hint: 'apiKey: "${ACME_API_KEY}"  # Sent as a bearer token',
      }),
    ])
  })

  it('a use: package that cannot be found says how to install it', async () => {
    const err = await problem('connectors:\n  crm:\n    use: "@acme/no-such-connector"\n')
    expect(err.issues[0]).toMatchObject({
      path: 'connectors.crm.use',
      message: 'names "@acme/no-such-connector", which cannot be found',
      line: 3,
    })
    expect(err.issues[0]?.hint).toMatch(
      /^install it next to the config \(npm i @acme\/no-such-connector\)/,
    )
  })

  it('a use: module without a connector default export is refused', async () => {
    const err = await problem(`connectors:\n  crm:\n    use: ${fixture('not-a-connector.mjs')}\n`)
    expect(err.issues[0]?.message).toMatch(/whose default export is not a connector definition$/)
    expect(err.issues[0]?.hint).toMatch(/export default defineConnector/)
  })

  it('every problem of the file is reported at once', async () => {
    const err = await problem('connectors:\n  klavyio: {}\n  log: { to: 1 }\n')
    expect(err.issues.map((i) => i.path)).toEqual(['connectors.klavyio', 'connectors.log.to'])
    expect(err.message).toMatch(/^bad\.yaml has 2 problems:/)
  })

  it('a secret shorter than 32 bytes stops the start, naming the key', async () => {
    const loaded = parseConfig(
      'store: { kind: memory }\nauth:\n  keys:\n    - { kid: main, secret: c2hvcnQ= }\n',
      'short.yaml',
      { env: {} },
    )
    const err = await startHost({ config: loaded, port: 0, env: {} }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigFileError)
    expect((err as ConfigFileError).issues[0]).toMatchObject({
      path: 'auth.keys[0].secret',
      message: expect.stringMatching(
        /decodes to 5 bytes; HS256 needs at least 32.*openssl rand -base64 32/,
      ),
      line: 4,
    })
  })

  it('no secret without --dev is a start-up error, whatever NODE_ENV says', async () => {
    const loaded = parseConfig(
      'store: { kind: memory }\nauth:\n  keys:\n    - kid: main\n      secret: "${BH_HOOK_SECRET:-}"\n',
      'prod.yaml',
      { env: {} },
    )
    const err = await startHost({
      config: loaded,
      port: 0,
      env: { NODE_ENV: 'development' },
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigFileError)
    expect((err as ConfigFileError).message).toMatch(
      /auth\.keys has no secret; only `start --dev` generates a development secret\n\s+write instead: auth: \{ keys: \[ \{ kid: main, secret: "\$\{BH_HOOK_SECRET\}" \} \] \}/,
    )
  })

  it('the CLI prints the report and exits 1, never echoing the bad value', async () => {
    const file = join(dir.dir, 'bad.yaml')
    await writeFile(file, `auth:\n  keys:\n    - { secret: "${SECRET}", encoding: latin1 }\n`)
    let err = ''
    const code = await runCli(['check', '--config', file], {
      out: () => {},
      err: (t) => {
        err += t
      },
      env: {},
      cwd: dir.dir,
    })
    expect(code).toBe(1)
    expect(err).toContain(`${file}:3:`)
    expect(err).toContain('auth.keys[0].encoding')
    expect(err).toContain('write instead: encoding: base64')
    expect(err).not.toContain(SECRET)
  })
})

describe('config: use: an npm package installed next to the config', () => {
  it('finds it in the node_modules of the config folder', async () => {
    const dir = await tempDir()
    try {
      const root = join(dir.dir, 'node_modules', '@acme', 'bh-crm')
      await mkdir(join(root, 'dist'), { recursive: true })
      await writeFile(
        join(root, 'package.json'),
        JSON.stringify({
          name: '@acme/bh-crm',
          type: 'module',
          exports: { '.': { import: './dist/index.js' } },
        }),
      )
      await writeFile(
        join(root, 'dist', 'index.js'),
        [
          'export default {',
          "  id: 'crm',",
          '  options: { safeParse: (value) => ({ success: true, data: value }) },',
          "  create: () => ({ plan: () => ({ kind: 'decision', result: { outcome: 'skipped', code: 'X', reason: 'x' } }), deliver: async () => ({ outcome: 'sent', code: 'X', reason: 'x' }) }),",
          '}',
        ].join('\n'),
      )
      const file = join(dir.dir, 'hooks.yaml')
      await writeFile(file, 'connectors:\n  crm:\n    use: "@acme/bh-crm"\n    region: eu\n')
      const resolved = await resolveConnectors(await loadConfig(file, { env: {} }))
      expect(resolved.map((r) => [r.id, r.source, r.rawOptions])).toEqual([
        ['crm', '@acme/bh-crm', { region: 'eu' }],
      ])
    } finally {
      await dir.cleanup()
    }
  })
})
