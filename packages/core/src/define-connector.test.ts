import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  type ConnectorEnv,
  createConnector,
  createConnectorEnv,
  defineConnector,
} from './define-connector'
import { ConfigError } from './errors'
import { noopConnectorMetrics } from './logger'
import { invalidPlan, sendPlan, skipPlan } from './plan'
import { type FakeVendor, startFakeVendor } from './testing/fake-vendor'

const definition = defineConnector({
  id: 'demo-2',
  description: 'a demo',
  options: z.object({
    apiKey: z.string().min(1).describe('API key'),
    list: z.object({ id: z.string().describe('List id') }).describe('Target list'),
    retries: z.number().int().default(0).describe('Ignored'),
  }),
  create: (options, env) => ({
    plan: () => sendPlan({ operation: 'x', method: 'GET', path: `/${options.list.id}` }),
    deliver: async () => ({
      outcome: 'sent',
      code: `RETRIES_${options.retries}`,
      reason: env.now().toString(),
    }),
  }),
})

describe('defineConnector', () => {
  it.each(['klaviyo', 'a', 'store-2', 'x'.repeat(40)])('accepts id %j', (id) => {
    expect(defineConnector({ ...definition, id }).id).toBe(id)
  })

  it.each(['Klaviyo', '2fa', 'a_b', 'a:b', '', 'x'.repeat(41), 'a b'])('refuses id %j', (id) => {
    expect(() => defineConnector({ ...definition, id })).toThrow(
      expect.objectContaining({ code: 'ERR_CONNECTOR_INVALID' }),
    )
  })
})

describe('createConnector', () => {
  it('validates options with the connector schema, applying defaults', async () => {
    const env = createConnectorEnv({ now: () => 42 })
    const c = createConnector(definition, { apiKey: 'k', list: { id: 'L1' } }, env)
    expect(c.plan({} as never)).toEqual(sendPlan({ operation: 'x', method: 'GET', path: '/L1' }))
    expect(
      await c.deliver([], { signal: AbortSignal.abort(), bhid: 'b', logger: env.logger }),
    ).toEqual({
      outcome: 'sent',
      code: 'RETRIES_0',
      reason: '42',
    })
  })

  it('throws a ConfigError naming the path of the first bad option', () => {
    let thrown: unknown
    try {
      createConnector(definition, { apiKey: 'k', list: { id: 7 } })
    } catch (err) {
      thrown = err
    }
    expect(thrown).toBeInstanceOf(ConfigError)
    expect(thrown).toMatchObject({ path: 'connectors.demo-2.list.id', code: 'ERR_CONFIG_INVALID' })
    expect((thrown as Error).message).toMatch(/^connectors\.demo-2\.list\.id: list\.id: /)
  })

  it('reads a missing block as empty options and uses a given path', () => {
    expect(() => createConnector(definition, undefined, undefined, 'hooks.demo')).toThrow(
      expect.objectContaining({ path: 'hooks.demo.apiKey' }),
    )
  })

  it('never echoes option values in the error', () => {
    expect(() => createConnector(definition, { apiKey: 12345678, list: { id: 'L' } })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('12345678') }),
    )
  })
})

describe('createConnectorEnv', () => {
  let vendor: FakeVendor

  it('gives connectors an HTTP client that reports to the metrics', async () => {
    vendor = await startFakeVendor({ defaultReply: { status: 202 } })
    try {
      const calls: Array<[number, number | string]> = []
      const onCall: number[] = []
      const env: ConnectorEnv = createConnectorEnv({
        metrics: {
          ...noopConnectorMetrics,
          vendorRequest: (s, status) => {
            calls.push([s, status])
          },
        },
      })
      const http = env.createHttpClient({
        baseUrl: vendor.url,
        onCall: (i) => onCall.push(i.durationMs),
      })
      await http.request({ method: 'POST', path: '/x' })
      expect(calls).toEqual([[expect.any(Number), 202]])
      expect(onCall).toHaveLength(1)
    } finally {
      await vendor.close()
    }
  })

  it('defaults to a silent logger and the real clock', () => {
    const env = createConnectorEnv()
    expect(() => env.logger.child({ a: 1 }).info({}, 'x')).not.toThrow()
    expect(Math.abs(env.now() - Date.now())).toBeLessThan(60_000)
  })
})

describe('plans', () => {
  it('are plain data', () => {
    expect(skipPlan('EVENT_FILTERED', 'filtered')).toEqual({
      kind: 'decision',
      result: { outcome: 'skipped', code: 'EVENT_FILTERED', reason: 'filtered' },
    })
    expect(invalidPlan('NO_IDENTITY', 'no email').result.outcome).toBe('invalid_data')
    const a = { operation: 'a', method: 'POST', path: '/a' } as const
    const b = { operation: 'b', method: 'PUT', path: '/b' } as const
    expect(sendPlan(a, b)).toEqual({ kind: 'send', requests: [a, b] })
  })
})
