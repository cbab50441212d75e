// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tenantUrl } from '../src/cli/commands/send'
import { cli } from './cli-run'
import { fixture, newSecret, tempDir } from './helpers'
import { startYamlHost } from './tenants-helpers'

describe('--tenant on check, dry-run, provision and send', () => {
  let dir: { dir: string; cleanup(): Promise<void> }
  let config: string
  let vendor: FakeVendor
  const acmeSecret = newSecret()
  beforeAll(async () => {
    dir = await tempDir()
    vendor = await startFakeVendor()
    config = join(dir.dir, 'hooks.yaml')
    await writeFile(
      config,
      [
        'store: { kind: memory }',
        'log: { level: silent }',
        'connectors:',
        `  log: { to: "${join(dir.dir, 'default.jsonl')}" }`,
        'tenants:',
        '  acme:',
        '    auth: { keys: [{ secret: "${ACME_SECRET}" }] }',
        '    connectors:',
        '      vendor:',
        `        use: ${fixture('vendor-connector.mjs')}`,
        `        baseUrl: ${vendor.url}`,
        '        apiKey: "${ACME_VENDOR_KEY}"',
      ].join('\n'),
    )
  })
  afterAll(async () => {
    await vendor.close()
    await dir.cleanup()
  })
  const env = () => ({ ACME_SECRET: acmeSecret, ACME_VENDOR_KEY: 'sk_live_acme0123456789abcdef' })

  it("check --tenant checks that tenant's auth and connectors only", async () => {
    const r = await cli(['check', '--config', config, '--tenant', 'acme'], { env: env() })
    expect(r.out.split('\n')).toEqual([
      `config  ok    ${config} (1 connector(s))`,
      'auth    ok    1 key(s)',
      'store   ok    memory',
      'vendor  ok    OK  test connector',
      '',
    ])
    expect(r.code).toBe(0)
  })

  it('dry-run --tenant plans with its connectors, its secrets masked', async () => {
    const r = await cli(
      ['dry-run', '--config', config, '--tenant', 'acme', '--sample', 'birthday', '--json'],
      { env: env() },
    )
    expect(r.code).toBe(0)
    const plans = JSON.parse(r.out).plans
    expect(Object.keys(plans)).toEqual(['vendor'])
    expect(r.out).not.toContain('sk_live_acme')
    const top = await cli(['dry-run', '--config', config, '--sample', 'birthday', '--json'], {
      env: env(),
    })
    expect(Object.keys(JSON.parse(top.out).plans)).toEqual(['log'])
  })

  it('provision --tenant and an unknown tenant', async () => {
    const r = await cli(['provision', '--config', config, '--tenant', 'acme'], { env: env() })
    expect([r.code, r.out]).toEqual([0, expect.stringContaining('vendor')])
    const unknown = await cli(['check', '--config', config, '--tenant', 'globex'], { env: env() })
    expect(unknown.code).not.toBe(0)
    expect(unknown.err).toContain('--tenant globex is not in')
    expect(unknown.err).toContain('tenants: default, acme')
  })

  it("send --tenant posts to /t/<id>/hooks, signed with the tenant's secret", async () => {
    const host = await startYamlHost(
      [
        'store: { kind: memory }',
        'log: { format: json }',
        'tenants:',
        `  acme: { auth: { keys: [{ secret: "${acmeSecret}" }] }, connectors: { log: { to: "${join(dir.dir, 'acme.jsonl')}" } } }`,
      ].join('\n'),
    )
    try {
      const url = `${host.host.url}/hooks`
      const r = await cli(['send', '--url', url, '--tenant', 'acme', '--sample', 'birthday'], {
        env: { BH_HOOK_SECRET: acmeSecret },
      })
      expect(r.out).toMatch(/^← 200 \{"outcome":"sent"\}/)
      expect(r.err).toContain(`POST ${host.host.url}/t/acme/hooks/SendEvent1`)
      expect(r.code).toBe(0)
    } finally {
      await host.host.close()
    }
    expect(tenantUrl('https://h.example/hooks/:name', 'acme')).toBe(
      'https://h.example/t/acme/hooks/:name',
    )
    expect(() => tenantUrl('https://h.example/bh', 'acme')).toThrow(/starts with \/hooks/)
    expect(() => tenantUrl('https://h.example/hooks', 'Acme')).toThrow(/tenant id/)
  })
})
