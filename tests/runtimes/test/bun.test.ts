// Core's Web-standard handler under Bun (the binary of the `bun` npm package), over real HTTP:
// signed SendEvent1 in, Segment's batch out to a local fake vendor, connector closed on SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createHookToken, sampleEvent } from '@bubblehouse-hooks/core'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** bun's postinstall moves the @oven/bun-<platform> binary to bin/bun.exe. */
const BUN = join(dirname(createRequire(import.meta.url).resolve('bun/package.json')), 'bin/bun.exe')
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url))

interface BunHost {
  readonly child: ChildProcess
  readonly url: string
  readonly bun: string
  stdout(): string
  readonly exited: Promise<number | null>
}

/** Starts src/bun-hook-server.ts under Bun, core and Segment from their TypeScript sources. */
async function startBunHost(env: Record<string, string>): Promise<BunHost> {
  const child = spawn(BUN, ['--conditions=source', 'src/bun-hook-server.ts'], {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const first = await Promise.race([
    new Promise<string>((resolve) => {
      const check = () =>
        out.includes('\n') ? resolve(out.slice(0, out.indexOf('\n'))) : undefined
      child.stdout?.on('data', check)
    }),
    exited.then((code) => {
      throw new Error(`bun exited with ${code}:\n${err}\n${out}`)
    }),
  ])
  const { url, bun } = JSON.parse(first) as { url: string; bun: string }
  return { child, url, bun, stdout: () => out, exited }
}

describe('createHookHandler under Bun', () => {
  const secret = randomBytes(32).toString('base64')
  let vendor: FakeVendor
  let host: BunHost
  beforeAll(async () => {
    vendor = await startFakeVendor()
    host = await startBunHost({ BH_HOOK_SECRET: secret, VENDOR_URL: `${vendor.url}/v1` })
  })
  afterAll(async () => {
    if (host?.child.exitCode === null) host.child.kill('SIGKILL')
    await vendor?.close()
  })

  const post = async (hook: string, body: unknown, token?: string) => {
    const res = await fetch(`${host.url}/hooks/${hook}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as unknown }
  }

  it('runs on the bun binary itself', () => {
    expect(host.bun).toBe('1.4.5')
  })

  it('answers a signed SendEvent1 with sent after Segment accepted the batch', async () => {
    const bhid = `bun-${randomBytes(6).toString('hex')}`
    const event = sampleEvent('points-earned', { bhid })
    const token = await createHookToken({ key: { kid: 'main', secret } })
    expect(await post('SendEvent1', event, token)).toEqual({
      status: 200,
      body: { outcome: 'sent' },
    })
    expect(vendor.requests).toHaveLength(1)
    const request = vendor.requests[0]!
    expect(request).toMatchObject({ method: 'POST', path: '/v1/batch' })
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from('bun-write-key:').toString('base64')}`,
    )
    const batch = (request.body as { batch: Array<Record<string, unknown>> }).batch
    expect(batch.map((m) => [m.type, m.userId])).toEqual([
      ['identify', event.customer.bhid],
      ['track', event.customer.bhid],
    ])
    expect(batch[1]).toMatchObject({
      event: 'Points Earned',
      messageId: expect.stringContaining(bhid),
    })
  })

  it('answers Hello1 and refuses a token signed with another secret', async () => {
    const token = await createHookToken({ key: { kid: 'main', secret } })
    const hello = await post('Hello1', { magic: 'from-vitest' }, token)
    expect(hello).toMatchObject({ status: 200, body: { magic: 'from-vitest' } })
    const forged = await createHookToken({
      key: { kid: 'main', secret: randomBytes(32).toString('base64') },
    })
    expect((await post('SendEvent1', sampleEvent('points-earned'), forged)).status).toBe(401)
  })

  it('closes the connector on SIGTERM and exits 0', async () => {
    host.child.kill('SIGTERM')
    expect(await host.exited).toBe(0)
    expect(host.stdout()).toContain('{"closed":true}')
  })
})
