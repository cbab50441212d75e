import type { Server } from 'node:http'
import { createHookToken } from '@bubblehouse-hooks/core'
import { createAdaptorServer } from '@hono/node-server'
import { describe, expect, it } from 'vitest'
import worker, { createFetchHandler } from '../src/fetch'
import { describeEmbedding } from './embedding-suite'
import { listen, shut } from './listen'

// The fetch handler served on Node by @hono/node-server's generic Fetch adapter (no Hono app
// involved), as a Workers or Next.js runtime would call it.
describeEmbedding('fetch-style', async (options) => {
  const { fetch, close } = createFetchHandler(options)
  const server = createAdaptorServer({ fetch }) as Server
  const url = await listen(server)
  return {
    url,
    async close() {
      await shut(server)
      await close()
    },
  }
})

describe('fetch-style routing', () => {
  const { fetch } = createFetchHandler({
    secret: Buffer.from('embedding-examples-secret-32-byt').toString('base64'),
    klaviyoApiKey: 'pk_test',
  })

  it('answers 404 outside /hooks/:name and /hooks/:connector/:name', async () => {
    for (const path of ['/SendEvent1', '/api/hooks/SendEvent1', '/hooks/a/b/SendEvent1']) {
      const res = await fetch(new Request(`http://localhost${path}`, { method: 'POST' }))
      expect(res.status, path).toBe(404)
    }
  })
})

describe('Workers module', () => {
  it('builds the handler from the env bindings and answers Hello1', async () => {
    const env = {
      BH_HOOK_SECRET: Buffer.from('embedding-examples-secret-32-byt').toString('base64'),
      KLAVIYO_API_KEY: 'pk_test',
    }
    const token = await createHookToken({ key: { secret: env.BH_HOOK_SECRET } })
    const res = await worker.fetch(
      new Request('https://hooks.example.com/hooks/Hello1', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ magic: 'm1' }),
      }),
      env,
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ magic: 'm1', hooks: ['SendEvent1'] })
  })
})
