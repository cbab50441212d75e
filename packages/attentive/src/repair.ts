/**
 * Attentive answers that one more call can fix (issue 17, rule 3). Attentive's 400 bodies for
 * events and attributes are not documented to name a field, so only what the message plainly
 * names is left out: the phone (or the email) while the other identifies the user, or the
 * properties whose exact names the message quotes (e.g. an array attribute, "the API does not
 * support arrays … will result in a 400 error"). Pure: deliver sends the repaired request and
 * reports the drops once it is accepted.
 * @module
 */
import type { PlannedRequest, Repair, Result } from '@bubblehouse-hooks/core'
import { errorMessageOf, INVALID_EMAIL, INVALID_PHONE, INVALID_REQUEST } from './rules'
import { type FieldDrop, memberOf, withoutFields } from './translate/body'

/** A repair and the fields it leaves out (reported once the repaired request is accepted). */
export interface AttentiveRepair {
  readonly repair: Repair
  readonly drops: readonly FieldDrop[]
}

/** The identifier a code names, the one that must remain, and the result code of the resend. */
const IDENTIFIER_REPAIRS: Readonly<
  Record<string, { drop: FieldDrop; keep: 'email' | 'phone'; code: string; reason: string }>
> = {
  [INVALID_PHONE]: {
    drop: { parent: 'user', key: 'phone', reason: 'invalid_value' },
    keep: 'email',
    code: 'ATTENTIVE_SENT_WITHOUT_PHONE',
    reason: 'sent by email alone (Attentive rejected the phone)',
  },
  [INVALID_EMAIL]: {
    drop: { parent: 'user', key: 'email', reason: 'invalid_email' },
    keep: 'phone',
    code: 'ATTENTIVE_SENT_WITHOUT_EMAIL',
    reason: 'sent by phone alone (Attentive rejected the email)',
  },
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** True when `message` names `key` as a whole: quoted, or between spaces and punctuation. */
export function names(message: string, key: string): boolean {
  const quoted = new RegExp(`["'\`]${escapeRegExp(key)}["'\`]`)
  const bare = new RegExp(`(^|[\\s:(])${escapeRegExp(key)}($|[\\s:,.;)])`)
  return quoted.test(message) || bare.test(message)
}

function identifierRepair(request: PlannedRequest, code: string): AttentiveRepair | undefined {
  const entry = IDENTIFIER_REPAIRS[code]
  const user = memberOf(request, 'user')
  if (!entry || !user || !Object.hasOwn(user, entry.drop.key) || !Object.hasOwn(user, entry.keep)) {
    return undefined
  }
  return {
    repair: {
      request: withoutFields(request, [entry.drop]),
      code: entry.code,
      reason: entry.reason,
    },
    drops: [entry.drop],
  }
}

function propertyRepair(request: PlannedRequest, body: unknown): AttentiveRepair | undefined {
  const message = errorMessageOf(body)
  const properties = memberOf(request, 'properties')
  if (message === undefined || !properties) return undefined
  const drops = Object.keys(properties)
    .filter((key) => names(message, key))
    .map((key): FieldDrop => ({ parent: 'properties', key, reason: 'invalid_value' }))
  if (drops.length === 0) return undefined
  return {
    repair: {
      request: withoutFields(request, drops),
      code: 'ATTENTIVE_SENT_WITHOUT_FIELDS',
      reason: 'sent without the properties Attentive rejected',
    },
    drops,
  }
}

/** The request to send once more after `verdict`, or `undefined` to keep the verdict. */
export function repairAttentive(
  request: PlannedRequest,
  body: unknown,
  verdict: Result,
): AttentiveRepair | undefined {
  if (verdict.code === INVALID_REQUEST) return propertyRepair(request, body)
  return identifierRepair(request, verdict.code)
}
