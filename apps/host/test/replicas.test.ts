// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * Two host processes on one Redis (REDIS_URL, or a redis-server started for the test) receive the
 * same bhid at the same moment: exactly one vendor delivery.
 */
import { randomBytes } from 'node:crypto'
import { sampleEvent } from '@bubblehouse-hooks/core'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { redisUrlForTests, type TestRedis } from '@bubblehouse-hooks/store-redis/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendHook } from '../src/cli/commands/send'
import { type ChildHost, fixture, newBhid, newSecret, startChildHost, tempDir } from './helpers'

describe('child processes: two replicas on one Redis', () => {
  const secret = newSecret()
  let redis: TestRedis
  let vendor: FakeVendor
  let dir: { dir: string; cleanup(): Promise<void> }
  let replicas: ChildHost[] = []

  beforeAll(async () => {
    redis = await redisUrlForTests()
    vendor = await startFakeVendor({ defaultReply: { status: 202, body: {}, delayMs: 300 } })
    dir = await tempDir()
    const yaml = [
      `store: { kind: redis, url: "${redis.url}", keyPrefix: "bh-test-${randomBytes(4).toString('hex')}:" }`,
      'auth: { keys: [ { kid: main, secret: "${BH_HOOK_SECRET}" } ] }',
      'log: { format: json }',
      'connectors:',
      '  vendor:',
      `    use: ${fixture('vendor-connector.mjs')}`,
      `    baseUrl: ${vendor.url}`,
      '    apiKey: k',
    ].join('\n')
    replicas = await Promise.all([
      startChildHost(dir.dir, 'a.yaml', yaml, { BH_HOOK_SECRET: secret }),
      startChildHost(dir.dir, 'b.yaml', yaml, { BH_HOOK_SECRET: secret }),
    ])
  })
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()))
    await vendor.close()
    await redis.stop()
    await dir.cleanup()
  })

  it('delivers each bhid once when both replicas get it concurrently', async () => {
    const rounds = 5
    for (let round = 0; round < rounds; round++) {
      const event = sampleEvent('tier-reached', { bhid: newBhid() })
      const answers = await Promise.all(
        replicas.map((replica) =>
          sendHook({
            url: `${replica.url}/hooks`,
            hook: 'SendEvent1',
            body: event,
            key: { kid: 'main', secret },
          }),
        ),
      )
      expect(answers.map((a) => [a.status, a.outcome])).toEqual([
        [200, 'sent'],
        [200, 'sent'],
      ])
      expect(
        vendor.requests.filter((r) => (r.body as { id?: string }).id === event.bhid),
      ).toHaveLength(1)
    }
    expect(vendor.requests).toHaveLength(rounds)
  })
})
