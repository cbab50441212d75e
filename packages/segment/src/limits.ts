/**
 * Segment's size limits, enforced before any call: "a maximum of 500KB per batch request and 32KB
 * per call" (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/#batch).
 * Segment answers 400 past them, so a message that cannot fit is invalid_data without a call, or,
 * when the operator allows it, is sent without its largest optional properties.
 * @module
 */
import { type JsonObject, jsonByteLength } from '@bubblehouse-hooks/core'
import { type MessageDraft, renderMessage } from './translate/message'

/** Byte limits of one message and of one batch request body. */
export interface SegmentLimits {
  readonly messageBytes: number
  readonly batchBytes: number
}

/**
 * 32 KB per message and 500 KB per batch, counted in UTF-8 bytes of the JSON with KB = 1024, as
 * Segment's own Python library does (`MAX_MSG_SIZE = 32 << 10`). Two messages of at most 32 KB
 * cannot reach 500 KB, so for this connector the batch limit is a guard, not a working limit.
 */
export const SEGMENT_LIMITS: SegmentLimits = { messageBytes: 32 * 1024, batchBytes: 500 * 1024 }

/** A rendered message and what was dropped to make it fit. */
export interface FittedMessage {
  readonly message: JsonObject
  readonly bytes: number
  readonly dropped: readonly string[]
  /** False when even without every optional key the message is over the budget. */
  readonly fits: boolean
}

/** JSON size of one bag entry's value, plus the worst-case `:` and `,` it takes with it. */
function maxSaving(bag: JsonObject, key: string): number {
  return jsonByteLength(bag[key] ?? null) + 2
}

/**
 * The order optional keys are dropped in: tier by tier; inside a tier the largest value first,
 * then by key (deterministic).
 */
export function dropOrder(draft: MessageDraft): string[] {
  return draft.optional.flatMap((tier) =>
    tier
      .map((key) => ({ key, size: maxSaving(draft.bag, key) }))
      .sort((a, b) => b.size - a.size || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(({ key }) => key),
  )
}

/**
 * Render `draft` within `budget` bytes, dropping optional keys in {@link dropOrder} only when
 * `allowDrop`, and no more of them than needed: each round drops just enough keys to cover the
 * excess by an upper bound of their saving, then measures again.
 */
export function fitMessage(draft: MessageDraft, budget: number, allowDrop: boolean): FittedMessage {
  const dropped: string[] = []
  let message = renderMessage(draft)
  let bytes = jsonByteLength(message)
  if (!allowDrop) return { message, bytes, dropped, fits: bytes <= budget }
  const order = dropOrder(draft)
  let next = 0
  while (bytes > budget && next < order.length) {
    let excess = bytes - budget
    while (excess > 0 && next < order.length) {
      const key = order[next++]!
      dropped.push(key)
      excess -= maxSaving(draft.bag, key)
    }
    message = renderMessage(draft, dropped)
    bytes = jsonByteLength(message)
  }
  return { message, bytes, dropped, fits: bytes <= budget }
}

/** The batch to send, or why there is none. */
export type FittedBatch =
  | { readonly ok: true; readonly messages: readonly JsonObject[] }
  | { readonly ok: false; readonly code: string; readonly reason: string }

const batchBytes = (messages: readonly FittedMessage[]) =>
  jsonByteLength({ batch: messages.map((m) => m.message) })

/**
 * Fit every message to the message limit, then the whole body to the batch limit (shrinking the
 * last message first: the track's properties go before the identify's traits).
 */
export function fitBatch(
  drafts: readonly MessageDraft[],
  limits: SegmentLimits,
  allowDrop: boolean,
): FittedBatch {
  const fitted = drafts.map((draft) => fitMessage(draft, limits.messageBytes, allowDrop))
  const tooBig = fitted.findIndex((m) => !m.fits)
  if (tooBig !== -1) {
    const type = String(drafts[tooBig]?.head.type)
    return {
      ok: false,
      code: 'SEGMENT_MESSAGE_TOO_LARGE',
      reason: `the ${type} message is ${fitted[tooBig]?.bytes} bytes${allowDrop ? ' without its optional properties' : ''}, over Segment's ${limits.messageBytes}-byte message limit`,
    }
  }
  let total = batchBytes(fitted)
  if (allowDrop) {
    for (let i = fitted.length - 1; i >= 0 && total > limits.batchBytes; i--) {
      const current = fitted[i]!
      const budget = Math.min(limits.messageBytes, limits.batchBytes - (total - current.bytes))
      fitted[i] = fitMessage(drafts[i]!, budget, true)
      total = batchBytes(fitted)
    }
  }
  if (total > limits.batchBytes) {
    return {
      ok: false,
      code: 'SEGMENT_BATCH_TOO_LARGE',
      reason: `the batch is ${total} bytes${allowDrop ? ' without its optional properties' : ''}, over Segment's ${limits.batchBytes}-byte batch limit`,
    }
  }
  return { ok: true, messages: fitted.map((m) => m.message) }
}
