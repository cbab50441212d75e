// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sampleEvent } from '@bubblehouse-hooks/core'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ConfigFileError } from '../src/config/errors'
import { loadConfig, parseConfig } from '../src/config/load'
import { fixture, newBhid, newSecret, tempDir } from './helpers'
import { startYamlHost, vendorBlock, type YamlHost } from './tenants-helpers'

const issuesOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (err) {
    if (err instanceof ConfigFileError) return err.issues.map((i) => [i.path, i.message])
    throw err
  }
  throw new Error('no ConfigFileError')
}

describe('tenants: config', () => {
  it('reads tenant blocks with their auth, connectors and maxInFlight (default 32)', () => {
    const { config } = parseConfig(
      [
        'tenants:',
        '  acme:',
        '    auth: { keys: [{ kid: main, secret: s1 }] }',
        '    connectors: { log: {} }',
        '  globex_2-b:',
        '    auth: { keys: [{ secret: s2 }] }',
        '    maxInFlight: 4',
      ].join('\n'),
      't.yaml',
      { env: {} },
    )
    expect(config.tenants.acme).toMatchObject({ connectors: { log: {} }, maxInFlight: 32 })
    expect(config.tenants['globex_2-b']).toMatchObject({ connectors: {}, maxInFlight: 4 })
    expect(config.maxInFlight).toBe(32)
  })

  it('refuses ids outside [a-z0-9][a-z0-9_-]{0,62} and the reserved id default', () => {
    const yaml = (id: string) => `tenants:\n  ${id}:\n    auth: { keys: [{ secret: s }] }\n`
    for (const id of ['Acme', '-acme', 'a.b', 'a'.repeat(64)]) {
      expect(issuesOf(() => parseConfig(yaml(id), 't.yaml', { env: {} }))).toEqual([
        [`tenants.${id}`, expect.stringContaining('must be lower case letters')],
      ])
    }
    expect(issuesOf(() => parseConfig(yaml('default'), 't.yaml', { env: {} }))).toEqual([
      ['tenants.default', 'is reserved for the top-level auth and connectors'],
    ])
    expect(() => parseConfig(yaml('a'.repeat(63)), 't.yaml', { env: {} })).not.toThrow()
  })

  it('refuses a tenant id written twice, at the second one', () => {
    const text = [
      'tenants:',
      '  acme: { auth: { keys: [{ secret: s1 }] } }',
      '  globex: { auth: { keys: [{ secret: s2 }] } }',
      '  acme: { auth: { keys: [{ secret: s3 }] } }',
    ].join('\n')
    expect(() => parseConfig(text, 't.yaml', { env: {} })).toThrow(ConfigFileError)
    try {
      parseConfig(text, 't.yaml', { env: {} })
    } catch (err) {
      expect((err as ConfigFileError).issues).toEqual([
        expect.objectContaining({
          message: 'is not valid YAML: Map keys must be unique ("acme" is written twice)',
          line: 4,
          col: 3,
        }),
      ])
    }
    // Equal values under different keys, and the same key in two mappings, are fine.
    expect(() =>
      parseConfig('tenants:\n  a: { maxInFlight: 2 }\n  b: { maxInFlight: 2 }\n', 't.yaml', {
        env: {},
      }),
    ).not.toThrow(ConfigFileError)
  })
})

