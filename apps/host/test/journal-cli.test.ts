// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * The journal end to end: a host in a child process records each SendEvent1 in its SQLite store;
 * `events` and `replay` run in this process against the same file while the host runs.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { sampleEvent } from '@bubblehouse-hooks/core'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { redisUrlForTests, type TestRedis } from '@bubblehouse-hooks/store-redis/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sendHook } from '../src/cli/commands/send'
import { cli } from './cli-run'
import { type ChildHost, newBhid, newSecret, startChildHost, tempDir } from './helpers'

const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

describe('journal: events and replay from another process while the host runs', () => {
  const secret = newSecret()
  let dir: { dir: string; cleanup(): Promise<void> }
  let receiver: FakeVendor
  let host: ChildHost
  let config: string
  const env = () => ({ BH_HOOK_SECRET: secret, WEBHOOK_SECRET, RECEIVER_URL: receiver.url })

  beforeAll(async () => {
    dir = await tempDir()
    receiver = await startFakeVendor({ defaultReply: { status: 200, body: {} } })
    const yaml = [
      'store: { kind: sqlite, path: ./data/hooks.db }',
      'auth: { keys: [ { kid: main, secret: "${BH_HOOK_SECRET}" } ] }',
      'log: { format: json }',
      'deadlineMs: 5000',
      'connectors:',
      '  webhook: { url: "${RECEIVER_URL}/in", secret: "${WEBHOOK_SECRET}" }',
    ].join('\n')
    host = await startChildHost(dir.dir, 'hooks.yaml', yaml, env())
    config = join(dir.dir, 'hooks.yaml')
  })
  afterAll(async () => {
    await host?.stop()
    await receiver?.close()
    await dir?.cleanup()
  })
  beforeEach(() => receiver.reset())

  const send = async (bhid: string) => {
    const event = sampleEvent('points-earned', { bhid })
    const r = await sendHook({
      url: `${host.url}/hooks`,
      hook: 'SendEvent1',
      body: event,
      key: { kid: 'main', secret },
    })
    return r.outcome
  }
  const run = (...args: string[]) =>
    cli([...args, '--config', config], { cwd: dir.dir, env: env() })
  /** The journal line of `bhid`, once the host's write (after its answer) has landed. */
  const lineOf = async (bhid: string, attempts: number) => {
    for (let i = 0; i < 200; i++) {
      const r = await run('events', '--bhid', bhid, '--json')
      const line = r.out ? JSON.parse(r.out.trim().split('\n')[0]!) : undefined
      if (line && line.attempts >= attempts) return line
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error(`no journal line for ${bhid} with ${attempts} attempts`)
  }

  it('lists an invalid_data event, replays it once the fault is gone, and shows it sent', async () => {
    const bhid = newBhid()
    receiver.setDefault({ status: 400, body: { error: 'bad' } })
    expect(await send(bhid)).toBe('invalid_data')
    expect(await lineOf(bhid, 1)).toMatchObject({
      bhid,
      name: 'Points Earned',
      connector: 'webhook',
      outcome: 'invalid_data',
      code: 'WEBHOOK_REJECTED',
      attempts: 1,
      vendorStatus: 400,
      route: '/hooks/SendEvent1',
      lastAttemptAt: expect.any(Number),
    })
    // The text form: one line, no body and so no email.
    const text = await run('events', '--outcome', 'invalid_data', '--since', '1h')
    expect(text.code).toBe(0)
    expect(text.out).toContain(`invalid_data`)
    expect(text.out).toContain(bhid)
    expect(text.out).not.toContain('@example.com')

    const dry = await run('replay', '--bhid', bhid, '--dry-run')
    expect(dry).toMatchObject({ code: 0 })
    expect(dry.out).toContain(`would replay ${bhid}`)
    expect(receiver.requests).toHaveLength(1)

    receiver.setDefault({ status: 200, body: {} })
    const replayed = await run('replay', '--bhid', bhid)
    expect(replayed.code).toBe(0)
    expect(replayed.out).toBe(
      `${bhid} "Points Earned": webhook sent HTTP_2XX (was invalid_data WEBHOOK_REJECTED)\n`,
    )
    expect(receiver.requests).toHaveLength(2)
    expect(receiver.requests[1]?.body).toMatchObject({ bhid, name: 'Points Earned' })
    expect(await lineOf(bhid, 2)).toMatchObject({ outcome: 'sent', attempts: 2 })

    // Bubblehouse's own retry now answers the replayed result without a call.
    expect(await send(bhid)).toBe('sent')
    expect(receiver.requests).toHaveLength(2)
  })

  it('leaves a sent event out without --force (exit 2), sends it with --force', async () => {
    const bhid = newBhid()
    expect(await send(bhid)).toBe('sent')
    await lineOf(bhid, 1)
    const refused = await run('replay', '--bhid', bhid)
    expect(refused.code).toBe(2)
    expect(refused.err).toContain(`left out ${bhid} webhook (sent): already sent; add --force`)
    // journal.bodies defaults to failures: a sent event has no body to replay.
    const forced = await run('replay', '--bhid', bhid, '--force')
    expect(forced.code).toBe(2)
    expect(forced.err).toContain('no body kept')
    expect(receiver.requests).toHaveLength(1)
  })

  it('exits 1 when a replay answers failure, and records it', async () => {
    const bhid = newBhid()
    receiver.setDefault({ status: 503, body: {} })
    expect(await send(bhid)).toBe('failure')
    expect(await lineOf(bhid, 1)).toMatchObject({
      outcome: 'failure',
      code: 'WEBHOOK_SERVER_ERROR',
    })
    const replayed = await run('replay', '--outcome', 'failure', '--bhid', bhid)
    expect(replayed.code).toBe(1)
    expect(replayed.out).toContain(`${bhid} "Points Earned": webhook failure`)
    expect(await lineOf(bhid, 2)).toMatchObject({ outcome: 'failure', attempts: 2 })
  })

  it('refuses bad filters and an empty selection as usage errors', async () => {
    expect((await run('replay')).code).toBe(2)
    expect((await run('events', '--outcome', 'lost')).code).toBe(2)
    expect((await run('events', '--since', 'yesterday')).code).toBe(2)
    const none = await run('replay', '--bhid', 'no-such-bhid')
    expect(none).toMatchObject({ code: 2, err: 'no journaled events match\n' })
  })
})

describe('journal on Redis: two host replicas write it, the CLI replays from a third process', () => {
  const secret = newSecret()
  let dir: { dir: string; cleanup(): Promise<void> }
  let redis: TestRedis
  let receiver: FakeVendor
  const hosts: ChildHost[] = []
  let config: string
  const env = () => ({
    BH_HOOK_SECRET: secret,
    WEBHOOK_SECRET,
    RECEIVER_URL: receiver.url,
    REDIS_URL: redis.url,
  })

  beforeAll(async () => {
    dir = await tempDir()
    redis = await redisUrlForTests()
    receiver = await startFakeVendor({ defaultReply: { status: 200, body: {} } })
    const yaml = [
      `store: { kind: redis, url: "\${REDIS_URL}", keyPrefix: "bh-test-${randomBytes(4).toString('hex')}:" }`,
      'auth: { keys: [ { kid: main, secret: "${BH_HOOK_SECRET}" } ] }',
      'log: { format: json }',
      'deadlineMs: 5000',
      'connectors:',
      '  webhook: { url: "${RECEIVER_URL}/in", secret: "${WEBHOOK_SECRET}" }',
    ].join('\n')
    hosts.push(await startChildHost(dir.dir, 'hooks.yaml', yaml, env()))
    hosts.push(await startChildHost(dir.dir, 'hooks.yaml', yaml, env()))
    config = join(dir.dir, 'hooks.yaml')
  })
  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.stop()))
    await receiver?.close()
    await redis?.stop()
    await dir?.cleanup()
  })

  const run = (...args: string[]) =>
    cli([...args, '--config', config], { cwd: dir.dir, env: env() })

  it('counts attempts across replicas and replays the invalid_data event', async () => {
    const bhid = newBhid()
    const event = sampleEvent('points-earned', { bhid })
    receiver.setDefault({ status: 422, body: {} })
    for (const host of hosts) {
      const r = await sendHook({
        url: `${host.url}/hooks`,
        hook: 'SendEvent1',
        body: event,
        key: { kid: 'main', secret },
      })
      expect(r.outcome).toBe('invalid_data')
    }
    let line: Record<string, unknown> | undefined
    for (let i = 0; i < 200 && line?.attempts !== 2; i++) {
      const out = (await run('events', '--bhid', bhid, '--json')).out.trim()
      line = out ? JSON.parse(out) : undefined
      if (line?.attempts !== 2) await new Promise((resolve) => setTimeout(resolve, 25))
    }
    // The second replica answered from the stored result without a call, and counted an attempt.
    expect(line).toMatchObject({ outcome: 'invalid_data', attempts: 2, connector: 'webhook' })
    expect(receiver.requests).toHaveLength(1)

    receiver.setDefault({ status: 200, body: {} })
    const replayed = await run('replay', '--outcome', 'invalid_data', '--bhid', bhid)
    expect(replayed.code).toBe(0)
    expect(replayed.out).toContain(`${bhid} "Points Earned": webhook sent`)
    const after = JSON.parse((await run('events', '--bhid', bhid, '--json')).out.trim())
    expect(after).toMatchObject({ outcome: 'sent', attempts: 3 })
    expect(receiver.requests).toHaveLength(2)
  })
})
