/**
 * `metrics.listen`: /metrics, /healthz and /readyz on a listener of their own, /metrics gone from
 * the public hook port, the example configs using it, and both listeners closed at shutdown.
 */
import { createServer } from 'node:net'
import { sampleEvent } from '@bubblehouse-hooks/core'
import { describe, expect, it } from 'vitest'
import { ConfigFileError } from '../src/config/errors'
import { loadConfig } from '../src/config/load'
import { newBhid, startTestHost } from './helpers'

const YAML = [
  'store: { kind: memory }',
  'log: { format: json }',
  'metrics: { listen: { host: 127.0.0.1, port: 0 } }',
  'connectors:',
  '  log: { to: /dev/null }',
].join('\n')

const get = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, init)
  return { status: res.status, text: await res.text() }
}

describe('metrics.listen: a separate listener for operators', () => {
  it('serves /metrics, /healthz and /readyz there, and no /metrics or hooks on the other port', async () => {
    const t = await startTestHost(YAML)
    const metricsUrl = t.host.metricsUrl ?? ''
    const sent = await t.send('SendEvent1', sampleEvent('points-earned', { bhid: newBhid() }))

    const scraped = await get(`${metricsUrl}/metrics`)
    const probes = [await get(`${metricsUrl}/healthz`), await get(`${metricsUrl}/readyz`)]
    const hookOnMetrics = await get(`${metricsUrl}/hooks/SendEvent1`, {
      method: 'POST',
      body: '{}',
    })
    const metricsOnHooks = await get(`${t.url}/metrics`)
    const healthzOnHooks = await get(`${t.url}/healthz`)
    const listening = t.logs().find((l) => l.msg === 'bubblehouse-hooks listening')
    await t.close()

    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(metricsUrl).not.toBe(t.url)
    expect([sent.status, sent.outcome]).toEqual([200, 'sent'])
    expect(scraped.status).toBe(200)
    expect(scraped.text).toContain(
      'bh_hook_requests_total{hook="SendEvent1",status="200",tenant="default"} 1',
    )
    expect(probes).toEqual([
      { status: 200, text: '{"status":"ok"}' },
      { status: 200, text: '{"status":"ready"}' },
    ])
    expect(hookOnMetrics).toEqual({ status: 404, text: '{"error":"not_found"}' })
    expect(metricsOnHooks).toEqual({ status: 404, text: '{"error":"not_found"}' })
    expect(healthzOnHooks.status).toBe(200)
    expect(listening).toMatchObject({ metrics: `${metricsUrl}/metrics` })
    // Both listeners are closed at shutdown.
    await expect(fetch(`${metricsUrl}/healthz`)).rejects.toThrow()
    await expect(fetch(`${t.url}/healthz`)).rejects.toThrow()
  })

  it('without it, /metrics stays on the hook port', async () => {
    const t = await startTestHost('store: { kind: memory }\nlog: { level: silent }')
    const metrics = await get(`${t.url}/metrics`)
    await t.close()
    expect(t.host.metricsUrl).toBeUndefined()
    expect(metrics.status).toBe(200)
  })

  it('a metrics port in use is a start-up error at metrics.listen', async () => {
    const busy = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    const address = busy.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const err = await startTestHost(
      `store: { kind: memory }\nlog: { level: silent }\nmetrics: { listen: { port: ${port} } }`,
    ).catch((e: unknown) => e)
    await new Promise((resolve) => busy.close(resolve))
    expect(err).toBeInstanceOf(ConfigFileError)
    expect((err as ConfigFileError).issues).toMatchObject([
      {
        path: 'metrics.listen',
        message: `cannot listen on 127.0.0.1:${port} (EADDRINUSE)`,
        line: 3,
      },
    ])
  })

  it('the Docker and compose example configs keep /metrics off the hook port', async () => {
    const env = {}
    const single = await loadConfig('../../examples/bubblehouse-hooks.yaml', { env })
    const replicas = await loadConfig('../../examples/replicas.yaml', {
      env: { BH_HOOK_SECRET: 'x', REDIS_URL: 'redis://redis:6379' },
    })
    expect(single.config.metrics.listen).toEqual({ host: '127.0.0.1', port: 9464 })
    expect(replicas.config.metrics.listen).toEqual({ host: '0.0.0.0', port: 9464 })
  })
})
