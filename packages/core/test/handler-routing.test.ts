/** The handler's routing branches: method, route and hook name, connector, Hello1, request ids. */
import { beforeAll, describe, expect, it } from 'vitest'
import { CANONICAL_EVENT, createHookHandler, type HookHandler } from '../src/index'
import { freshEvent, hookRequest, KEY, type Scripted, scripted, token } from './helpers'

let valid: string
beforeAll(async () => {
  valid = await token()
})

function setup(ids: string[] = ['klaviyo', 'segment']) {
  const connectors: Record<string, Scripted> = {}
  for (const id of ids) connectors[id] = scripted()
  const handler = createHookHandler({
    auth: { keys: [KEY] },
    connectors: Object.fromEntries(ids.map((id) => [id, connectors[id]!.connector])),
  })
  const delivered = () => Object.fromEntries(ids.map((id) => [id, connectors[id]!.calls.deliver]))
  return { handler, connectors, delivered }
}

const send = (handler: HookHandler, path: string, body: unknown = freshEvent(), init = {}) =>
  handler(hookRequest(path, body, { token: valid, ...init }))

describe('method', () => {
  it.each(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'])(
    '%s → 405 with Allow: POST',
    async (method) => {
      const { handler, delivered } = setup()
      const res = await send(handler, '/hooks/SendEvent1', freshEvent(), { method })
      expect(res.status).toBe(405)
      expect(res.headers.get('allow')).toBe('POST')
      if (method !== 'HEAD') expect(await res.json()).toEqual({ error: 'method_not_allowed' })
      expect(delivered()).toEqual({ klaviyo: 0, segment: 0 })
    },
  )
})

describe('hook name', () => {
  it.each([
    '/hooks/Hello2',
    '/hooks/SendEvent2',
    '/hooks/Foo',
    '/hooks/sendevent1',
    '/hooks/SendEvent1/extra',
    '/hooks/SendEvent1.json',
    '/',
    '/hooks/',
  ])('%s → 404 JSON, even with a valid token', async (path) => {
    const { handler, delivered } = setup()
    const res = await send(handler, path)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toEqual({ error: 'not_found' })
    expect(delivered()).toEqual({ klaviyo: 0, segment: 0 })
  })

  it('routes under basePath: /hooks by default, the root with an empty one', async () => {
    const { handler } = setup()
    expect(await (await send(handler, '/hooks/SendEvent1?x=1')).json()).toEqual({ outcome: 'sent' })
    for (const [basePath, path] of [
      ['', '/SendEvent1'],
      ['/a/b/c', '/a/b/c/SendEvent1'],
      ['/bh/', '/bh/SendEvent1'],
    ] as const) {
      const mounted = createHookHandler({
        auth: { keys: [KEY] },
        connectors: { klaviyo: scripted().connector },
        basePath,
      })
      expect(await (await send(mounted, path)).json()).toEqual({ outcome: 'sent' })
      expect((await send(mounted, `/elsewhere${path}`)).status).toBe(404)
    }
  })

  it('answers 404 before the token to a path outside basePath or too deep under it', async () => {
    const { handler, delivered } = setup()
    for (const path of ['/bubblehouse/SendEvent1', '/a/b/c/SendEvent1', '/hooks/a/b/SendEvent1']) {
      const res = await handler(hookRequest(path, freshEvent(), { token: 'bad' }))
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ error: 'not_found' })
    }
    expect(delivered()).toEqual({ klaviyo: 0, segment: 0 })
  })

  it('takes the last path segment as the hook name wherever a caller that routed mounts it', async () => {
    const { handler, delivered } = setup()
    const res = await handler(hookRequest('/x/y/SendEvent1', freshEvent(), { token: valid }), {})
    expect(await res.json()).toEqual({ outcome: 'sent' })
    expect(delivered()).toEqual({ klaviyo: 1, segment: 1 })
  })

  it('answers 404 before looking at the token', async () => {
    const { handler } = setup()
    const res = await handler(hookRequest('/hooks/Hello2', { magic: 'x' }))
    expect(res.status).toBe(404)
  })
})

describe('Hello1', () => {
  it('echoes magic and lists SendEvent1 when a connector is enabled', async () => {
    const { handler, connectors } = setup()
    const res = await send(handler, '/hooks/Hello1', { magic: 'k3J9xQ' })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ magic: 'k3J9xQ', hooks: ['SendEvent1'] })
    expect(connectors.klaviyo?.calls).toEqual({ plan: 0, deliver: 0 })
  })

  it('lists no hooks when no connector is enabled', async () => {
    const handler = createHookHandler({ auth: { keys: [KEY] }, connectors: {} })
    expect(await (await send(handler, '/hooks/Hello1', { magic: 'm' })).json()).toEqual({
      magic: 'm',
      hooks: [],
    })
  })

  it.each([
    ['no magic', {}],
    ['a numeric magic', { magic: 1 }],
    ['an array body', ['magic']],
    ['a non-JSON body', 'magic=1'],
    ['an empty body', ''],
  ])('answers 400 JSON for %s', async (_, body) => {
    const { handler } = setup()
    const res = await send(handler, '/hooks/Hello1', body)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'invalid_request' })
  })

  it('still needs a valid token', async () => {
    const { handler } = setup()
    expect((await handler(hookRequest('/hooks/Hello1', { magic: 'm' }))).status).toBe(401)
  })
})

