/**
 * The list of existing HubSpot contact properties with their types, read once per TTL and shared
 * by concurrent deliveries, so unknown properties are left out and values are put in their
 * property's format before HubSpot can reject them.
 * @module
 */
import type { Result } from '@bubblehouse-hooks/core'

/** Contact property name → HubSpot type. */
export type PropertyTypes = ReadonlyMap<string, string>

/**
 * What loading the list gave: the properties, or why not. `blocking` when the contact write would fail
 * the same way (network, 5xx, 429, 401), so the delivery stops there; otherwise (e.g. a 403 for a
 * missing crm.schemas.contacts.read scope, or an unreadable list) writes go out unfiltered and
 * HubSpot's own PROPERTY_DOESNT_EXIST triggers the resend.
 */
export type PropertyListLoad =
  | { readonly names: PropertyTypes; readonly result?: undefined }
  | { readonly names?: undefined; readonly result: Result; readonly blocking: boolean }

/** What a delivery learns from the cache. */
export type KnownProperties =
  /** `known` is undefined when HubSpot would not list them (send everything; the resend path guards). */
  | { readonly known: PropertyTypes | undefined; readonly result?: undefined }
  /** Reading the list failed in a way the write would share (network, 5xx, 429, 401): stop here. */
  | { readonly known?: undefined; readonly result: Result }

/** Options of {@link createPropertyCache}. */
export interface PropertyCacheOptions {
  readonly ttlMs: number
  readonly now: () => number
  /** Reads the list; runs under its own timeout, shared by every waiting delivery. */
  readonly load: () => Promise<PropertyListLoad>
}

/** A contact property cache. */
export interface PropertyCache {
  /** The known properties, loading them when the cached list is older than the TTL. */
  known(signal: AbortSignal): Promise<KnownProperties>
  /** Names HubSpot just said do not exist: left out until the list is read again. */
  markMissing(names: Iterable<string>): void
  /** Forget the list (after provision created properties). */
  invalidate(): void
  /** Put a freshly read list in (check and provision read it anyway). */
  store(names: PropertyTypes): void
  /** Split properties into those HubSpot knows and the names left out. `keep` are never left out. */
  filter(
    properties: Readonly<Record<string, string>>,
    known: PropertyTypes | undefined,
    keep: readonly string[],
  ): { kept: Record<string, string>; dropped: string[] }
}

const aborted = (signal: AbortSignal) =>
  new Promise<'aborted'>((resolve) => {
    if (signal.aborted) resolve('aborted')
    else signal.addEventListener('abort', () => resolve('aborted'), { once: true })
  })

/** @example createPropertyCache({ ttlMs: 600_000, now: Date.now, load }) */
export function createPropertyCache(options: PropertyCacheOptions): PropertyCache {
  let entry: { at: number; names: PropertyTypes | undefined } | undefined
  let loading: Promise<PropertyListLoad> | undefined
  const missing = new Set<string>()

  const cache: PropertyCache = {
    async known(signal) {
      if (entry && options.now() - entry.at < options.ttlMs) return { known: entry.names }
      if (!loading) {
        loading = options.load().finally(() => {
          loading = undefined
        })
      }
      const load = await Promise.race([loading, aborted(signal)])
      if (load === 'aborted') {
        return {
          result: {
            outcome: 'failure',
            code: 'DEADLINE_EXCEEDED',
            reason: 'the hook deadline passed before HubSpot listed the contact properties',
          },
        }
      }
      if (load.names) {
        cache.store(load.names)
        return { known: load.names }
      }
      if (load.blocking) return { result: load.result }
      entry = { at: options.now(), names: undefined }
      return { known: undefined }
    },
    markMissing(names) {
      for (const name of names) missing.add(name)
    },
    invalidate() {
      entry = undefined
    },
    store(names) {
      entry = { at: options.now(), names }
      missing.clear()
    },
    filter(properties, known, keep) {
      const kept: Record<string, string> = {}
      const dropped: string[] = []
      for (const [name, value] of Object.entries(properties)) {
        const unknown = missing.has(name) || (known !== undefined && !known.has(name))
        if (unknown && !keep.includes(name)) dropped.push(name)
        else kept[name] = value
      }
      return { kept, dropped }
    },
  }
  return cache
}
