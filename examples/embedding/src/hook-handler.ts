/**
 * The part every example shares: core's handler options with the Klaviyo connector mounted. Each
 * framework example builds the form it needs from them and adds its routes around it:
 * `createRawHookHandler` for Node servers (Express, Fastify: no Fetch objects built),
 * `createHookHandler` for Fetch servers (Hono, Next.js, Workers).
 * @module
 */
import { createConnector, type HookHandlerOptions } from '@bubblehouse-hooks/core'
import klaviyo from '@bubblehouse-hooks/klaviyo'

/** What every example factory takes. */
export interface ExampleOptions {
  /** The Bubblehouse hook secret, base64 as Bubblehouse shows it (at least 32 bytes). */
  readonly secret: string
  /** Klaviyo private API key (`pk_…`). */
  readonly klaviyoApiKey: string
  /** Klaviyo API base URL; default `https://a.klaviyo.com`. Tests point it at a fake vendor. */
  readonly klaviyoBaseUrl?: string
  /** Largest hook body read; default 1 MiB. */
  readonly bodyLimitBytes?: number
}

/** Core's handler options and a way to release the connector's sockets on shutdown. */
export interface ExampleHooks {
  /** Pass to `createRawHookHandler` (Node) or `createHookHandler` (Fetch), once. */
  readonly handlerOptions: HookHandlerOptions
  close(): Promise<void>
}

/**
 * Core's handler options with one connector, `klaviyo`. Build the handler from them once at
 * start-up: it imports the secret as a key, and the connector keeps its keep-alive agents.
 */
export function createExampleHooks(options: ExampleOptions): ExampleHooks {
  const connector = createConnector(klaviyo, {
    apiKey: options.klaviyoApiKey,
    baseUrl: options.klaviyoBaseUrl,
  })
  return {
    handlerOptions: {
      auth: { keys: [{ secret: options.secret }] },
      connectors: { klaviyo: connector },
      bodyLimitBytes: options.bodyLimitBytes,
    },
    close: async () => connector.close?.(),
  }
}
