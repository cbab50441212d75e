// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/** The CLI in process: each command against real files and a real host over HTTP. */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CANONICAL_EVENT, sampleEvent } from '@bubblehouse-hooks/core'
import { closedPort } from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configSchemaText } from '../src/cli/commands/schema'
import { COMMANDS, runCli } from '../src/cli/main'
import {
  fileLines,
  fixture,
  newBhid,
  newSecret,
  startTestHost,
  type TestHost,
  tempDir,
} from './helpers'

interface Run {
  code: number
  out: string
  err: string
}

async function cli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  let out = ''
  let err = ''
  const code = await runCli(args, {
    out: (t) => {
      out += t
    },
    err: (t) => {
      err += t
    },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  })
  return { code, out, err }
}

const SCHEMA_FILE = '../../../examples/bubblehouse-hooks.schema.json'

describe('bubblehouse-hooks send', () => {
  let host: TestHost
  let dir: { dir: string; cleanup(): Promise<void> }
  let eventsFile: string
  beforeAll(async () => {
    dir = await tempDir()
    eventsFile = join(dir.dir, 'events.jsonl')
    host = await startTestHost(
      `store: { kind: memory }\nconnectors:\n  log: { to: "${eventsFile}" }\n`,
    )
  })
  afterAll(async () => {
    await host.close()
    await dir.cleanup()
  })
  const url = () => `${host.url}/hooks`

  it('signs a sample, posts it and prints status, outcome and latency', async () => {
    const r = await cli([
      'send',
      '--url',
      url(),
      '--sample',
      'points-earned',
      '--secret',
      host.secret,
      '--kid',
      'main',
    ])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(
      /^← 200 \{"outcome":"sent"\} {2}\d+(\.\d)? ms {2}\(request id [0-9a-f-]{36}\)\n$/,
    )
    expect(r.err).toMatch(
      /^→ POST http:\/\/127\.0\.0\.1:\d+\/hooks\/SendEvent1 {2}\(sample points-earned, bhid [0-9a-f]{16}, signed with --secret\)\n$/,
    )
  })

  it('prints one JSON line with --json, and repeats a --bhid as a duplicate', async () => {
    const bhid = newBhid()
    const args = ['send', '--url', url(), '--sample', 'tier-reached', '--bhid', bhid, '--json']
    const first = await cli(args, { env: { BH_HOOK_SECRET: host.secret, BH_HOOK_KID: 'main' } })
    const second = await cli(args, { env: { BH_HOOK_SECRET: host.secret } })
    for (const r of [first, second]) {
      expect(r.code).toBe(0)
      expect(JSON.parse(r.out)).toEqual({
        status: 200,
        outcome: 'sent',
        latencyMs: expect.any(Number),
        requestId: expect.any(String),
        bhid,
        body: '{"outcome":"sent"}',
      })
    }
    expect((await fileLines(eventsFile)).filter((l) => l.bhid === bhid)).toHaveLength(1)
  })

  it('sends an event file as it is, with --email overriding the customer', async () => {
    const file = join(dir.dir, 'event.json')
    const bhid = newBhid()
    await writeFile(file, JSON.stringify({ ...CANONICAL_EVENT, bhid }))
    const r = await cli(
      ['send', '--url', `${url()}/:name`, '--event', file, '--email', 'other@example.org'],
      {
        env: { BH_HOOK_SECRET: host.secret },
      },
    )
    expect(r.code).toBe(0)
    const [line] = (await fileLines(eventsFile)).filter((l) => l.bhid === bhid)
    expect(JSON.stringify(line)).not.toContain('other@example.org')
  })

  it('sends Hello1', async () => {
    const r = await cli(['send', '--url', url(), '--hook', 'Hello1'], {
      env: { BH_HOOK_SECRET: host.secret },
    })
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^← 200 \{"magic":"[\w-]+","hooks":\["SendEvent1"\]\}/)
  })

  it('exits 1 on a refused token, and on a host that does not answer', async () => {
    const refused = await cli(['send', '--url', url(), '--secret', newSecret()])
    expect(refused.code).toBe(1)
    expect(refused.out).toMatch(/^← 401 \{"error":"unauthorized"\}/)
    const port = await closedPort()
    const down = await cli([
      'send',
      '--url',
      `http://127.0.0.1:${port}/hooks`,
      '--secret',
      host.secret,
    ])
    expect(down.code).toBe(1)
    expect(down.err).toContain('no answer (ECONNREFUSED). Is the host running?')
  })

  it('says where to get a secret when it has none', async () => {
    const r = await cli(['send', '--url', url()], { cwd: dir.dir })
    expect(r.code).toBe(2)
    expect(r.err).toContain('no secret to sign with: pass --secret, set BH_HOOK_SECRET')
  })

  it('refuses usage mistakes with exit code 2', async () => {
    expect(
      (await cli(['send', '--sample', 'nope'], { env: { BH_HOOK_SECRET: host.secret } })).err,
    ).toMatch(/--sample nope is unknown; samples: points-updated, points-earned/)
    const flag = await cli(['send', '--colour'])
    expect(flag.code).toBe(2)
    expect(flag.err).toMatch(
      /Unknown option '--colour'.*\nRun bubblehouse-hooks send --help for usage\.\n$/s,
    )
  })
})

