// check(): GET /ping, GET /lists/{listId}, the merge fields; provision(): create the missing
// merge fields with their types. https://mailchimp.com/developer/marketing/api/ping/ and
// https://mailchimp.com/developer/marketing/api/list-merges/add-merge-field/
import {
  createConnector,
  createConnectorEnv,
  noopLogger,
  sampleEvent,
} from '@bubblehouse-hooks/core'
import { closedPort } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import mailchimp, { type MailchimpOptionsInput } from '../src/index'
import { useFakeMailchimp } from './support/fake-mailchimp'
import { API_KEY, BASIC_AUTH, fixture, LIST_ID, PROBLEM_JSON, problem } from './support/fixtures'

const mc = useFakeMailchimp()

const probe = () => ({ signal: AbortSignal.timeout(5000), logger: noopLogger })
const connector = (options: Partial<MailchimpOptionsInput> = {}) =>
  createConnector(mailchimp, { apiKey: API_KEY, listId: LIST_ID, baseUrl: mc.baseUrl, ...options })
const MERGE_FIELDS_PATH = `/3.0/lists/${LIST_ID}/merge-fields`
const audience = (tags: Array<[string, string]>) =>
  mc.vendor.route('GET', MERGE_FIELDS_PATH, {
    status: 200,
    body: { merge_fields: tags.map(([tag, type]) => ({ tag, type })), total_items: tags.length },
  })

describe('check', () => {
  it('pings, reads the list and its merge fields, with Basic auth', async () => {
    const report = await connector().check?.(probe())
    expect(report).toEqual({
      ok: true,
      code: 'OK',
      message: 'Mailchimp reachable; audience "Loyalty members" (L1) has every mapped merge field',
    })
    expect(mc.vendor.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /3.0/ping',
      `GET /3.0/lists/${LIST_ID}?fields=id%2Cname`,
      `GET ${MERGE_FIELDS_PATH}?count=1000&fields=merge_fields.tag%2Cmerge_fields.type%2Ctotal_items`,
    ])
    for (const r of mc.vendor.requests) expect(r.headers.authorization).toBe(BASIC_AUTH)
  })

  it('names the merge tags the audience lacks', async () => {
    audience([
      ['FNAME', 'text'],
      ['LNAME', 'text'],
      ['BH_POINTS', 'number'],
    ])
    expect(await connector().check?.(probe())).toEqual({
      ok: true,
      code: 'OK',
      message:
        'Mailchimp reachable; audience "Loyalty members" (L1) lacks merge tags BH_TIER, BH_EXP_PTS, BH_EXP_DT, BH_LINK: their values are not sent until provision creates them',
    })
  })

  it('a wrong list gives a clear message', async () => {
    expect(await connector({ listId: 'wrong123' }).check?.(probe())).toEqual({
      ok: false,
      code: 'MAILCHIMP_LIST_NOT_FOUND',
      message:
        'audience "wrong123" is not in this Mailchimp account: set listId to the Audience ID (Audience → Settings → Audience name and defaults)',
    })
  })

  it('a rejected key fails at the ping', async () => {
    mc.vendor.reply(problem('401-api-key-invalid'))
    expect(await connector().check?.(probe())).toEqual({
      ok: false,
      code: 'MAILCHIMP_API_KEY_INVALID',
      message: `${mc.baseUrl}: Mailchimp rejected the API key: check apiKey`,
    })
    expect(mc.vendor.requests).toHaveLength(1)
  })

  it('a key of another data centre says so', async () => {
    mc.vendor.reply(problem('403-wrong-datacenter'))
    expect(await connector().check?.(probe())).toMatchObject({
      ok: false,
      code: 'MAILCHIMP_WRONG_DATACENTER',
    })
  })

  it('an unreachable host reports the network error kind', async () => {
    const port = await closedPort()
    const report = await connector({ baseUrl: `http://127.0.0.1:${port}/3.0` }).check?.(probe())
    expect(report).toMatchObject({ ok: false, code: 'NETWORK_REFUSED' })
  })
})