describe('${file:PATH} secrets', () => {
  let dir: { dir: string; cleanup(): Promise<void> }
  beforeAll(async () => {
    dir = await tempDir()
    await mkdir(join(dir.dir, 'secrets'))
    await writeFile(join(dir.dir, 'secrets', 'hook'), 'c2VjcmV0LWZyb20tZmlsZQ==\n')
    await writeFile(join(dir.dir, 'secrets', 'two-lines'), 'a\nb\n\n')
    await writeFile(
      join(dir.dir, 'hooks.yaml'),
      [
        'auth: { keys: [{ secret: "${file:secrets/hook}" }] }',
        `tenants:`,
        `  acme:`,
        `    auth: { keys: [{ secret: "\${file:${join(dir.dir, 'secrets', 'two-lines')}}" }] }`,
      ].join('\n'),
    )
  })
  afterAll(() => dir.cleanup())

  it('reads a file relative to the config file folder, one trailing newline trimmed', async () => {
    const { config } = await loadConfig(join(dir.dir, 'hooks.yaml'), { env: {}, cwd: '/' })
    expect(config.auth.keys[0]?.secret).toBe('c2VjcmV0LWZyb20tZmlsZQ==')
    expect(config.tenants.acme?.auth.keys[0]?.secret).toBe('a\nb\n')
  })

  it('refuses a file that cannot be read, naming the reference (never a content)', () => {
    const issues = issuesOf(() =>
      parseConfig('auth: { keys: [{ secret: "${file:nope/secret}" }] }', 't.yaml', {
        env: {},
        dir: dir.dir,
      }),
    )
    expect(issues).toEqual([
      ['auth.keys[0].secret', 'uses ${file:nope/secret}, which cannot be read (ENOENT)'],
    ])
  })

  it('works inside a longer value and next to ${VAR}, and dry-run keeps an unreadable one', () => {
    const { config } = parseConfig(
      'store: { kind: redis, url: "redis://:${file:secrets/hook}@${HOST}:6379" }',
      't.yaml',
      { env: { HOST: 'cache' }, dir: dir.dir },
    )
    expect(config.store).toMatchObject({ url: 'redis://:c2VjcmV0LWZyb20tZmlsZQ==@cache:6379' })
    const kept = parseConfig('auth: { keys: [{ secret: "${file:missing}" }] }', 't.yaml', {
      env: {},
      dir: dir.dir,
      placeholders: true,
    })
    expect(kept.config.auth.keys[0]?.secret).toBe('${file:missing}')
    expect(kept.placeholders.get('auth.keys[0].secret')).toEqual(['file:missing'])
  })
})

/** Response headers but those of the transport (whether the connection stays open depends on
 * whether the unread body had arrived, not on the tenant). */
const headersOf = (res: Response) => {
  const out: [string, string][] = []
  res.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive'].includes(name)) out.push([name, value])
  })
  return out
}

