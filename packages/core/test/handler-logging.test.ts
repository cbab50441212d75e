/** One access line per request, no PII or secrets in any line, and the metrics the handler reports. */
import { beforeAll, describe, expect, it } from 'vitest'
import {
  createHookHandler,
  type HookHandlerOptions,
  type HookMetrics,
  type Outcome,
  type Result,
  type RouteOptions,
} from '../src/index'
import { freshEvent, hookRequest, KEY, recordingLogger, SECRET, scripted, token } from './helpers'

const PERSON = {
  bhid: '24760933ea010001',
  shopid: '12345',
  email: 'Jane.Doe@Example.com',
  first_name: 'Janeway',
  last_name: 'Doestra',
  full_name: 'Janeway Q. Doestra',
}
const event = () => freshEvent({ customer: { ...PERSON } })

let valid: string
beforeAll(async () => {
  valid = await token()
})

function setup(options: Partial<HookHandlerOptions> = {}) {
  const { logger, lines } = recordingLogger()
  const calls: Array<[string, ...unknown[]]> = []
  const metrics: HookMetrics = {
    hookRequest: (...args) => calls.push(['hookRequest', ...args]),
    event: (...args) => calls.push(['event', ...args]),
    inFlight: (...args) => calls.push(['inFlight', ...args]),
  }
  const handler = createHookHandler({
    auth: { keys: [KEY] },
    connectors: { demo: scripted('sent').connector },
    logger,
    metrics,
    deadlineMs: 300,
    ...options,
  })
  return { handler, lines, calls }
}

interface Branch {
  readonly name: string
  readonly status: number
  readonly request: () => Request
  readonly route?: RouteOptions
  readonly options?: Partial<HookHandlerOptions>
  /** The access line's level when not the default (warn for 401, info otherwise). */
  readonly level?: 'warn'
}

const post =
  (path: string, body: unknown, auth = true) =>
  () =>
    hookRequest(path, body, auth ? { token: valid } : {})

const hanging = scripted()
hanging.deliver = () => new Promise<Result>(() => {})

const BRANCHES: Branch[] = [
  {
    name: '405',
    status: 405,
    request: () => hookRequest('/hooks/SendEvent1', null, { method: 'GET' }),
  },
  { name: '404 hook', status: 404, request: post('/hooks/SendEvent2', event()) },
  {
    name: '404 connector',
    status: 404,
    request: post('/hooks/SendEvent1', event()),
    route: { connector: 'nope' },
  },
  { name: '401', status: 401, request: post('/hooks/SendEvent1', event(), false) },
  {
    name: '401 with a forged token',
    status: 401,
    request: () =>
      hookRequest('/hooks/SendEvent1', event(), { token: `${valid.slice(0, -4)}AAAA` }),
  },
  { name: 'Hello1', status: 200, request: post('/hooks/Hello1', { magic: 'Janeway' }) },
  {
    name: 'Hello1 without magic',
    status: 400,
    request: post('/hooks/Hello1', { name: 'Janeway' }),
  },
  {
    name: 'Hello1 too large',
    status: 413,
    request: post('/hooks/Hello1', { magic: 'x'.repeat(300) }),
    options: { bodyLimitBytes: 200 },
  },
  { name: 'SendEvent1 sent', status: 200, request: post('/hooks/SendEvent1', event()) },
  {
    name: 'SendEvent1 too large',
    status: 200,
    request: post('/hooks/SendEvent1', event()),
    options: { bodyLimitBytes: 100 },
  },
  {
    name: 'SendEvent1 not JSON',
    status: 200,
    request: post('/hooks/SendEvent1', `{"email":"${PERSON.email}"`),
  },
  {
    name: 'SendEvent1 off schema',
    status: 200,
    request: post('/hooks/SendEvent1', {
      ...event(),
      time: 'yesterday',
      customer: { ...PERSON, email: 5 },
    }),
  },
  {
    name: 'SendEvent1 past the deadline',
    status: 200,
    level: 'warn',
    request: post('/hooks/SendEvent1', event()),
    options: { connectors: { demo: hanging.connector } },
  },
]

