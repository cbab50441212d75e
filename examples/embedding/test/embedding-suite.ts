/**
 * The checks every embedding passes, over real HTTP on 127.0.0.1: a signed event reaches Klaviyo
 * (core's fake vendor) exactly once, a bad token is refused before anything else happens, Hello1
 * answers, unknown hooks and connectors are 404, and bodies are handled the way core promises
 * (auth before the body is read, over-limit bodies answered without reading them to the end).
 */
import { request as httpRequest } from 'node:http'
import { CANONICAL_EVENT, createHookToken } from '@bubblehouse-hooks/core'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ExampleOptions } from '../src/hook-handler'

/** 32 bytes, base64: the shortest secret core accepts. */
const SECRET = Buffer.from('embedding-examples-secret-32-byt').toString('base64')
const OTHER_SECRET = Buffer.from('not-the-secret-bubblehouse-uses!').toString('base64')
/** Small, so the over-limit test needs only a few kilobytes. */
const BODY_LIMIT = 4096

/** A server started by one example: its base URL and how to stop it. */
export interface Started {
  readonly url: string
  close(): Promise<void>
}

/** Starts an example on 127.0.0.1, port 0. */
export type Start = (options: ExampleOptions) => Promise<Started>

interface Answer {
  readonly status: number
  readonly body: unknown
}

const bearer = async (secret = SECRET) => `Bearer ${await createHookToken({ key: { secret } })}`

async function post(url: string, authorization: string, body: unknown): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

/**
 * POST with a chunked body whose first chunk is written and whose end never comes: the answer
 * can only arrive if the server decides without reading the body to the end.
 */
function postUnfinished(url: string, authorization: string, chunk: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
    })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        })
        req.destroy()
      })
    })
    req.on('error', reject)
    req.write(chunk)
  })
}

/** Runs the shared checks against the example `start` builds. */
export function describeEmbedding(name: string, start: Start): void {
  describe(`${name} embedding`, () => {
    let vendor: FakeVendor
    let server: Started

    beforeAll(async () => {
      vendor = await startFakeVendor({ defaultReply: { status: 202 } })
      server = await start({
        secret: SECRET,
        klaviyoApiKey: 'pk_test',
        klaviyoBaseUrl: vendor.url,
        bodyLimitBytes: BODY_LIMIT,
      })
    })
    afterAll(async () => {
      await server?.close()
      await vendor?.close()
    })
    beforeEach(() => vendor.reset())

    it('delivers a signed SendEvent1 to Klaviyo once and answers sent', async () => {
      const answer = await post(`${server.url}/hooks/SendEvent1`, await bearer(), CANONICAL_EVENT)
      expect(answer).toMatchObject({ status: 200, body: { outcome: 'sent' } })
      expect(vendor.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/events'])
      expect(vendor.requests[0]?.headers.authorization).toBe('Klaviyo-API-Key pk_test')
      expect(vendor.requests[0]?.body).toMatchObject({
        data: { type: 'event', attributes: { unique_id: CANONICAL_EVENT.bhid } },
      })
    })

    it('routes /hooks/:connector/:name to that connector, and unknown connectors to 404', async () => {
      const event = { ...CANONICAL_EVENT, bhid: '24a5be6c83010002' }
      const routed = await post(`${server.url}/hooks/klaviyo/SendEvent1`, await bearer(), event)
      expect(routed).toMatchObject({ status: 200, body: { outcome: 'sent' } })
      const unknown = await post(`${server.url}/hooks/mailchimp/SendEvent1`, await bearer(), event)
      expect(unknown).toMatchObject({ status: 404, body: { error: 'not_found' } })
      expect(vendor.requests.map((r) => r.path)).toEqual(['/api/events'])
    })

    it('refuses a token signed with another secret, without calling Klaviyo', async () => {
      const answer = await post(
        `${server.url}/hooks/SendEvent1`,
        await bearer(OTHER_SECRET),
        CANONICAL_EVENT,
      )
      expect(answer).toMatchObject({ status: 401, body: { error: 'unauthorized' } })
      expect(vendor.requests).toEqual([])
    })

    it('answers Hello1 with the magic and the served hooks', async () => {
      const answer = await post(`${server.url}/hooks/Hello1`, await bearer(), { magic: 'x7Kq' })
      expect(answer).toMatchObject({
        status: 200,
        body: { magic: 'x7Kq', hooks: ['SendEvent1'] },
      })
    })

    it('answers 404 for an unknown hook', async () => {
      const answer = await post(`${server.url}/hooks/SendEvent2`, await bearer(), CANONICAL_EVENT)
      expect(answer.status).toBe(404)
      expect(vendor.requests).toEqual([])
    })

    it('checks the token before reading the body', async () => {
      const answer = await postUnfinished(
        `${server.url}/hooks/SendEvent1`,
        await bearer(OTHER_SECRET),
        Buffer.from('{"bhid":'),
      )
      expect(answer).toMatchObject({ status: 401, body: { error: 'unauthorized' } })
    })

    it('answers an over-limit event invalid_data without reading it to the end', async () => {
      const answer = await postUnfinished(
        `${server.url}/hooks/SendEvent1`,
        await bearer(),
        Buffer.alloc(BODY_LIMIT + 1, 0x20),
      )
      expect(answer).toMatchObject({ status: 200, body: { outcome: 'invalid_data' } })
      expect(vendor.requests).toEqual([])
    })
  })
}
