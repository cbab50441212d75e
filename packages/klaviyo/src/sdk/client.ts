import {
  classifyError,
  type JsonValue,
  type PlannedRequest,
  type Result,
  type VendorResponse,
} from '@bubblehouse-hooks/core'
import { AccountsApi, EventsApi, ObjectSerializer, ProfilesApi } from 'klaviyo-api'
import { responseOf } from './answer'
import { KlaviyoSession, withSignal } from './session'

/** What one SDK call came to: an HTTP answer to classify, or a transport failure already classified. */
export type SdkAnswer =
  | { readonly kind: 'response'; readonly response: VendorResponse }
  | { readonly kind: 'error'; readonly result: Result }

/** Options of {@link createKlaviyoClient}. */
export interface KlaviyoClientOptions {
  readonly apiKey: string
  readonly baseUrl: string
  readonly timeoutMs: number
  /** Called after every call with its duration and the HTTP status or transport error code. */
  readonly onCall?: (seconds: number, status: number | string) => void
}

/** The SDK behind one connector instance: one session, one set of API objects. */
export interface KlaviyoClient {
  /** Run a planned request through the SDK method its `operation` names. */
  send(request: PlannedRequest, signal: AbortSignal): Promise<SdkAnswer>
  /** `GET /api/accounts`: the cheapest authenticated call. */
  probe(signal: AbortSignal): Promise<SdkAnswer>
  close(): void
}

/**
 * The SDK takes camelCase models and silently drops snake_case keys (vendors.md §1.7), while plans
 * hold the wire JSON. Its own deserialiser is the exact inverse of the serialiser it sends with;
 * custom property maps are typed `object` and pass through untouched.
 */
export function toSdkModel<T>(body: JsonValue | undefined, type: string): T {
  return ObjectSerializer.deserialize(body, type)
}

const NO_RESPONSE: Result = {
  outcome: 'failure',
  code: 'KLAVIYO_NO_RESPONSE',
  reason: 'the Klaviyo SDK returned without an HTTP response',
}

const UNKNOWN_OPERATION: Result = {
  outcome: 'failure',
  code: 'KLAVIYO_UNKNOWN_OPERATION',
  reason: 'the plan names an operation this connector cannot run',
}

/** Create the SDK client: per instance, never the SDK's global sessions. */
export function createKlaviyoClient(options: KlaviyoClientOptions): KlaviyoClient {
  const session = new KlaviyoSession(options.apiKey, options.timeoutMs)
  const events = new EventsApi(session)
  const profiles = new ProfilesApi(session)
  const accounts = new AccountsApi(session)
  // basePath is per API object (vendors.md §1.7).
  for (const api of [events, profiles, accounts]) api.basePath = options.baseUrl.replace(/\/+$/, '')

  const operations: Readonly<Record<string, (body: JsonValue | undefined) => Promise<unknown>>> = {
    createEvent: (body) => events.createEvent(toSdkModel(body, 'EventCreateQueryV2')),
    createOrUpdateProfile: (body) =>
      profiles.createOrUpdateProfile(toSdkModel(body, 'ProfileUpsertQuery')),
  }

  async function run(call: () => Promise<unknown>, outer: AbortSignal): Promise<SdkAnswer> {
    const started = performance.now()
    const answer = await attempt(call, outer)
    const status = answer.kind === 'response' ? answer.response.status : answer.result.code
    options.onCall?.((performance.now() - started) / 1000, status)
    return answer
  }

  async function attempt(call: () => Promise<unknown>, outer: AbortSignal): Promise<SdkAnswer> {
    const timeout = AbortSignal.timeout(options.timeoutMs)
    const signal = AbortSignal.any([outer, timeout])
    try {
      const response = responseOf(await withSignal(signal, call))
      return response ? { kind: 'response', response } : { kind: 'error', result: NO_RESPONSE }
    } catch (err) {
      const response = responseOf(err)
      if (response) return { kind: 'response', response }
      // axios reports every abort as ERR_CANCELED; tell our own timeout from the hook deadline.
      if (timeout.aborted && !outer.aborted) {
        return { kind: 'error', result: classifyError(timeout.reason) }
      }
      return { kind: 'error', result: classifyError(err) }
    }
  }

  return {
    send(request, signal) {
      const operation = operations[request.operation]
      if (!operation) return Promise.resolve({ kind: 'error', result: UNKNOWN_OPERATION })
      return run(() => operation(request.body), signal)
    },
    probe(signal) {
      return run(() => accounts.getAccounts({ fieldsAccount: ['id'] }), signal)
    },
    close() {
      session.destroy()
    },
  }
}
