import { createFastifyApp } from '../src/fastify'
import { describeEmbedding } from './embedding-suite'

describeEmbedding('Fastify', async (options) => {
  const app = createFastifyApp(options)
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return { url, close: () => app.close() }
})
