import { createServer } from 'node:http'
import { CANONICAL_EVENT, createHookToken, createRawHookHandler } from '@bubblehouse-hooks/core'
import { createNodeListener } from '@bubblehouse-hooks/core/node'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { createExpressApp } from '../src/express'
import { createExampleHooks } from '../src/hook-handler'
import { describeEmbedding } from './embedding-suite'
import { listen, shut } from './listen'

describeEmbedding('Express', async (options) => {
  const { app, close } = createExpressApp(options)
  const server = createServer(app)
  const url = await listen(server)
  return {
    url,
    async close() {
      await shut(server)
      await close()
    },
  }
})

describe('Express with a body parser in front', () => {
  it('answers 400, not an empty event, when express.json() already read the body', async () => {
    const secret = Buffer.from('embedding-examples-secret-32-byt').toString('base64')
    const { handlerOptions, close } = createExampleHooks({ secret, klaviyoApiKey: 'pk_test' })
    const app = express()
    app.use(express.json())
    app.post('/hooks/:name', createNodeListener(createRawHookHandler(handlerOptions)))
    const server = createServer(app)
    try {
      const res = await fetch(`${await listen(server)}/hooks/SendEvent1`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await createHookToken({ key: { secret } })}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(CANONICAL_EVENT),
      })
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({ error: 'bad_request' })
    } finally {
      await shut(server)
      await close()
    }
  })
})