describe('development secret', () => {
  it('a host without a secret generates one that send then uses from data/', async () => {
    const dir = await tempDir()
    const eventsFile = join(dir.dir, 'events.jsonl')
    const host = await startTestHost(
      `store: { kind: memory }\nauth: { keys: [ { kid: main, secret: "" } ] }\nconnectors:\n  log: { to: "${eventsFile}" }\n`,
      { dir: dir.dir, dev: true },
    )
    try {
      expect(host.notices.join('')).toMatch(
        /No hook secret is configured.*bubblehouse-hooks send --sample points-earned/s,
      )
      const secret = (await readFile(join(dir.dir, 'data', 'dev-hook-secret'), 'utf8')).trim()
      expect(Buffer.from(secret, 'base64')).toHaveLength(32)
      expect(host.logText()).not.toContain(secret)
      const r = await cli(['send', '--url', `${host.url}/hooks`, '--sample', 'points-earned'], {
        cwd: dir.dir,
      })
      expect(r.code).toBe(0)
      expect(r.out).toContain('{"outcome":"sent"}')
      expect(r.err).toContain('signed with data/dev-hook-secret')
    } finally {
      await host.close()
      await dir.cleanup()
    }
  })
})

describe('bubblehouse-hooks check, dry-run, provision', () => {
  let dir: { dir: string; cleanup(): Promise<void> }
  let config: string
  beforeAll(async () => {
    dir = await tempDir()
    config = join(dir.dir, 'hooks.yaml')
    await writeFile(
      config,
      [
        'store: { kind: memory }',
        'connectors:',
        `  log: { to: "${join(dir.dir, 'out', 'events.jsonl')}" }`,
        '  vendor:',
        `    use: ${fixture('vendor-connector.mjs')}`,
        '    baseUrl: http://127.0.0.1:9',
        '    apiKey: "${VENDOR_KEY}"',
        '  leaky:',
        `    use: ${fixture('leaky-connector.mjs')}`,
        '    apiKey: "${VENDOR_KEY}"',
      ].join('\n'),
    )
  })
  afterAll(() => dir.cleanup())
  const env = { VENDOR_KEY: 'sk_live_0123456789abcdefXYZ' }

  it('check prints one line per connector', async () => {
    const r = await cli(['check', '--config', config, '--dev'], { env, cwd: dir.dir })
    expect(r.err).toBe('')
    expect(r.out.split('\n')).toEqual([
      `config  ok    ${config} (3 connector(s))`,
      'auth    ok    no secret: --dev uses a generated development secret (data/)',
      'store   ok    memory',
      `log     ok    OK  writes one JSON line per event to ${join(dir.dir, 'out', 'events.jsonl')}`,
      'vendor  ok    OK  test connector',
      'leaky   ok    no check (nothing to probe)',
      '',
    ])
    expect(r.code).toBe(0)
  })

  it('check exits 1 on a secret too short for HS256, without printing it', async () => {
    const bad = join(dir.dir, 'short.yaml')
    await writeFile(
      bad,
      'store: { kind: memory }\nauth: { keys: [ { secret: c2hvcnQtc2VjcmV0 } ] }\n',
    )
    const r = await cli(['check', '--config', bad])
    expect(r.code).toBe(1)
    expect(r.out).toMatch(
      /^auth {4}FAIL {2}AUTH_KEY_INVALID {2}auth\.keys\[0\]\.secret: decodes to 12 bytes; HS256 needs at least 32/m,
    )
    expect(r.out).not.toContain('c2hvcnQtc2VjcmV0')
  })

  it('check exits 1 when a connector cannot work', async () => {
    const bad = join(dir.dir, 'bad.yaml')
    // A path below a file can never be created.
    await writeFile(
      bad,
      `store: { kind: memory }\nconnectors:\n  log: { to: "${bad}/events.jsonl" }\n`,
    )
    const r = await cli(['check', '--config', bad])
    expect(r.code).toBe(1)
    expect(r.out).toContain(
      `log     FAIL  LOG_NOT_WRITABLE  cannot write to ${bad}/events.jsonl (ENOTDIR)\n`,
    )
  })

  it('dry-run prints each plan with secrets masked and PII kept out by the log connector', async () => {
    const r = await cli(['dry-run', '--config', config, '--sample', 'tier-reached'], {
      env,
      cwd: dir.dir,
    })
    expect(r.code).toBe(0)
    expect(r.out).toMatch(
      /^dry run of sample tier-reached \(bhid 24a5be6c83010001, "Tier Reached"\) with \S+hooks\.yaml; nothing is sent\n/,
    )
    expect(r.out).toContain(
      `\nlog: 1 request(s)\n  POST ${join(dir.dir, 'out', 'events.jsonl')}   (appendLine)\n    {\n`,
    )
    expect(r.out).toContain('\nvendor: 1 request(s)\n  POST /events   (track)\n')
    expect(r.out).toContain(
      '\nleaky: 1 request(s)\n  PUT /v1/eu/profiles?key=***   (upsert)\n    headers: {"x-api-key":"***","authorization":"***"}\n',
    )
    expect(r.out).toContain('"note": "uses ***"')
    expect(r.out).toContain('"token": "***"')
    for (const forbidden of [
      env.VENDOR_KEY,
      'dXNlcjpwYXNz',
      CANONICAL_EVENT.customer.email!,
      'Jane',
    ]) {
      expect(r.out).not.toContain(forbidden)
    }
  })

  it('dry-run --json prints the plans as data, and one connector with --connector', async () => {
    const r = await cli(['dry-run', '--config', config, '--connector', 'vendor', '--json'], {
      env,
      cwd: dir.dir,
    })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toEqual({
      event: 'sample points-updated',
      plans: {
        vendor: {
          kind: 'send',
          requests: [
            {
              operation: 'track',
              method: 'POST',
              path: '/events',
              body: { id: '24a5be6c83010001', name: 'Points Updated' },
            },
          ],
        },
      },
    })
    const unknown = await cli(['dry-run', '--config', config, '--connector', 'nope'], { env })
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain('--connector nope is not in')
  })

  it('dry-run refuses an event file that is not a SendEvent1', async () => {
    const file = join(dir.dir, 'bad-event.json')
    await writeFile(file, JSON.stringify({ ...sampleEvent('birthday'), time: 'yesterday' }))
    const r = await cli(['dry-run', '--config', config, '--event', file], { env })
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/bad-event\.json: time must be an RFC 3339 date-time/)
  })

  it('provision reports what it created, then that it exists', async () => {
    const first = await cli(['provision', '--config', config], { env, cwd: dir.dir })
    expect(first.code).toBe(0)
    expect(first.out.split('\n')).toEqual([
      `log     created  file ${join(dir.dir, 'out', 'events.jsonl')}`,
      'vendor  -        nothing to provision',
      'leaky   -        nothing to provision',
      '',
    ])
    const second = await cli(['provision', '--config', config, '--connector', 'log'], {
      env,
      cwd: dir.dir,
    })
    expect(second.out).toBe(`log   exists   file ${join(dir.dir, 'out', 'events.jsonl')}\n`)
  })
})

