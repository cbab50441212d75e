/**
 * The one router of hook requests: `<basePath>/:name` runs every connector,
 * `<basePath>/:connector/:name` runs one. The host mounts it at `/hooks` and routes nothing
 * itself; a framework that matched the route already passes its result as {@link RouteOptions}.
 * @module
 */
import type { RouteOptions } from './types'

/** The hooks this receiver serves; any other name answers 404, as the protocol demands. */
export const HOOK_NAMES = ['Hello1', 'SendEvent1'] as const

/** A served hook. */
export type HookName = (typeof HOOK_NAMES)[number]

/** Where the handler's routes start unless `basePath` says otherwise. */
export const DEFAULT_BASE_PATH = '/hooks'

/** Where a request goes. */
export interface HookRoute {
  /** The last path segment, as logged (at most 64 characters). */
  readonly name: string
  /** The hook; `undefined` when the path is no hook route (404 before the token). */
  readonly hook: HookName | undefined
  /** The connector the route names, not yet checked against the configured ones. */
  readonly connector: string | undefined
}

const isHookName = (name: string): name is HookName =>
  (HOOK_NAMES as readonly string[]).includes(name)

/**
 * A router for handlers mounted at `basePath` (empty segments are ignored, as in `//`). With
 * {@link RouteOptions} the caller has routed: the last path segment names the hook, wherever the
 * route was mounted, and `route.connector` the connector.
 * @example
 * const route = createRouter('/hooks')
 * route('/hooks/klaviyo/SendEvent1') // { name: 'SendEvent1', hook: 'SendEvent1', connector: 'klaviyo' }
 * route('/hooks/a/b/SendEvent1') // { name: 'SendEvent1', hook: undefined, connector: undefined }
 */
export function createRouter(
  basePath: string = DEFAULT_BASE_PATH,
): (path: string, given?: RouteOptions) => HookRoute {
  const base = basePath.split('/').filter(Boolean)
  return (path, given) => {
    const segments = path.split('/').filter(Boolean)
    const name = (segments.at(-1) ?? '').slice(0, 64)
    const rest = base.every((segment, i) => segments[i] === segment)
      ? segments.slice(base.length)
      : []
    const routed = given !== undefined || rest.length === 1 || rest.length === 2
    return {
      name,
      hook: routed && isHookName(name) ? name : undefined,
      connector: given !== undefined ? given.connector : rest.length === 2 ? rest[0] : undefined,
    }
  }
}
