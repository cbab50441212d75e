/**
 * Run by Bun, not Node (test/bun.test.ts spawns it): core's Web-standard `createHookHandler`
 * served by `Bun.serve`, with the Segment connector posting to `VENDOR_URL` through core's HTTP
 * client. Prints one JSON line with its URL once listening; on SIGTERM it stops the server,
 * closes the connector and prints `{"closed":true}`.
 * @module
 */
import { createConnector, createHookHandler } from '@bubblehouse-hooks/core'
import segment from '@bubblehouse-hooks/segment'

/** The part of Bun's global this script uses (no Bun types in this Node workspace). */
declare const Bun: {
  readonly version: string
  serve(options: { hostname: string; port: number; fetch(request: Request): Promise<Response> }): {
    readonly url: URL
    stop(closeActiveConnections?: boolean): Promise<void>
  }
}

const secret = process.env.BH_HOOK_SECRET
const vendorUrl = process.env.VENDOR_URL
if (!secret || !vendorUrl) throw new Error('BH_HOOK_SECRET and VENDOR_URL are required')

const connector = createConnector(segment, { writeKey: 'bun-write-key', baseUrl: vendorUrl })
const handler = createHookHandler({
  auth: { keys: [{ kid: 'main', secret }] },
  connectors: { segment: connector },
})
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request) => handler(request) })
console.log(JSON.stringify({ url: server.url.href.replace(/\/$/, ''), bun: Bun.version }))

process.once('SIGTERM', async () => {
  await server.stop()
  await connector.close?.()
  console.log(JSON.stringify({ closed: true }))
  process.exit(0)
})
