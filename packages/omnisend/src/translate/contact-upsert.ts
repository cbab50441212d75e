/**
 * `POST /contacts` for `customer_only` events: "Creates a new contact. If a contact with the
 * provided email identifier already exists, it will be updated instead"
 * (https://api-docs.omnisend.com/reference/post_contacts). No channel status is sent, so the
 * upsert never subscribes or unsubscribes anyone, and `sendWelcomeMessage: false` keeps a loyalty
 * sync from starting the welcome workflow (it "Defaults to true").
 * @module
 */
import type { JsonObject, PlannedRequest } from '@bubblehouse-hooks/core'
import { UPSERT_CONTACT } from './body'
import type { ContactFields } from './contact'

const identifier = (type: 'email' | 'phone', id: string): JsonObject => ({
  type,
  id,
  sendWelcomeMessage: false,
})

/** The contact upsert request. */
export function contactUpsertRequest(contact: ContactFields): PlannedRequest {
  const { email, phone, ...rest } = contact
  return {
    operation: UPSERT_CONTACT,
    method: 'POST',
    path: '/contacts',
    body: {
      identifiers: [
        ...(email !== undefined ? [identifier('email', email)] : []),
        ...(phone !== undefined ? [identifier('phone', phone)] : []),
      ],
      ...rest,
    },
  }
}