describe('tenants: routes and tokens', () => {
  let vendor: FakeVendor
  let t: YamlHost
  const secrets = { default: newSecret(), acme: newSecret(), globex: newSecret() }
  const vendorFixture = fixture('vendor-connector.mjs')
  const event = () => sampleEvent('points-earned', { bhid: newBhid() })

  beforeAll(async () => {
    vendor = await startFakeVendor()
    t = await startYamlHost(
      [
        'store: { kind: memory }',
        'log: { format: json }',
        `auth: { keys: [{ kid: main, secret: "${secrets.default}" }] }`,
        'connectors:',
        vendorBlock(vendorFixture, vendor.url, 'key-default', '  '),
        'tenants:',
        '  acme:',
        `    auth: { keys: [{ kid: main, secret: "${secrets.acme}" }] }`,
        '    connectors:',
        vendorBlock(vendorFixture, vendor.url, 'key-acme', '      '),
        '  globex:',
        `    auth: { keys: [{ secret: "${secrets.globex}" }] }`,
        '    connectors:',
        vendorBlock(vendorFixture, vendor.url, 'key-globex', '      '),
        '      log: { to: /dev/null }',
      ].join('\n'),
    )
  })
  afterEach(() => vendor.reset())
  afterAll(async () => {
    await t.host.close()
    await vendor.close()
  })

  const keysSent = () => vendor.requests.map((r) => r.headers.authorization)

  it("delivers with each tenant's own connectors, on its own route and token", async () => {
    const sent = [
      await t.post('/t/acme/hooks', 'SendEvent1', event(), secrets.acme),
      await t.post('/t/globex/hooks/vendor', 'SendEvent1', event(), secrets.globex),
      await t.post('/hooks', 'SendEvent1', event(), secrets.default),
    ]
    expect(sent.map((r) => [r.status, r.outcome])).toEqual([
      [200, 'sent'],
      [200, 'sent'],
      [200, 'sent'],
    ])
    expect(keysSent()).toEqual(['Bearer key-acme', 'Bearer key-globex', 'Bearer key-default'])
    const hello = await t.post('/t/globex/hooks', 'Hello1', { magic: 'm1' }, secrets.globex)
    expect(JSON.parse(hello.text)).toEqual({ magic: 'm1', hooks: ['SendEvent1'] })
    expect(t.host.tenants).toEqual(['default', 'acme', 'globex'])
    // One start-up warning names every tenant it concerns.
    const replay = t.logs().filter((l) => l.setting === 'auth.maxTokenAgeSec')
    expect(replay).toEqual([
      expect.objectContaining({ level: 'warn', tenants: ['default', 'acme', 'globex'] }),
    ])
  })

  it('answers 401 to a token of another tenant, of the default tenant on /t/, of a tenant on /hooks', async () => {
    const refused = [
      await t.post('/t/globex/hooks', 'SendEvent1', event(), secrets.acme),
      await t.post('/t/acme/hooks/vendor', 'SendEvent1', event(), secrets.globex),
      await t.post('/t/acme/hooks', 'SendEvent1', event(), secrets.default),
      await t.post('/hooks', 'SendEvent1', event(), secrets.acme),
      await t.post('/hooks/vendor', 'Hello1', { magic: 'x' }, secrets.globex),
      await t.post('/t/default/hooks', 'SendEvent1', event(), secrets.default),
    ]
    expect(refused.map((r) => [r.status, r.text])).toEqual(
      Array(6).fill([401, '{"error":"unauthorized"}']),
    )
    expect(vendor.requests).toEqual([])
  })

  it('answers an unknown tenant exactly as a wrong token, and logs it', async () => {
    const raw = async (path: string, secret: string) => {
      const { createHookToken } = await import('@bubblehouse-hooks/core')
      const res = await fetch(`${t.host.url}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await createHookToken({ key: { secret } })}`,
          'content-type': 'application/json',
          'x-request-id': 'same-id',
        },
        body: JSON.stringify(event()),
      })
      return {
        status: res.status,
        headers: headersOf(res),
        text: await res.text(),
      }
    }
    const wrongToken = await raw('/t/acme/hooks/SendEvent1', secrets.globex)
    const unknown = await raw('/t/initech/hooks/SendEvent1', secrets.acme)
    const unknownRoute = await raw('/t/initech/hooks/vendor/SendEvent1', secrets.acme)
    expect(wrongToken.status).toBe(401)
    expect(unknown).toEqual(wrongToken)
    expect(unknownRoute).toEqual(wrongToken)
    // What is not a hook route answers 404 before the token, for known and unknown tenants alike.
    const notHook = await raw('/t/acme/hooks/Nope', secrets.acme)
    expect(await raw('/t/initech/hooks/Nope', secrets.acme)).toEqual(notHook)
    expect(notHook.status).toBe(404)
    const offBase = await raw('/t/acme/other/SendEvent1', secrets.acme)
    expect(await raw('/t/initech/other/SendEvent1', secrets.acme)).toEqual(offBase)
    expect(await raw('/t/initech', secrets.acme)).toEqual(offBase)
    expect(offBase.status).toBe(404)
    expect(vendor.requests).toEqual([])
    const lines = t.logs().filter((l) => l.requestId === 'same-id' && l.status === 401)
    expect(lines).toContainEqual(
      expect.objectContaining({ tenant: '_unknown', authFailure: 'unknown_tenant', level: 'warn' }),
    )
    expect(lines).toContainEqual(
      expect.objectContaining({ tenant: 'acme', authFailure: 'bad_signature' }),
    )
  })

  it('answers 404 for a connector the tenant does not have, after the token', async () => {
    // acme has no log connector (globex has).
    const missing = await t.post('/t/acme/hooks/log', 'SendEvent1', event(), secrets.acme)
    expect([missing.status, missing.text]).toEqual([404, '{"error":"not_found"}'])
    const unauthorized = await t.post('/t/acme/hooks/log', 'SendEvent1', event(), secrets.globex)
    expect(unauthorized.status).toBe(401)
    expect(vendor.requests).toEqual([])
  })

  it('labels metrics with the tenant from the config', async () => {
    await t.post('/t/acme/hooks', 'SendEvent1', event(), secrets.acme)
    const text = await t.host.registry.metrics()
    expect(text).toMatch(
      /^bh_events_total\{connector="vendor",outcome="sent",code="HTTP_2XX",tenant="acme"\} \d+$/m,
    )
    expect(text).toMatch(
      /^bh_hook_requests_total\{hook="SendEvent1",status="401",tenant="_unknown"\} \d+$/m,
    )
    expect(text).not.toMatch(/tenant="initech"/)
  })
})

