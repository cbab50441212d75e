/**
 * Hono 4: core's Web-standard handler (`createHookHandler`) takes Hono's `Request` as it is
 * (`c.req.raw`). Serve it with `@hono/node-server` on Node, or export it as is on Bun, Deno or Workers.
 * @module
 */
import { createHookHandler } from '@bubblehouse-hooks/core'
import { Hono } from 'hono'
import { createExampleHooks, type ExampleOptions } from './hook-handler'

/**
 * A Hono app serving `POST /hooks/:name` and `POST /hooks/:connector/:name`.
 * `close` releases the connector's sockets; call it after the server closed.
 * @example
 * const { app } = createHonoApp({ secret: process.env.BH_HOOK_SECRET!, klaviyoApiKey: process.env.KLAVIYO_API_KEY! })
 * serve({ fetch: app.fetch, port: 8787 }) // from @hono/node-server
 */
export function createHonoApp(options: ExampleOptions): { app: Hono; close(): Promise<void> } {
  const { handlerOptions, close } = createExampleHooks(options)
  const handle = createHookHandler(handlerOptions)
  const app = new Hono()
  app.post('/hooks/:name', (c) => handle(c.req.raw))
  app.post('/hooks/:connector/:name', (c) =>
    handle(c.req.raw, { connector: c.req.param('connector') }),
  )
  return { app, close }
}
