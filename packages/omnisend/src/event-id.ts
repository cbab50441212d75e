/**
 * Omnisend's `eventID` from the event's bhid. Omnisend wants a UUID ("UUID of the event (v4, v5,
 * v6, v7). Along with 'eventTime' used for historical event deduplication",
 * https://api-docs.omnisend.com/reference/post_events) and a bhid is not one, so the bhid becomes
 * a name-based UUID v5 (RFC 9562 §5.5): the same bhid always gives the same eventID, so a
 * Bubblehouse retry carries the same eventID and eventTime.
 * @module
 */
import { v5 as uuidV5 } from 'uuid'

/**
 * This connector's UUID v5 namespace: the v5 UUID of
 * "https://github.com/bubblehouse-hooks/bubblehouse-hooks#omnisend" in the RFC URL namespace.
 */
export const EVENT_ID_NAMESPACE = '52d71553-cb38-5b0f-afb0-d279f71b44fc'

/** The eventID of a bhid (stable across retries). */
export const eventIdOf = (bhid: string): string => uuidV5(bhid, EVENT_ID_NAMESPACE)

/** The UUID v5 of `name` in `namespace` (RFC 9562 §5.5), from the `uuid` package. */
export { uuidV5 }
