// Issue 17, Mailchimp: an answer about one member never holds the queue. A 4xx whose title no row
// knows, on a member-scoped call, is invalid_data through core's HTTP_4XX row (counted, warned with
// the title as the vendor code); a 404 on tags or events right after the member write is about
// that member. Account-level answers (wrong list, 401, 403, 405) stay failure.
// Bodies: https://mailchimp.com/developer/marketing/docs/errors/ (src/__fixtures__).
import { sampleEvent } from '@bubblehouse-hooks/core'
import { recordingHarness, useFakeVendor } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import mailchimp, { type MailchimpOptionsInput, mailchimpErrorCode } from '../src/index'
import { okResponder } from './support/fake-mailchimp'
import { API_KEY, CUSTOMER_HASH, fixture, LIST_ID, problem } from './support/fixtures'

const vendor = useFakeVendor({ defaultReply: okResponder })

const MEMBER = `/3.0/lists/${LIST_ID}/members/${CUSTOMER_HASH}`

type Options = Partial<MailchimpOptionsInput>
const WITH_TAGS: Options = { tags: [{ prop: 'BH_Tier' }] }

let n = 0
function setup(options: Options = {}) {
  const { h, logger, metrics } = recordingHarness(mailchimp, {
    apiKey: API_KEY,
    listId: LIST_ID,
    baseUrl: `${vendor.url}/3.0`,
    ...options,
  })
  const run = (name = 'tier-reached') => h.run(sampleEvent(name, { bhid: `se-${++n}` }))
  return { run, logger, metrics }
}
const calls = () => vendor.requests.map((r) => `${r.method} ${r.path}`)

describe('a 4xx no row knows, on a member-scoped call → invalid_data (rule 2)', () => {
  const cases: Array<[string, 'PUT' | 'PATCH' | 'POST', string, Options]> = [
    ['member PUT', 'PUT', MEMBER, {}],
    ['member PATCH', 'PATCH', MEMBER, { createMembers: false }],
    ['tags POST', 'POST', `${MEMBER}/tags`, WITH_TAGS],
    ['event POST', 'POST', `${MEMBER}/events`, {}],
  ]
  for (const [name, method, path, options] of cases) {
    it(`${name}: 400 "Invalid Action" → invalid_data HTTP_4XX, counted, warned with the title`, async () => {
      vendor.route(method, path, problem('400-invalid-action'))
      const { run, logger, metrics } = setup(options)
      expect(await run()).toMatchObject({
        outcome: 'invalid_data',
        code: 'HTTP_4XX',
        vendorStatus: 400,
      })
      expect(calls().at(-1)).toBe(`${method} ${path}`)
      expect(metrics.unclassified).toEqual([400])
      const warns = logger.lines.filter((l) => l.level === 'warn')
      expect(warns.map((l) => l.obj)).toEqual([
        { connector: 'mailchimp', vendorStatus: 400, vendorCode: 'Invalid_Action' },
      ])
      expect(JSON.stringify(logger.lines)).not.toContain('customer@example.com')
    })
  }

  it('the event is not sent after an unknown 4xx on the member write', async () => {
    vendor.route('PUT', MEMBER, { status: 422, body: { title: 'Unprocessable', status: 422 } })
    const { run, metrics } = setup()
    expect(await run('points-earned')).toMatchObject({ outcome: 'invalid_data', code: 'HTTP_4XX' })
    expect(calls().some((c) => c.endsWith('/events'))).toBe(false)
    expect(metrics.unclassified).toEqual([422])
  })
})

describe('a 404 on tags or events right after the member write (case c)', () => {
  const cases: Array<[string, string, Options]> = [
    ['event', `${MEMBER}/events`, {}],
    ['tags', `${MEMBER}/tags`, WITH_TAGS],
  ]
  for (const [name, path, options] of cases) {
    it(`${name} 404 Resource Not Found → invalid_data MAILCHIMP_MEMBER_MISSING, not failure`, async () => {
      vendor.route('POST', path, problem('404-resource-not-found'))
      const { run, metrics } = setup(options)
      expect(await run()).toMatchObject({
        outcome: 'invalid_data',
        code: 'MAILCHIMP_MEMBER_MISSING',
        vendorStatus: 404,
      })
      expect(calls().filter((c) => c.startsWith('PUT'))).toEqual([`PUT ${MEMBER}`])
      expect(metrics.unclassified).toEqual([])
    })
  }
})

describe('account-level answers stay failure', () => {
  const cases = [
    ['401 API Key Invalid', problem('401-api-key-invalid'), 'MAILCHIMP_API_KEY_INVALID'],
    ['403 wrong data centre', problem('403-wrong-datacenter'), 'MAILCHIMP_WRONG_DATACENTER'],
    ['405 Method Not Allowed', problem('405-method-not-allowed'), 'MAILCHIMP_METHOD_NOT_ALLOWED'],
    ['429 Too Many Requests', problem('429-too-many-requests'), 'MAILCHIMP_TOO_MANY_CONNECTIONS'],
  ] as const
  for (const [name, reply, code] of cases) {
    it(`event POST ${name} → failure ${code}`, async () => {
      vendor.route('POST', `${MEMBER}/events`, reply)
      const { run, metrics } = setup()
      expect(await run()).toMatchObject({ outcome: 'failure', code })
      expect(metrics.unclassified).toEqual([])
    })
  }

  it('member PUT 404 (the list) → failure MAILCHIMP_LIST_NOT_FOUND', async () => {
    vendor.route('PUT', MEMBER, problem('404-resource-not-found'))
    expect(await setup().run()).toMatchObject({
      outcome: 'failure',
      code: 'MAILCHIMP_LIST_NOT_FOUND',
    })
  })

  it('an unknown 4xx on the audience read (merge fields) → failure MAILCHIMP_UNEXPECTED_4XX', async () => {
    vendor.reply(problem('400-invalid-action'))
    const { run, metrics } = setup()
    expect(await run()).toMatchObject({ outcome: 'failure', code: 'MAILCHIMP_UNEXPECTED_4XX' })
    expect(calls()).toEqual([`GET /3.0/lists/${LIST_ID}/merge-fields`])
    expect(metrics.unclassified).toEqual([])
  })
})

describe('mailchimpErrorCode', () => {
  it('gives the glossary title as a code, and nothing that could carry a value', () => {
    expect(mailchimpErrorCode(fixture('400-invalid-action'))).toBe('Invalid_Action')
    expect(mailchimpErrorCode(fixture('405-method-not-allowed'))).toBe('Method_Not_Allowed')
    expect(mailchimpErrorCode({ title: 'jane@example.com is bad' })).toBeUndefined()
    expect(mailchimpErrorCode({ title: 42 })).toBeUndefined()
    expect(mailchimpErrorCode('Bad Request')).toBeUndefined()
    expect(mailchimpErrorCode(null)).toBeUndefined()
  })
})