describe('logging', () => {
  it.each(BRANCHES)(
    '$name: exactly one line, with the request id and no PII or secret',
    async (b) => {
      const { handler, lines } = setup(b.options)
      const request = b.request()
      const res = await handler(request, b.route)
      expect(res.status).toBe(b.status)
      expect(lines).toHaveLength(1)
      const [line] = lines
      expect(line?.obj).toMatchObject({
        requestId: res.headers.get('x-request-id'),
        status: b.status,
        durationMs: expect.any(Number),
      })
      expect(line?.level).toBe(b.level ?? (b.status === 401 ? 'warn' : 'info'))
      const text = JSON.stringify(lines)
      const bearer = request.headers.get('authorization')?.slice(7)
      for (const secret of [
        PERSON.email,
        PERSON.email.toLowerCase(),
        PERSON.first_name,
        PERSON.last_name,
        SECRET,
        Buffer.from(SECRET, 'base64').toString('utf8'),
        ...(bearer ? [bearer, bearer.split('.')[2]!] : []),
      ]) {
        expect(text).not.toContain(secret)
      }
    },
  )

  /** A stand-in for the host's keyed hash: what matters here is that the handler uses it. */
  const hashEmail = (email: string) => `keyed-${email.length}`

  it('describes a delivered event for correlation without the email', async () => {
    const { handler, lines } = setup({ hashEmail })
    const e = event()
    const res = await handler(
      hookRequest('/hooks/SendEvent1', e, { token: valid, headers: { 'x-request-id': 'req-1' } }),
    )
    expect(await res.json()).toEqual({ outcome: 'sent' })
    expect(lines[0]).toEqual({
      level: 'info',
      msg: 'SendEvent1',
      obj: {
        requestId: 'req-1',
        hook: 'SendEvent1',
        kid: 'main',
        bhid: e.bhid,
        emailHash: hashEmail(PERSON.email),
        outcome: 'sent',
        connectors: { demo: { outcome: 'sent', code: 'TEST_SENT' } },
        status: 200,
        durationMs: expect.any(Number),
      },
    })
  })

  it('writes no email hash without a keyed hasher (a plain hash is reversible)', async () => {
    const { handler, lines } = setup()
    await handler(hookRequest('/hooks/SendEvent1', event(), { token: valid }))
    expect(lines[0]?.obj).not.toHaveProperty('emailHash')
  })
})

describe('metrics', () => {
  it('counts requests by hook and status, events by connector, and in-flight requests', async () => {
    const { handler, calls } = setup()
    await handler(hookRequest('/hooks/SendEvent1', event(), { token: valid }))
    await handler(hookRequest('/hooks/Unknown1', {}, { token: valid }))
    await handler(hookRequest('/hooks/Hello1', { magic: 'm' }))
    expect(calls).toEqual([
      ['inFlight', 1],
      ['event', 'demo', 'sent', 'TEST_SENT'],
      ['hookRequest', 'SendEvent1', 200],
      ['inFlight', -1],
      ['inFlight', 1],
      ['hookRequest', 'unknown', 404],
      ['inFlight', -1],
      ['inFlight', 1],
      ['hookRequest', 'Hello1', 401],
      ['inFlight', -1],
    ])
  })

  it('answers 200 failure, not a 5xx, when a sink throws mid-request', async () => {
    const { logger, lines } = recordingLogger()
    const handler = createHookHandler({
      auth: { keys: [KEY] },
      connectors: { demo: scripted('sent').connector },
      logger,
      metrics: {
        hookRequest() {},
        inFlight() {},
        event(_c: string, _o: Outcome) {
          throw new Error('registry closed')
        },
      },
    })
    const res = await handler(hookRequest('/hooks/SendEvent1', event(), { token: valid }))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ outcome: 'failure' })
    expect(res.headers.get('x-request-id')).toEqual(expect.any(String))
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        obj: expect.objectContaining({ errorName: 'Error' }),
      }),
    ])
  })
})
