import { createServer } from 'node:http'
import { createExpressApp } from '../src/express'
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
