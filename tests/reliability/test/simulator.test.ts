/**
 * The queue simulator itself, against a scripted receiver: it must behave as the protocol doc
 * (§4) says, or every scenario built on it proves nothing.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createSecrets, hookKey } from '../src/config'
import { generateEvents } from '../src/events'
import { createRng } from '../src/random'
import { createSimulator, type SimQueue } from '../src/simulator'

type Script = (req: IncomingMessage, res: ServerResponse, bhid: string) => void

let script: Script = (_, res) => res.end('{"outcome":"sent"}')
const seen: string[] = []
const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const bhid = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { bhid: string }).bhid
    seen.push(bhid)
    script(req, res, bhid)
  })
})
let url = ''

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/SendEvent1`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const key = hookKey(createSecrets())

function queue(count: number): SimQueue {
  return {
    name: 'q',
    url: () => url,
    vendors: ['klaviyo'],
    events: generateEvents({
      prefix: `sim${Math.random()}-`,
      count,
      rng: createRng(1),
      badRate: 0,
    }),
  }
}

const run = async (
  q: SimQueue,
  options: { attemptTimeoutMs?: number; duplicateRate?: number } = {},
) => {
  seen.length = 0
  const simulator = createSimulator({
    key,
    rng: createRng(2),
    attemptTimeoutMs: options.attemptTimeoutMs ?? 5000,
    retryDelayMs: () => 1,
    ...(options.duplicateRate !== undefined ? { duplicateRate: options.duplicateRate } : {}),
  })
  const [result] = await simulator.run([q])
  simulator.close()
  return result!
}

describe('the Bubblehouse queue simulator', () => {
  test('sends one event at a time, in order, signed, and moves on after each terminal outcome', async () => {
    const outcomes = ['sent', 'skipped', 'invalid_data', 'unsubscribed']
    let i = 0
    const authorizations: Array<string | undefined> = []
    script = (req, res) => {
      authorizations.push(req.headers.authorization)
      res.end(JSON.stringify({ outcome: outcomes[i++ % outcomes.length] }))
    }
    const q = queue(8)
    const result = await run(q)
    expect(seen).toEqual(q.events.map((e) => e.bhid))
    for (const authorization of authorizations) expect(authorization).toMatch(/^Bearer eyJ/)
    expect(result.events.map((e) => e.outcome)).toEqual([...outcomes, ...outcomes])
    expect(result.events.every((e) => e.attempts === 1)).toBe(true)
  })

  test('holds and retries the same event after failure, a non-2xx, a bad body, a timeout or a connection error', async () => {
    const answers: Array<(res: ServerResponse) => void> = [
      (res) => res.end('{"outcome":"failure"}'),
      (res) => res.writeHead(503).end('{"outcome":"sent"}'),
      (res) => res.writeHead(401).end('{"error":"unauthorized"}'),
      (res) => res.end('not json'),
      (res) => res.end('{"outcome":"maybe"}'),
      () => undefined, // never answers: the attempt times out
      (res) => res.socket?.destroy(),
      (res) => res.end('{"outcome":"sent"}'),
    ]
    let i = 0
    // Past the script every answer is `sent`, so a surplus attempt fails the test, not the server.
    script = (_, res) => (answers[i++] ?? ((r: ServerResponse) => r.end('{"outcome":"sent"}')))(res)
    const q = queue(2)
    // Long enough that only the answer that never comes times out, even on a loaded machine.
    const result = await run(q, { attemptTimeoutMs: 2000 })
    const [first, second] = q.events.map((e) => e.bhid)
    expect(seen).toEqual([...Array(answers.length).fill(first), second])
    expect(result.events[0]).toMatchObject({ outcome: 'sent', attempts: answers.length })
    expect(result.http5xx).toBe(1)
    expect(result.badBodies).toBe(2)
    expect(result.timeouts).toBe(1)
    expect(result.networkErrors).toBe(1)
  })

  test('re-delivers an event after its terminal answer when asked to', async () => {
    script = (_, res) => res.end('{"outcome":"sent"}')
    const q = queue(3)
    const result = await run(q, { duplicateRate: 1 })
    expect(seen).toEqual(q.events.flatMap((e) => [e.bhid, e.bhid]))
    expect(result.events.map((e) => e.duplicateAnswers)).toEqual([['sent'], ['sent'], ['sent']])
  })
})