describe('bubblehouse-hooks schema', () => {
  it('equals the committed examples/bubblehouse-hooks.schema.json', async () => {
    const text = await configSchemaText()
    // `vitest -u` rewrites the file; CI fails when it is out of date.
    await expect(text).toMatchFileSnapshot(SCHEMA_FILE)
    const schema = JSON.parse(text)
    expect(Object.keys(schema.properties.connectors.properties)).toEqual([
      'log',
      'klaviyo',
      'mailchimp',
      'hubspot',
      'segment',
      'omnisend',
      'attentive',
      'webhook',
    ])
    expect(schema.properties.connectors.properties.log.properties.includePii).toMatchObject({
      type: 'boolean',
      default: false,
    })
    expect(schema.properties.connectors.additionalProperties.required).toEqual(['use'])
  })

  it('--check passes on the committed file and fails on a stale one', async () => {
    const dir = await tempDir()
    try {
      const ok = await cli(['schema', '--check', new URL(SCHEMA_FILE, import.meta.url).pathname])
      expect(ok.code).toBe(0)
      const stale = join(dir.dir, 'stale.json')
      await writeFile(stale, '{}\n')
      const r = await cli(['schema', '--check', stale])
      expect(r.code).toBe(1)
      expect(r.err).toContain('is out of date; run: bubblehouse-hooks schema --out')
    } finally {
      await dir.cleanup()
    }
  })
})

describe('bubblehouse-hooks --help', () => {
  it.each(COMMANDS.map((c) => c.name))(
    '%s --help shows usage, options and an example',
    async (name) => {
      const r = await cli([name, '--help'])
      expect(r.code).toBe(0)
      expect(r.out).toMatch(new RegExp(`^Usage: bubblehouse-hooks ${name} \\[options\\]\\n`))
      expect(r.out).toMatch(/\nOptions:\n(.*\n)* {2}-h, --help +Show this help\n/)
      expect(r.out).toMatch(/\nExamples?:\n {2}bubblehouse-hooks /)
    },
  )

  it('lists the commands, and refuses an unknown one', async () => {
    const help = await cli(['--help'])
    expect(help.code).toBe(0)
    for (const command of COMMANDS) expect(help.out).toContain(`\n  ${command.name} `)
    const unknown = await cli(['serve'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toMatch(/^bubblehouse-hooks: unknown command "serve"/)
  })
})
