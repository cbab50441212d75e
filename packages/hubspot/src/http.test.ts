/**
 * The connector's calls over core's HTTP client: keep-alive reuse, the Bearer token, our per-call
 * timeout and the hook deadline, answers judged by their status whatever their body, no retries,
 * transport failures.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { noopLogger } from '@bubblehouse-hooks/core'
import { closedPort, recordingMetrics, sampleEvent } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { FIXTURES, hubspotHarness, propertyList, useHubspotVendor } from './__fixtures__/kit'

const vendor = useHubspotVendor()

let n = 0
const event = () => sampleEvent('points-earned', { bhid: `http-${++n}` })

const customEvents = { portalId: '1234567', events: { 'Points Earned': 'points_earned' } }

describe('connections', () => {
  it('reuses one keep-alive connection for a run of events', async () => {
    const h = hubspotHarness(vendor().url)
    for (let i = 0; i < 20; i++) expect((await h.run(event())).outcome).toBe('sent')
    expect(vendor().requests).toHaveLength(21)
    expect(vendor().connections).toBe(1)
  })

  it('keeps to that connection with two calls per event, spaced like a queue', async () => {
    const h = hubspotHarness(vendor().url, { customEvents })
    for (let i = 0; i < 20; i++) {
      expect((await h.run(event())).outcome).toBe('sent')
      await new Promise((resolve) => setImmediate(resolve))
    }
    const paths = vendor().requests.map((r) => `${r.method} ${r.path}`)
    expect(paths.filter((p) => p === 'POST /events/v3/send')).toHaveLength(20)
    expect(paths).toHaveLength(41)
    expect(vendor().connections).toBe(1)
  })

  it('sends the Bearer token and JSON on every call, the token nowhere else', async () => {
    const h = hubspotHarness(vendor().url, { customEvents })
    await h.run(event())
    expect(vendor().requests).toHaveLength(3)
    for (const request of vendor().requests) {
      expect(request.headers.authorization).toBe('Bearer pat-na1-test')
      expect(request.headers.accept).toBe('application/json')
      expect(request.url).not.toContain('pat-na1-test')
      expect(request.raw).not.toContain('pat-na1-test')
    }
    for (const request of vendor().requests.filter((r) => r.method === 'POST')) {
      expect(request.headers['content-type']).toBe('application/json')
    }
  })
})

describe('our per-call timeout and the hook deadline', () => {
  it('gives up after timeoutMs with TIMEOUT and destroys the hung request', async () => {
    let socketClosed: () => void = () => {}
    const closed = new Promise<void>((resolve) => {
      socketClosed = resolve
    })
    const server = createServer((req, res) => {
      req.resume()
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(propertyList()))
        return
      }
      req.socket.on('close', () => socketClosed())
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const h = hubspotHarness(`http://127.0.0.1:${port}`, { timeoutMs: 200 })
      expect(await h.run(event())).toMatchObject({ outcome: 'failure', code: 'TIMEOUT' })
      await closed
    } finally {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it('answers DEADLINE_EXCEEDED when the hook deadline comes first', async () => {
    vendor().setDefault((request) =>
      request.method === 'GET' ? { status: 200, body: propertyList() } : { hang: true },
    )
    const h = hubspotHarness(vendor().url, { timeoutMs: 20_000 })
    const plan = h.plan(event())
    expect(plan.kind).toBe('send')
    const requests = plan.kind === 'send' ? plan.requests : []
    const signal = AbortSignal.timeout(300)
    const result = await h.connector.deliver(requests, { signal, bhid: 'x', logger: noopLogger })
    expect(result).toMatchObject({ outcome: 'failure', code: 'DEADLINE_EXCEEDED' })
  })

  it('makes no call once the deadline has passed', async () => {
    const h = hubspotHarness(vendor().url)
    await h.run(event())
    vendor().reset()
    const plan = h.plan(event())
    const requests = plan.kind === 'send' ? plan.requests : []
    const signal = AbortSignal.abort()
    const result = await h.connector.deliver(requests, { signal, bhid: 'y', logger: noopLogger })
    expect(result).toMatchObject({ outcome: 'failure', code: 'DEADLINE_EXCEEDED' })
    expect(vendor().requests).toHaveLength(0)
  })
})

describe('answers count by their status, whatever their body', () => {
  it('503 with no body and no Content-Type → HTTP_5XX, not a network error', async () => {
    vendor().reply({ status: 200, body: propertyList() }, { status: 503 })
    const h = hubspotHarness(vendor().url)
    expect(await h.run(event())).toMatchObject({
      outcome: 'failure',
      code: 'HTTP_5XX',
      vendorStatus: 503,
    })
  })

  it('502 text/html from a proxy → HTTP_5XX', async () => {
    vendor().reply(
      { status: 200, body: propertyList() },
      { status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } },
    )
    const h = hubspotHarness(vendor().url)
    expect(await h.run(event())).toMatchObject({
      outcome: 'failure',
      code: 'HTTP_5XX',
      vendorStatus: 502,
    })
  })

  it('an unexpected 201 on the upsert is still sent', async () => {
    vendor().reply({ status: 200, body: propertyList() }, { status: 201, body: {} })
    const h = hubspotHarness(vendor().url)
    expect(await h.run(event())).toMatchObject({ outcome: 'sent', vendorStatus: 201 })
  })
})

describe('no retries: Bubblehouse retries the queue', () => {
  it.each([
    ['429', { status: 429, body: FIXTURES['429-ten-secondly-rolling'] }, 'HUBSPOT_RATE_LIMITED'],
    ['500', { status: 500, body: 'Internal Server Error' }, 'HTTP_5XX'],
  ])('a %s upsert is sent once and answered at once', async (_, reply, code) => {
    vendor().reply({ status: 200, body: propertyList() }, reply)
    vendor().setDefault({ status: 500, body: 'Internal Server Error' })
    const h = hubspotHarness(vendor().url)
    expect(await h.run(event())).toMatchObject({ outcome: 'failure', code })
    expect(vendor().requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  })
})

describe('transport failures', () => {
  it('a refused connection → NETWORK_REFUSED, reported to metrics', async () => {
    const metrics = recordingMetrics()
    const h = hubspotHarness(`http://127.0.0.1:${await closedPort()}`, {}, { metrics })
    expect(await h.run(event())).toMatchObject({ outcome: 'failure', code: 'NETWORK_REFUSED' })
    expect(metrics.requests.map(([, status]) => status)).toEqual(['NETWORK_REFUSED'])
  })

  it('reports every answered call to metrics with its status', async () => {
    const metrics = recordingMetrics()
    const h = hubspotHarness(vendor().url, { customEvents }, { metrics })
    await h.run(event())
    expect(metrics.requests.map(([, status]) => status)).toEqual([200, 200, 204])
  })
})
