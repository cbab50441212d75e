/**
 * The connectors that ship with the host, by id. Each is imported only when a config names it,
 * so a host that forwards to Klaviyo never loads the other connectors.
 * @module
 */
import type { ConnectorDefinition } from '@bubblehouse-hooks/core'
import { isRecord } from '../guards'
import logConnector from './log/index'

/** Ids of the built-in connectors, in the order the docs list them. */
export const BUILTIN_IDS = [
  'log',
  'klaviyo',
  'mailchimp',
  'hubspot',
  'segment',
  'omnisend',
  'attentive',
  'webhook',
] as const

/** A built-in connector id. */
export type BuiltinId = (typeof BUILTIN_IDS)[number]

// A variable specifier keeps the connector packages out of this package's type build; the default
// export is checked at run time by definitionOf instead.
const importPackage = (name: string): Promise<unknown> => import(name)

const LOADERS: Readonly<Record<BuiltinId, () => Promise<unknown>>> = {
  log: async () => ({ default: logConnector }),
  klaviyo: () => importPackage('@bubblehouse-hooks/klaviyo'),
  mailchimp: () => importPackage('@bubblehouse-hooks/mailchimp'),
  hubspot: () => importPackage('@bubblehouse-hooks/hubspot'),
  segment: () => importPackage('@bubblehouse-hooks/segment'),
  omnisend: () => importPackage('@bubblehouse-hooks/omnisend'),
  attentive: () => importPackage('@bubblehouse-hooks/attentive'),
  webhook: () => importPackage('@bubblehouse-hooks/webhook'),
}

/** True for the id of a built-in connector. */
export function isBuiltinId(id: string): id is BuiltinId {
  return Object.hasOwn(LOADERS, id)
}

/** True when `value` has the shape `defineConnector` returns. */
export function isConnectorDefinition(value: unknown): value is ConnectorDefinition {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.create === 'function' &&
    isRecord(value.options) &&
    typeof value.options.safeParse === 'function'
  )
}

/** The definition exported by a connector module (its default export). */
export function definitionOf(module: unknown): ConnectorDefinition | undefined {
  if (!isRecord(module)) return undefined
  const exported = module.default
  if (isConnectorDefinition(exported)) return exported
  // A CommonJS module imported from ESM nests its exports one level deeper.
  return isRecord(exported) && isConnectorDefinition(exported.default)
    ? exported.default
    : undefined
}

/** Import a built-in connector's definition. */
export async function loadBuiltin(id: BuiltinId): Promise<ConnectorDefinition> {
  const definition = definitionOf(await LOADERS[id]())
  if (!definition) throw new TypeError(`built-in connector ${id} has no default export`)
  return definition
}

/** Every built-in definition by id (for `schema`). */
export async function loadAllBuiltins(): Promise<Record<BuiltinId, ConnectorDefinition>> {
  const entries = await Promise.all(
    BUILTIN_IDS.map(async (id) => [id, await loadBuiltin(id)] as const),
  )
  return Object.fromEntries(entries) as Record<BuiltinId, ConnectorDefinition>
}