describe('provision', () => {
  it('creates the missing merge fields with their types and reports the rest', async () => {
    audience([
      ['FNAME', 'text'],
      ['LNAME', 'text'],
      ['BH_POINTS', 'text'],
    ])
    mc.vendor.route('POST', MERGE_FIELDS_PATH, (r) => ({ status: 200, body: r.body }))
    const items = await connector({
      mergeFields: { BH_Birthday: { tag: 'BH_BDAY', type: 'birthday', name: 'Birthday' } },
    }).provision?.(probe())
    expect(items).toEqual([
      { name: 'merge field BH_POINTS', action: 'exists', detail: 'text (mapped as number)' },
      { name: 'merge field BH_TIER', action: 'created', detail: 'text' },
      { name: 'merge field BH_EXP_PTS', action: 'created', detail: 'number' },
      { name: 'merge field BH_EXP_DT', action: 'created', detail: 'date' },
      { name: 'merge field BH_LINK', action: 'created', detail: 'url' },
      { name: 'merge field BH_BDAY', action: 'created', detail: 'birthday' },
      { name: 'merge field FNAME', action: 'exists', detail: 'text' },
      { name: 'merge field LNAME', action: 'exists', detail: 'text' },
    ])
    const created = mc.vendor.requests.filter((r) => r.method === 'POST').map((r) => r.body)
    expect(created).toEqual([
      { tag: 'BH_TIER', name: 'Loyalty tier', type: 'text', required: false, public: false },
      {
        tag: 'BH_EXP_PTS',
        name: 'Points expiring next',
        type: 'number',
        required: false,
        public: false,
      },
      {
        tag: 'BH_EXP_DT',
        name: 'Next points expiry date',
        type: 'date',
        required: false,
        public: false,
      },
      { tag: 'BH_LINK', name: 'Loyalty magic link', type: 'url', required: false, public: false },
      { tag: 'BH_BDAY', name: 'Birthday', type: 'birthday', required: false, public: false },
    ])
  })

  it('keeps going past a field Mailchimp refuses', async () => {
    audience([
      ['FNAME', 'text'],
      ['LNAME', 'text'],
      ['BH_POINTS', 'number'],
      ['BH_TIER', 'text'],
      ['BH_EXP_PTS', 'number'],
    ])
    mc.vendor.route('POST', MERGE_FIELDS_PATH, (r) =>
      r.raw.includes('BH_EXP_DT')
        ? { status: 400, headers: PROBLEM_JSON, body: fixture('400-invalid-resource-event') }
        : { status: 200, body: r.body },
    )
    const items = await connector().provision?.(probe())
    expect(items?.filter((i) => i.action !== 'exists')).toEqual([
      {
        name: 'merge field BH_EXP_DT',
        action: 'failed',
        detail: 'MAILCHIMP_INVALID_MERGE_FIELD_SPEC',
      },
      { name: 'merge field BH_LINK', action: 'created', detail: 'url' },
    ])
  })

  it('a failed read fails every item without creating anything', async () => {
    mc.vendor.reply(problem('401-api-key-invalid'))
    const items = await connector().provision?.(probe())
    expect(
      items?.every((i) => i.action === 'failed' && i.detail === 'MAILCHIMP_API_KEY_INVALID'),
    ).toBe(true)
    expect(items).toHaveLength(7)
    expect(mc.vendor.requests).toHaveLength(1)
  })

  it('drops the cached merge fields, so the next event sends the new ones', async () => {
    audience([
      ['FNAME', 'text'],
      ['LNAME', 'text'],
    ])
    mc.vendor.route('POST', MERGE_FIELDS_PATH, (r) => ({ status: 200, body: r.body }))
    const c = createConnector(
      mailchimp,
      { apiKey: API_KEY, listId: LIST_ID, baseUrl: mc.baseUrl },
      createConnectorEnv(),
    )
    const deliver = async () => {
      const plan = c.plan(sampleEvent('customer-only'))
      if (plan.kind !== 'send') throw new Error('expected a send plan')
      return c.deliver(plan.requests, {
        signal: AbortSignal.timeout(5000),
        bhid: 'p',
        logger: noopLogger,
      })
    }
    await deliver()
    const before = mc.vendor.requests.filter((r) => r.method === 'PUT').at(-1)?.body
    expect(before).toMatchObject({ merge_fields: { FNAME: 'Jane', LNAME: 'Doe' } })
    expect(JSON.stringify(before)).not.toContain('BH_POINTS')
    await c.provision?.(probe())
    // The audience now has the created fields (reset drops the old route).
    mc.vendor.reset()
    audience([
      ['FNAME', 'text'],
      ['LNAME', 'text'],
      ['BH_POINTS', 'number'],
      ['BH_TIER', 'text'],
    ])
    await deliver()
    expect(mc.vendor.requests.map((r) => r.method)).toEqual(['GET', 'PUT'])
    expect(mc.vendor.requests[1]?.body).toMatchObject({
      merge_fields: { BH_POINTS: 500, BH_TIER: 'Gold', FNAME: 'Jane', LNAME: 'Doe' },
    })
  })
})
