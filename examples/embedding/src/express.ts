/**
 * Express 5: core's hook handler on two routes, through `@bubblehouse-hooks/core/node`, so no
 * Fetch `Request`/`Response` is built. No `express.json()` in front of these routes: the handler
 * reads the body itself, after the JWT check, within its own limit.
 * @module
 */
import { createRawHookHandler } from '@bubblehouse-hooks/core'
import { createNodeListener } from '@bubblehouse-hooks/core/node'
import express, { type Express, type Request } from 'express'
import { createExampleHooks, type ExampleOptions } from './hook-handler'

/**
 * An Express app serving `POST /hooks/:name` and `POST /hooks/:connector/:name`.
 * `close` releases the connector's sockets; call it after `server.close()`.
 * @example
 * const { app } = createExpressApp({ secret: process.env.BH_HOOK_SECRET!, klaviyoApiKey: process.env.KLAVIYO_API_KEY! })
 * app.listen(8787)
 */
export function createExpressApp(options: ExampleOptions): {
  app: Express
  close(): Promise<void>
} {
  const { handlerOptions, close } = createExampleHooks(options)
  const hook = createNodeListener(createRawHookHandler(handlerOptions), {
    // The connector from the route params; none on `/hooks/:name` (all connectors run).
    route: (req: Request) => {
      const { connector } = req.params
      return typeof connector === 'string' ? { connector } : undefined
    },
  })
  const app = express()
  app.disable('x-powered-by')
  app.post('/hooks/:name', hook)
  app.post('/hooks/:connector/:name', hook)
  return { app, close }
}
