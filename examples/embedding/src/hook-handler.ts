/**
 * The part every example shares: core's hook handler with the Klaviyo connector mounted. Each
 * framework example only adds its routes around it.
 * @module
 */
import { createConnector, createHookHandler, type HookHandler } from '@bubblehouse-hooks/core'
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

/** The handler and a way to release the connector's sockets on shutdown. */
export interface ExampleHandler {
  readonly handle: HookHandler
  close(): Promise<void>
}

/**
 * Core's handler with one connector, `klaviyo`. Build it once at start-up: it imports the secret
 * as a key and opens the connector's keep-alive agents.
 */
export function createExampleHandler(options: ExampleOptions): ExampleHandler {
  const connector = createConnector(klaviyo, {
    apiKey: options.klaviyoApiKey,
    baseUrl: options.klaviyoBaseUrl,
  })
  const handle = createHookHandler({
    auth: { keys: [{ secret: options.secret }] },
    connectors: { klaviyo: connector },
    bodyLimitBytes: options.bodyLimitBytes,
  })
  return { handle, close: async () => connector.close?.() }
}
