/**
 * New TCP connections per 100 events: the Mailchimp SDK (`new ApiClient()` per instance, as
 * vendors.md §2.7 prescribes) against core's keep-alive HTTP client, both pointed at core's fake
 * vendor, which counts accepted connections. Each event is the member PUT + the event POST.
 *
 *   cd packages/mailchimp && npx vitest run --config bench/vitest.config.ts
 *
 * Prints a Markdown table (the README quotes it). Wall times are informational only: the machine
 * is shared and noisy.
 */

import {
  createConnectorEnv,
  deliverPlan,
  type PlannedRequest,
  sampleEvent,
} from '@bubblehouse-hooks/core'
import { createHarness, type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import ApiClient from '@mailchimp/mailchimp_marketing/src/ApiClient.js'
import { afterAll, it } from 'vitest'
import mailchimp from '../src/index'
import { okResponder } from '../test/support/fake-mailchimp'
import { API_KEY, BASIC_AUTH, LIST_ID } from '../test/support/fixtures'

const EVENTS = 100
const CONCURRENCY = 5

interface Row {
  client: string
  mode: string
  /** Requests of the first 100 events. */
  requests: number
  /** New connections during the first 100 events, from cold. */
  cold: number
  /** New connections during the next 100 events, on the same client. */
  warm: number
  ms: number
}

const rows: Row[] = []
afterAll(() => {
  console.log(
    [
      `| client | mode | requests per ${EVENTS} events | new connections, first ${EVENTS} events | new connections, next ${EVENTS} events | wall ms, first ${EVENTS} |`,
      `|---|---|---|---|---|---|`,
      ...rows.map(
        (r) =>
          `| ${r.client} | ${r.mode} | ${r.requests} | ${r.cold} | ${r.warm} | ${r.ms.toFixed(0)} |`,
      ),
    ].join('\n'),
  )
})

/** The member PUT and event POST of one event, from the connector's own pure plan. */
function plannedRequests(i: number): PlannedRequest[] {
  const h = createHarness(mailchimp, { apiKey: API_KEY, listId: LIST_ID })
  const plan = h.plan(
    sampleEvent('points-earned', { bhid: `b-${i}`, customer: { email: `c${i}@example.com` } }),
  )
  return plan.kind === 'send' ? [...plan.requests] : []
}

const hashOf = (request: PlannedRequest) => request.path.split('/')[4] ?? ''

/** Run jobs `from` … `from + count - 1` with `concurrency` workers. */
async function pool(
  from: number,
  count: number,
  concurrency: number,
  job: (i: number) => Promise<void>,
) {
  let next = from
  const worker = async () => {
    while (next < from + count) await job(next++)
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

/**
 * Each scenario gets its own fake vendor (a new origin), so no socket outlives a scenario. `setup`
 * builds the client once; `batch(n)` sends events n·100 … n·100+99 through it.
 */
async function measure(
  client: string,
  mode: string,
  setup: (baseUrl: string) => (batch: number) => Promise<void>,
) {
  const vendor: FakeVendor = await startFakeVendor({ defaultReply: okResponder })
  try {
    const batch = setup(`${vendor.url}/3.0`)
    const started = performance.now()
    await batch(0)
    const ms = performance.now() - started
    const requests = vendor.requests.length
    const cold = vendor.connections
    vendor.reset() // the counter restarts; open sockets stay open
    await batch(1)
    rows.push({ client, mode, requests, cold, warm: vendor.connections, ms })
  } finally {
    await vendor.close()
  }
}

function sdkClient(baseUrl: string): ApiClient {
  const client = new ApiClient()
  client.setConfig({ apiKey: API_KEY, server: 'us6' })
  // The host must not contain "server": buildUrl replaces its first occurrence (vendors.md §2.7).
  client.basePath = baseUrl
  client.timeout = 10_000
  return client
}

async function sdkEvent(client: ApiClient, i: number) {
  const [put, post] = plannedRequests(i)
  if (!put || !post) throw new RangeError('expected a PUT and a POST')
  await client.lists.setListMember(LIST_ID, hashOf(put), put.body, { skipMergeValidation: true })
  await client.lists.createListMemberEvent(LIST_ID, hashOf(post), post.body)
}

it('SDK: new ApiClient(), events in a row', async () => {
  await measure('SDK 3.0.80 (superagent)', 'in a row', (baseUrl) => {
    const client = sdkClient(baseUrl)
    return (batch) => pool(batch * EVENTS, EVENTS, 1, (i) => sdkEvent(client, i))
  })
})

it(`SDK: new ApiClient(), ${CONCURRENCY} at a time`, async () => {
  await measure('SDK 3.0.80 (superagent)', `${CONCURRENCY} at a time`, (baseUrl) => {
    const client = sdkClient(baseUrl)
    return (batch) => pool(batch * EVENTS, EVENTS, CONCURRENCY, (i) => sdkEvent(client, i))
  })
})

for (const concurrency of [1, CONCURRENCY]) {
  const mode = concurrency === 1 ? 'in a row' : `${concurrency} at a time`

  it(`core client alone (env.createHttpClient, maxConcurrency=${CONCURRENCY}), ${mode}`, async () => {
    await measure(`env.createHttpClient, maxConcurrency ${CONCURRENCY}`, mode, (baseUrl) => {
      const http = createConnectorEnv().createHttpClient({
        baseUrl,
        headers: { authorization: BASIC_AUTH },
        maxConcurrency: CONCURRENCY,
      })
      const signal = AbortSignal.timeout(240_000)
      return (batch) =>
        pool(batch * EVENTS, EVENTS, concurrency, async (i) => {
          await deliverPlan(plannedRequests(i), { http, rules: [], signal })
        })
    })
  })

  it(`connector (core client, slot freed a macrotask later), ${mode}`, async () => {
    await measure(
      `@bubblehouse-hooks/mailchimp, maxConcurrency ${CONCURRENCY}`,
      mode,
      (baseUrl) => {
        const h = createHarness(mailchimp, {
          apiKey: API_KEY,
          listId: LIST_ID,
          baseUrl,
          maxConcurrency: CONCURRENCY,
        })
        return (batch) =>
          pool(batch * EVENTS, EVENTS, concurrency, async (i) => {
            await h.run(sampleEvent('points-earned', { bhid: `c${concurrency}-${i}` }))
          })
      },
    )
  })
}
