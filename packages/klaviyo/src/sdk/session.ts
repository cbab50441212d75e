import { AsyncLocalStorage } from 'node:async_hooks'
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { ApiKeySession, RetryWithExponentialBackoff } from 'klaviyo-api'
import { KLAVIYO_REVISION } from '../version'

type RequestConfig = Parameters<ApiKeySession['requestWithRetry']>[0]

/** Per call: the abort signal of the hook deadline combined with the call timeout. */
interface CallScope {
  readonly signal: AbortSignal
}

/**
 * The SDK's API methods take no request options, so the per-call signal travels to the session
 * through async context; one session (and its agents) then serves every call of a connector.
 */
const callScope = new AsyncLocalStorage<CallScope>()

/** Run `call` with `signal` applied to every SDK request it makes. */
export function withSignal<T>(signal: AbortSignal, call: () => Promise<T>): Promise<T> {
  return callScope.run({ signal }, call)
}

/**
 * An `ApiKeySession` fit for a 30 s webhook budget (vendors.md §1.7):
 * - no SDK retries (`numRetries: 0`): by default it sleeps and retries 429/503/504/524 itself;
 * - a per-request timeout, keep-alive agents and no redirects on the SDK's shared axios instance,
 *   which has no per-instance settings of its own;
 * - the pinned `revision` header instead of whatever the SDK build carries.
 */
export class KlaviyoSession extends ApiKeySession {
  readonly #timeoutMs: number
  readonly #httpAgent = new HttpAgent({ keepAlive: true })
  readonly #httpsAgent = new HttpsAgent({ keepAlive: true })

  constructor(apiKey: string, timeoutMs: number) {
    super(apiKey, new RetryWithExponentialBackoff({ numRetries: 0 }))
    this.#timeoutMs = timeoutMs
  }

  override applyToRequest(requestOptions: RequestConfig): void {
    super.applyToRequest(requestOptions)
    if (requestOptions.headers) requestOptions.headers.revision = KLAVIYO_REVISION
  }

  override requestWithRetry(config: RequestConfig): ReturnType<ApiKeySession['requestWithRetry']> {
    const scope = callScope.getStore()
    return super.requestWithRetry({
      ...config,
      // axios' timeout is a connect-phase timer, then socket inactivity; the caller's signal
      // bounds the whole call.
      timeout: this.#timeoutMs,
      httpAgent: this.#httpAgent,
      httpsAgent: this.#httpsAgent,
      // A redirect means a wrong baseUrl; following it would turn the POST into a GET.
      maxRedirects: 0,
      ...(scope ? { signal: scope.signal } : {}),
    })
  }

  /** Close idle keep-alive sockets. */
  destroy(): void {
    this.#httpAgent.destroy()
    this.#httpsAgent.destroy()
  }
}
