import type { Server } from 'node:http'
import { createAdaptorServer } from '@hono/node-server'
import { createHonoApp } from '../src/hono'
import { describeEmbedding } from './embedding-suite'
import { listen, shut } from './listen'

describeEmbedding('Hono', async (options) => {
  const { app, close } = createHonoApp(options)
  const server = createAdaptorServer({ fetch: app.fetch }) as Server
  const url = await listen(server)
  return {
    url,
    async close() {
      await shut(server)
      await close()
    },
  }
})
