/**
 * Attentive's `externalEventId` from the event's bhid: "A unique identifier representing this
 * specific event. A UUID is recommended" (https://docs.attentivemobile.com/openapi/reference/tag/Custom-Events).
 * A bhid is not a UUID, so it becomes a name-based UUID v5 (RFC 9562 §5.5): the same bhid always
 * gives the same id, so a Bubblehouse retry carries the same `externalEventId`.
 * @module
 */
import { v5 as uuidV5 } from 'uuid'

/**
 * This connector's UUID v5 namespace: the v5 UUID of
 * "https://github.com/bubblehouse-hooks/bubblehouse-hooks#attentive" in the RFC URL namespace.
 */
export const EVENT_ID_NAMESPACE = '774a08db-e7a4-5152-9cd7-11cb4f82d240'

/** The externalEventId of a bhid (stable across retries). */
export const externalEventIdOf = (bhid: string): string => uuidV5(bhid, EVENT_ID_NAMESPACE)

/** The UUID v5 of `name` in `namespace` (RFC 9562 §5.5), from the `uuid` package. */
export { uuidV5 }
