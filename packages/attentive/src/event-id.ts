/**
 * Attentive's `externalEventId` from the event's bhid: "A unique identifier representing this
 * specific event. A UUID is recommended" (https://docs.attentivemobile.com/openapi/reference/tag/Custom-Events).
 * A bhid is not a UUID, so it becomes a name-based UUID v5 (RFC 9562 §5.5): the same bhid always
 * gives the same id, so a Bubblehouse retry carries the same `externalEventId`.
 * @module
 */
import { createHash } from 'node:crypto'

/**
 * This connector's UUID v5 namespace: the v5 UUID of
 * "https://github.com/bubblehouse-hooks/bubblehouse-hooks#attentive" in the RFC URL namespace.
 */
export const EVENT_ID_NAMESPACE = '774a08db-e7a4-5152-9cd7-11cb4f82d240'

const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replaceAll('-', ''), 'hex')

/**
 * The UUID v5 of `name` in `namespace`.
 * @example
 * uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8') // '2ed6657d-e927-568b-95e1-2665a8aea6a2'
 */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(uuidBytes(namespace))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16)
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80
  const hex = hash.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** The externalEventId of a bhid (stable across retries). */
export const externalEventIdOf = (bhid: string): string => uuidV5(bhid, EVENT_ID_NAMESPACE)
