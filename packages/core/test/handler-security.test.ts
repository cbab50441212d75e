/** 401 lines carry the client address and are rate-limited; verified tokens' claims are counted. */
import { describe, expect, it } from 'vitest'
import {
  createRawHookHandler,
  type HookInput,
  type HookMetrics,
  type TokenClaimsSeen,
} from '../src/index'
import { KEY, recordingLogger, scripted, token } from './helpers'

function input(authorization: string | undefined, remoteAddress?: string): HookInput {
  return {
    method: 'POST',
    path: '/hooks/Hello1',
    header: (name) => (name === 'authorization' ? authorization : undefined),
    readBody: async () => ({ ok: true, bytes: new TextEncoder().encode('{"magic":"m"}') }),
    ...(remoteAddress !== undefined ? { remoteAddress } : {}),
  }
}

function setup(now: () => number) {
  const { logger, lines } = recordingLogger()
  const statuses: number[] = []
  const claims: TokenClaimsSeen[] = []
  const metrics: HookMetrics = {
    hookRequest: (_hook, status) => statuses.push(status),
    event() {},
    inFlight() {},
    tokenClaims: (seen) => claims.push(seen),
  }
  const handler = createRawHookHandler({
    auth: { keys: [KEY] },
    connectors: { demo: scripted('sent').connector },
    logger,
    metrics,
    now,
    unauthorizedLinesPerMinute: 3,
  })
  return { handler, lines, statuses, claims }
}

describe('401 access lines', () => {
  it('name the client address', async () => {
    const { handler, lines } = setup(() => 0)
    expect((await handler(input('Bearer nope', '203.0.113.9'))).status).toBe(401)
    expect(lines[0]).toMatchObject({
      level: 'warn',
      msg: 'unauthorized',
      obj: { status: 401, authFailure: 'malformed', client: '203.0.113.9' },
    })
  })

  it('are limited per minute; every request is still counted, the next line says how many were left out', async () => {
    let clock = 1_000_000
    const { handler, lines, statuses } = setup(() => clock)
    for (let i = 0; i < 10; i++) await handler(input(undefined, '198.51.100.7'))
    expect(statuses).toEqual(Array(10).fill(401))
    expect(lines).toHaveLength(3)
    clock += 60_000
    await handler(input(undefined, '198.51.100.7'))
    expect(lines).toHaveLength(4)
    expect(lines[3]?.obj).toMatchObject({ status: 401, suppressed401: 7 })
  })

  it('do not hold back the lines of authenticated requests', async () => {
    const { handler, lines } = setup(() => 0)
    for (let i = 0; i < 5; i++) await handler(input(undefined))
    const valid = await token()
    const hello = await handler(input(`Bearer ${valid}`))
    expect(hello.status).toBe(200)
    expect(lines.filter((l) => l.obj.status !== 401)).toHaveLength(1)
  })
})

describe('token claims', () => {
  it('counts which registered claims a verified token carried, never their values', async () => {
    const { handler, claims } = setup(() => 0)
    await handler(input(`Bearer ${await token()}`))
    await handler(
      input(`Bearer ${await token({ expiresInSec: null, claims: { aud: 'x', sub: 'shop' } })}`),
    )
    await handler(input('Bearer bad'))
    expect(claims).toEqual([
      { iat: true, exp: true, nbf: false, aud: false, iss: false, sub: false },
      { iat: true, exp: false, nbf: false, aud: true, iss: false, sub: true },
    ])
  })
})
