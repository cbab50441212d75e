/**
 * A fetch-style handler, `(Request) => Promise<Response>`, for runtimes that route files or
 * modules rather than paths: a Next.js route handler (`export const POST = …`) or a Cloudflare
 * Workers module (`export default { fetch }`). Core's handler routes `POST /hooks/:name` and
 * `POST /hooks/:connector/:name` (its default `basePath`); anything else answers 404.
 * @module
 */
import { createHookHandler } from '@bubblehouse-hooks/core'
import { createExampleHooks, type ExampleOptions } from './hook-handler'

/**
 * @example
 * // app/hooks/[...hook]/route.ts (Next.js, Node runtime)
 * const { fetch } = createFetchHandler({ secret: process.env.BH_HOOK_SECRET!, klaviyoApiKey: process.env.KLAVIYO_API_KEY! })
 * export const POST = (request: Request) => fetch(request)
 */
export function createFetchHandler(options: ExampleOptions): {
  fetch(request: Request): Promise<Response>
  close(): Promise<void>
} {
  const { handlerOptions, close } = createExampleHooks(options)
  const handle = createHookHandler(handlerOptions)
  return {
    fetch: (request) => handle(request),
    close,
  }
}

/** The secrets a Workers deployment binds (`wrangler secret put …`). */
export interface WorkerEnv {
  readonly BH_HOOK_SECRET: string
  readonly KLAVIYO_API_KEY: string
}

let worker: ReturnType<typeof createFetchHandler> | undefined

/**
 * A Cloudflare Workers module. Bindings arrive with each request, so the handler is built on the
 * first one and kept for the isolate's life (building it imports the key and opens agents).
 */
export default {
  fetch(request: Request, env: WorkerEnv): Promise<Response> {
    worker ??= createFetchHandler({
      secret: env.BH_HOOK_SECRET,
      klaviyoApiKey: env.KLAVIYO_API_KEY,
    })
    return worker.fetch(request)
  },
}