describe('tenants: a file with only tenants', () => {
  it('answers 404 on /hooks/... and serves the tenants', async () => {
    const secret = newSecret()
    const t = await startYamlHost(
      [
        'store: { kind: memory }',
        'log: { format: json }',
        'tenants:',
        `  acme: { auth: { keys: [{ secret: "${secret}" }] }, connectors: { log: { to: /dev/null } } }`,
      ].join('\n'),
    )
    try {
      const onDefault = await t.post('/hooks', 'SendEvent1', sampleEvent('birthday'), secret)
      expect([onDefault.status, onDefault.text]).toEqual([404, '{"error":"not_found"}'])
      const onTenant = await t.post('/t/acme/hooks', 'SendEvent1', sampleEvent('birthday'), secret)
      expect([onTenant.status, onTenant.outcome]).toEqual([200, 'sent'])
      expect(t.host.tenants).toEqual(['acme'])
    } finally {
      await t.host.close()
    }
  })

  it('refuses to start a tenant without a secret, at its path', async () => {
    await expect(
      startYamlHost('store: { kind: memory }\ntenants:\n  acme: { connectors: { log: {} } }\n'),
    ).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'tenants.acme.auth.keys', line: 3, col: 3 })],
    })
  })

  it("reports a tenant's misspelt connector at its path, with the others' issues", async () => {
    const yaml = [
      'store: { kind: memory }',
      'tenants:',
      `  acme: { auth: { keys: [{ secret: "${newSecret()}" }] }, connectors: { klavyio: {} } }`,
      `  globex: { auth: { keys: [{ secret: "${newSecret()}" }] }, connectors: { log: { nope: 1 } } }`,
    ].join('\n')
    await expect(startYamlHost(yaml)).rejects.toMatchObject({
      issues: [
        expect.objectContaining({ path: 'tenants.acme.connectors.klavyio', line: 3 }),
        expect.objectContaining({ path: 'tenants.globex.connectors.log.nope', line: 4 }),
      ],
    })
  })
})

describe('examples/tenants.yaml', () => {
  it('validates, with its secrets as placeholders, and declares only tenants', async () => {
    const { fileURLToPath } = await import('node:url')
    const file = fileURLToPath(new URL('../../../examples/tenants.yaml', import.meta.url))
    const loaded = await loadConfig(file, { env: {}, placeholders: true })
    expect(Object.keys(loaded.config.tenants)).toEqual(['acme', 'globex', 'initech'])
    expect(loaded.config.tenants.globex?.maxInFlight).toBe(8)
    expect(loaded.config.connectors).toEqual({})
    expect([...loaded.placeholders.values()].flat()).toEqual([
      'ACME_HOOK_SECRET',
      'ACME_KLAVIYO_KEY',
      'file:/run/secrets/globex_hook_secret',
      'GLOBEX_HUBSPOT_TOKEN',
      'file:secrets/initech_hook_secret',
    ])
  })
})
