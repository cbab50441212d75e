/**
 * Fastify 5: core's hook handler on two routes, through `@bubblehouse-hooks/core/node`, in a
 * plugin whose only content-type parser leaves the body stream untouched, so the JWT check runs
 * before a byte of the body is read and core's limit applies instead of Fastify's `bodyLimit`.
 * @module
 */
import { createRawHookHandler } from '@bubblehouse-hooks/core'
import { nodeHookInput, writeHookOutput } from '@bubblehouse-hooks/core/node'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { createExampleHooks, type ExampleOptions } from './hook-handler'

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
  const { handlerOptions, close } = createExampleHooks(options)
  const handle = createRawHookHandler(handlerOptions)
  const app = Fastify()
  app.addHook('onClose', close)
  app.register(async (hooks) => {
    // Only in this plugin: every content type (and none) reaches the route with the stream unread.
    hooks.removeAllContentTypeParsers()
    hooks.addContentTypeParser('*', (_request, _payload, done) => done(null))
    // hijack: core writes the answer on the Node response (Fastify's onSend hooks do not run).
    const route = async (request: FastifyRequest<{ Params: HookParams }>, reply: FastifyReply) => {
      reply.hijack()
      const { connector } = request.params
      const output = await handle(nodeHookInput(request.raw), { connector })
      writeHookOutput(request.raw, reply.raw, output)
    }
    hooks.post('/hooks/:name', route)
    hooks.post('/hooks/:connector/:name', route)
  })
  return app
}
