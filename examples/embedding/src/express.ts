/**
 * Express 5: core's hook handler on two routes. No `express.json()` in front of them: the handler
 * reads the body itself, after the JWT check, within its own limit.
 * @module
 */
import express, { type Express } from 'express'
import { createExampleHandler, type ExampleOptions } from './hook-handler'
import { toNodeHandler } from './node-adapter'

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
  const { handle, close } = createExampleHandler(options)
  const hook = toNodeHandler(handle, options)
  const app = express()
  app.disable('x-powered-by')
  app.post('/hooks/:name', (req, res) => hook(req, res))
  app.post('/hooks/:connector/:name', (req, res) =>
    hook(req, res, { connector: req.params.connector }),
  )
  return { app, close }
}
