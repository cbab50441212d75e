/**
 * A Segment message before it is rendered: its fixed head (type, ids, event, timestamp), its bag
 * of traits or properties, and which keys of the bag are optional (may be dropped to fit the size
 * limits). Rendering is the only place a message's JSON shape is decided.
 * @module
 */
import type { JsonObject, JsonValue } from '@bubblehouse-hooks/core'

/** Who a message is about: Segment requires a userId or an anonymousId on every message. */
export type SegmentIdentity = { readonly userId: string } | { readonly anonymousId: string }

/** Segment's `context.library`, so the source of these messages is visible in the debugger. */
export const LIBRARY: JsonObject = { name: '@bubblehouse-hooks/segment' }

/** A message to render. */
export interface MessageDraft {
  /** `type`, `messageId`, the identity, `event` (track), `timestamp`, in wire order. */
  readonly head: JsonObject
  /** `traits` for identify, `properties` for track. */
  readonly bagName: 'traits' | 'properties'
  readonly bag: JsonObject
  /** Keys of `bag` that may be dropped to fit, in tiers: the first tier goes first. */
  readonly optional: readonly (readonly string[])[]
  /** The customer's traits for `context.traits` (track), where destinations look for the email. */
  readonly contextTraits?: JsonObject
}

/**
 * Set an own key. Defined, not assigned: a JSON key `__proto__` must stay a key, not replace the
 * object's prototype (and vanish from the JSON).
 */
export function setKey(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

/** Copy `source` without the keys in `omit`. */
function without(source: JsonObject, omit: ReadonlySet<string>): JsonObject {
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(source)) if (!omit.has(key)) setKey(out, key, value)
  return out
}

/**
 * The wire message: head, bag minus `dropped`, and a context that names the dropped keys (so the
 * operator sees in Segment what was left out).
 */
export function renderMessage(draft: MessageDraft, dropped: readonly string[] = []): JsonObject {
  const context: JsonObject = { library: LIBRARY }
  if (draft.contextTraits && Object.keys(draft.contextTraits).length > 0) {
    context.traits = draft.contextTraits
  }
  if (dropped.length > 0) context.bubblehouse = { droppedKeys: [...dropped] }
  return {
    ...draft.head,
    [draft.bagName]: without(draft.bag, new Set(dropped)),
    context,
  }
}

/** The identity fields spread into a message head. */
export function identityFields(identity: SegmentIdentity): JsonObject {
  return 'userId' in identity ? { userId: identity.userId } : { anonymousId: identity.anonymousId }
}
