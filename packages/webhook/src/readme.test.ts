// The README must follow the code: its sections, options, codes, and the Node receiver it shows,
// which is run here as a real server against the connector.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  CANONICAL_EVENT,
  createHarness,
  readmeSection,
  runReadmeContract,
} from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRET } from './__fixtures__/helpers'
import webhook from './index'
import { WebhookOptions } from './options'
import { WEBHOOK_RULES } from './rules'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

const section = (heading: string): string => readmeSection(readme, heading)

const codeBlock = (heading: string, language: string) => {
  const block = section(heading).split(`\`\`\`${language}\n`)[1]?.split('\n```')[0]
  if (!block) throw new Error(`no ${language} block under ${heading}`)
  return block
}

runReadmeContract({ readme, options: WebhookOptions, rules: WEBHOOK_RULES })

describe('README', () => {
  it('shows the body the canonical event is sent as', () => {
    const shown = codeBlock('Events', 'json').replace(/\n /g, '')
    expect(shown).toBe(JSON.stringify(CANONICAL_EVENT))
  })

  it('gives an example config the options accept', () => {
    const example = section('Example config')
    expect(example).toContain('connectors:\n  webhook:\n')
    expect(example).toContain(`secret: "\${WEBHOOK_SECRET}"`)
    const parsed = WebhookOptions.safeParse({
      url: 'https://hooks.zapier.com/hooks/catch/123456/abcdef/',
      secret: SECRET,
      headers: { authorization: 'Bearer t' },
      events: { deny: ['Points Updated'] },
    })
    expect(parsed.success).toBe(true)
    for (const key of Object.keys(parsed.data ?? {}).filter((k) => k !== 'timeoutMs')) {
      expect(example).toContain(`    ${key}:`)
    }
  })
})

describe("the README's Node receiver", () => {
  let dir: string
  let child: ChildProcess
  let url: string

  beforeAll(async () => {
    // The example as printed, with the library resolved from this package and a free port.
    const library = pathToFileURL(createRequire(import.meta.url).resolve('standardwebhooks')).href
    const source = codeBlock('Verifying the signature', 'js')
      .replace("from 'standardwebhooks'", `from '${library}'`)
      .replace(
        '.listen(3000)',
        '.listen(0, "127.0.0.1", function () { console.log(this.address().port) })',
      )
    expect(source).toContain(library)
    dir = mkdtempSync(join(tmpdir(), 'bh-webhook-readme-'))
    writeFileSync(join(dir, 'receiver.mjs'), source)
    child = spawn(process.execPath, [join(dir, 'receiver.mjs')], {
      env: { ...process.env, WEBHOOK_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const port = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`receiver exited with ${code}`)))
      child.stdout?.once('data', (data: Buffer) => resolve(data.toString().trim()))
    })
    url = `http://127.0.0.1:${port}/bubblehouse`
  })

  afterAll(() => {
    child?.kill()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('verifies what the connector sends and answers {"outcome":"sent"}', async () => {
    const h = createHarness(webhook, { url, secret: SECRET })
    expect(await h.run(CANONICAL_EVENT)).toMatchObject({
      outcome: 'sent',
      code: 'WEBHOOK_RECEIVER_SENT',
    })
  })

  it('refuses another secret with 401, which holds the queue', async () => {
    const other = `whsec_${Buffer.alloc(32, 1).toString('base64')}`
    const h = createHarness(webhook, { url, secret: other })
    expect(await h.run(CANONICAL_EVENT)).toMatchObject({
      outcome: 'failure',
      code: 'WEBHOOK_SIGNATURE_REJECTED',
      vendorStatus: 401,
    })
  })
})