describe('connector filter', () => {
  it('runs every connector on /hooks/SendEvent1', async () => {
    const { handler, delivered } = setup()
    await send(handler, '/hooks/SendEvent1')
    expect(delivered()).toEqual({ klaviyo: 1, segment: 1 })
  })

  it('runs one connector when the segment before the hook name is its id', async () => {
    const { handler, delivered } = setup()
    await send(handler, '/hooks/segment/SendEvent1')
    expect(delivered()).toEqual({ klaviyo: 0, segment: 1 })
  })

  it('answers 401 to an unknown connector segment without a valid token, 404 with one', async () => {
    const { handler, connectors } = setup()
    for (const hook of ['SendEvent1', 'Hello1']) {
      const path = `/hooks/mailchimp/${hook}`
      const body = hook === 'Hello1' ? { magic: 'm' } : freshEvent()
      const forged = await handler(hookRequest(path, body, { token: `${valid.slice(0, -4)}AAAA` }))
      expect([forged.status, await forged.json()]).toEqual([401, { error: 'unauthorized' }])
      const unknown = await send(handler, path, body)
      expect([unknown.status, await unknown.json()]).toEqual([404, { error: 'not_found' }])
    }
    for (const id of ['klaviyo', 'segment']) {
      expect(connectors[id]?.calls).toEqual({ plan: 0, deliver: 0 })
    }
  })

  it('runs the connector named by RouteOptions, over the path', async () => {
    const { handler, delivered } = setup()
    const res = await handler(
      hookRequest('/hooks/segment/SendEvent1', freshEvent(), { token: valid }),
      {
        connector: 'klaviyo',
      },
    )
    expect(await res.json()).toEqual({ outcome: 'sent' })
    expect(delivered()).toEqual({ klaviyo: 1, segment: 0 })
  })

  it('answers 404 for an unknown connector in RouteOptions', async () => {
    const { handler, delivered } = setup()
    for (const connector of ['mailchimp', '__proto__', 'constructor', 'toString']) {
      const res = await handler(hookRequest('/hooks/SendEvent1', freshEvent(), { token: valid }), {
        connector,
      })
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ error: 'not_found' })
    }
    expect(delivered()).toEqual({ klaviyo: 0, segment: 0 })
  })

  it('answers 401, not 404, to an unknown connector without a valid token (ids cannot be probed)', async () => {
    const { handler, delivered } = setup()
    for (const connector of ['mailchimp', 'klaviyo']) {
      const res = await handler(hookRequest('/hooks/SendEvent1', freshEvent(), { token: 'bad' }), {
        connector,
      })
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual({ error: 'unauthorized' })
    }
    expect(delivered()).toEqual({ klaviyo: 0, segment: 0 })
  })

  it('never takes an inherited property for a connector id', async () => {
    const { handler, delivered } = setup()
    for (const segment of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect((await send(handler, `/hooks/${segment}/SendEvent1`)).status).toBe(404)
    }
    expect(delivered()).toEqual({ klaviyo: 0, segment: 0 })
  })

  it('lists SendEvent1 in Hello1 under a connector route', async () => {
    const { handler } = setup()
    expect(await (await send(handler, '/hooks/klaviyo/Hello1', { magic: 'm' })).json()).toEqual({
      magic: 'm',
      hooks: ['SendEvent1'],
    })
  })
})

describe('X-Request-ID', () => {
  it('echoes a well-formed id on every answer', async () => {
    const { handler } = setup()
    const id = '6f1c0f5e-4f4e-4c1e-9d7a-0d2b1f0a9c11'
    for (const path of ['/hooks/SendEvent1', '/hooks/Nope', '/hooks/Hello1']) {
      const res = await send(
        handler,
        path,
        { magic: 'm', ...CANONICAL_EVENT },
        { headers: { 'x-request-id': id } },
      )
      expect(res.headers.get('x-request-id')).toBe(id)
    }
  })

  it('generates a UUID when absent or unsafe to log', async () => {
    const { handler } = setup()
    for (const given of [undefined, 'has space', 'x'.repeat(200), 'a\u00e9']) {
      const headers: Record<string, string> = given === undefined ? {} : { 'x-request-id': given }
      const res = await send(handler, '/hooks/SendEvent1', freshEvent(), { headers })
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    }
  })
})
