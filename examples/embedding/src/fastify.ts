/**
 * Fastify 5: core's hook handler on two routes, in a plugin whose only content-type parser leaves
 * the body stream untouched, so the JWT check runs before a byte of the body is read and core's
 * limit applies instead of Fastify's `bodyLimit`.
 * @module
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { createExampleHandler, type ExampleOptions } from './hook-handler'
import { toNodeHandler } from './node-adapter'

interface HookParams {
  readonly name: string
  readonly connector?: string
}

/**
 * A Fastify instance serving `POST /hooks/:name` and `POST /hooks/:connector/:name`.
 * `app.close()` also releases the connector's sockets.
 * @example
 * const app = createFastifyApp({ secret: process.env.BH_HOOK_SECRET!, klaviyoApiKey: process.env.KLAVIYO_API_KEY! })
 * await app.listen({ port: 8787 })
 */
export function createFastifyApp(options: ExampleOptions): FastifyInstance {
  const { handle, close } = createExampleHandler(options)
  const hook = toNodeHandler(handle, options)
  const app = Fastify()
  app.addHook('onClose', close)
  app.register(async (hooks) => {
    // Only in this plugin: every content type (and none) reaches the route with the stream unread.
    hooks.removeAllContentTypeParsers()
    hooks.addContentTypeParser('*', (_request, _payload, done) => done(null))
    // hijack: the adapter writes the answer, as for Express (Fastify's onSend hooks do not run).
    const route = (request: FastifyRequest<{ Params: HookParams }>, reply: FastifyReply) => {
      reply.hijack()
      const { connector } = request.params
      return hook(request.raw, reply.raw, connector !== undefined ? { connector } : undefined)
    }
    hooks.post('/hooks/:name', route)
    hooks.post('/hooks/:connector/:name', route)
  })
  return app
}
