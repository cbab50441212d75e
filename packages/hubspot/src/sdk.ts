/**
 * The HubSpot SDK (`@hubspot/api-client` 13.5) made safe for a 25 s hook budget, per connector
 * instance:
 * - no retries and no limiter (`numberOfApiCallRetries: 0`, no `limiterOptions`): the SDK keeps its
 *   retry/limiter decorators in a process-global singleton that every `new Client()` overwrites, and
 *   binds them to an API object when that object is first built, so every API object is built here,
 *   right after our own `new Client()`;
 * - every call gets per-call middleware, because the generated `…WithHttpInfo` methods apply the
 *   client's configured middleware (the User-agent header and the `httpAgent`) only when per-call
 *   options carry middleware (lib/codegen/crm/contacts/types/ObservableAPI.js: `allMiddleware` stays
 *   `[]` otherwise): ours sets the keep-alive agent and records the raw answer;
 * - the SDK has no timeout: every call races the hook signal and a per-call timeout, and on expiry
 *   the underlying request is destroyed (through the agent), so no socket is left hanging;
 * - answers become {@link VendorResponse}s from the status and the raw body (the SDK's
 *   `ApiException` code and body, or what the middleware recorded); an exception's message, which
 *   holds the headers, is never read.
 * @module
 */
import { type ClientRequest, Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import {
  type ConnectorMetrics,
  classifyError,
  type Result,
  type VendorResponse,
} from '@bubblehouse-hooks/core'
import { Client } from '@hubspot/api-client'

/** What the SDK's `RequestContext` offers our middleware. */
interface AgentTarget {
  setAgent(agent: HttpAgent | HttpsAgent): void
}

/** What the SDK's `ResponseContext` offers our middleware. */
interface ResponseSource {
  httpStatusCode: number
  headers: Record<string, string>
  body: { text(): Promise<string>; binary(): Promise<Buffer> }
}

/** The SDK's `HttpInfo`: a resolved call. */
interface HttpInfoLike {
  httpStatusCode: number
  headers: Record<string, string>
  data?: unknown
}

/** Per-call options in the shape every generated `PromiseConfigurationOptions` accepts. */
export interface CallOptions<Req extends AgentTarget, Res extends ResponseSource> {
  middleware: Array<{ pre(context: Req): Promise<Req>; post(context: Res): Promise<Res> }>
  middlewareMergeStrategy: 'append'
}

/** A call: the SDK method, given our per-call options. */
export type SdkInvoke = (
  options: <Req extends AgentTarget, Res extends ResponseSource>() => CallOptions<Req, Res>,
) => Promise<HttpInfoLike>

/** The outcome of one SDK call: a vendor answer, or a transport failure already classified. */
export type CallResult =
  | { readonly response: VendorResponse; readonly error?: undefined }
  | { readonly response?: undefined; readonly error: Result }

interface AgentWithAddRequest extends HttpAgent {
  addRequest(request: ClientRequest, options: object): void
}

// Node's agents route every request through `addRequest` (the hook agent-base and proxy agents use).
const hasAddRequest = (agent: HttpAgent): agent is AgentWithAddRequest =>
  typeof Reflect.get(agent, 'addRequest') === 'function'

const isApiException = (
  err: unknown,
): err is { code: number; body: unknown; headers?: Record<string, string> } =>
  err !== null &&
  typeof err === 'object' &&
  'code' in err &&
  typeof err.code === 'number' &&
  'body' in err

function parseText(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** Options of {@link createSdk}. */
export interface SdkOptions {
  readonly accessToken: string
  readonly baseUrl: string
  readonly timeoutMs: number
  readonly metrics: ConnectorMetrics
}

/** One connector instance's SDK client, agent and call runner. */
export type Sdk = ReturnType<typeof createSdk>

/** Build the client and every API object this connector uses, and the call runner around them. */
export function createSdk(options: SdkOptions) {
  const basePath = options.baseUrl.replace(/\/+$/, '')
  const agent: HttpAgent = basePath.startsWith('https:')
    ? new HttpsAgent({ keepAlive: true })
    : new HttpAgent({ keepAlive: true })
  const client = new Client({
    accessToken: options.accessToken,
    basePath,
    httpAgent: agent,
    numberOfApiCallRetries: 0,
  })
  const apis = {
    contactsBatch: client.crm.contacts.batchApi,
    contactsBasic: client.crm.contacts.basicApi,
    properties: client.crm.properties.coreApi,
    propertyGroups: client.crm.properties.groupsApi,
    events: client.events.send.basicApi,
  }

  /** Run one SDK call under `signal` and the per-call timeout; never throws. */
  async function call(invoke: SdkInvoke, signal: AbortSignal): Promise<CallResult> {
    if (signal.aborted) return { error: classifyError(new DOMException('deadline', 'AbortError')) }

    const requests: ClientRequest[] = []
    let recorded: { status: number; headers: Record<string, string>; text: string } | undefined
    const callAgent: HttpAgent = hasAddRequest(agent)
      ? Object.create(agent, {
          addRequest: {
            value(request: ClientRequest, requestOptions: object) {
              requests.push(request)
              agent.addRequest(request, requestOptions)
            },
          },
        })
      : agent
    const callOptions = <Req extends AgentTarget, Res extends ResponseSource>(): CallOptions<
      Req,
      Res
    > => ({
      middlewareMergeStrategy: 'append',
      middleware: [
        {
          async pre(context) {
            context.setAgent(callAgent)
            return context
          },
          async post(context) {
            // node-fetch bodies are read once: keep the text for us and hand the SDK a replay.
            const text = await context.body.text()
            recorded = { status: context.httpStatusCode, headers: context.headers, text }
            Object.assign(context.body, {
              text: async () => text,
              binary: async () => Buffer.from(text),
            })
            return context
          },
        },
      ],
    })

    const timeout = AbortSignal.timeout(options.timeoutMs)
    const stop = AbortSignal.any([signal, timeout])
    let onStop: () => void = () => {}
    const stopped = new Promise<'stopped'>((resolve) => {
      onStop = () => resolve('stopped')
      stop.addEventListener('abort', onStop, { once: true })
    })
    const started = performance.now()
    const running = Promise.resolve()
      .then(() => invoke(callOptions))
      .then(
        (info) => ({ info }),
        (err: unknown) => ({ err }),
      )
    const settled = await Promise.race([running, stopped])
    stop.removeEventListener('abort', onStop)
    const seconds = (performance.now() - started) / 1000

    if (settled === 'stopped') {
      for (const request of requests) request.destroy()
      const kind = signal.aborted ? 'AbortError' : 'TimeoutError'
      const error = classifyError(new DOMException('stopped', kind))
      options.metrics.vendorRequest(seconds, error.code)
      return { error }
    }

    const body = recorded ? parseText(recorded.text) : undefined
    let response: VendorResponse | undefined
    if ('info' in settled) {
      const { info } = settled
      response = {
        status: info.httpStatusCode,
        headers: info.headers,
        body: recorded ? body : info.data,
      }
    } else if (isApiException(settled.err)) {
      const err = settled.err
      response = {
        status: err.code,
        headers: err.headers ?? recorded?.headers ?? {},
        body: recorded ? body : err.body,
      }
    } else if (recorded) {
      // The SDK threw after the answer arrived (e.g. no Content-Type): the answer still counts.
      response = { status: recorded.status, headers: recorded.headers, body }
    }
    if (response) {
      options.metrics.vendorRequest(seconds, response.status)
      return { response }
    }
    const error = classifyError('err' in settled ? settled.err : undefined)
    options.metrics.vendorRequest(seconds, error.code)
    return { error }
  }

  return {
    apis,
    call,
    /** Close idle keep-alive sockets. */
    close(): void {
      agent.destroy()
    },
  }
}
