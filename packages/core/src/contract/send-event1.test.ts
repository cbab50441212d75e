import { describe, expect, it } from 'vitest'
import { CANONICAL_EVENT } from '../samples'
import { formatIssues } from './issues'
import { SendEvent1InputSchema, SendEvent1OutputSchema } from './send-event1'

// The documented example of https://app.bubblehouse.com/apidocs/apis/hooks/SendEvent1, as raw JSON text.
const CANONICAL_JSON = `{
  "bhid": "24a5be6c83010001",
  "time": "2024-12-26T18:05:42.915Z",
  "name": "Points Updated",
  "customer": {
    "bhid": "24760933ea010001",
    "shopid": "12345",
    "email": "customer@example.com",
    "first_name": "Jane",
    "last_name": "Doe"
  },
  "customer_props": { "BH_Points_Balance": 500, "BH_Tier": "Gold" },
  "segment_props": { "BH_Source": "order" },
  "extra_props": { "BH_Points": 50, "order_id": "ORDER-789" }
}`

const base = () => JSON.parse(CANONICAL_JSON) as Record<string, unknown>
const parse = (body: unknown) => SendEvent1InputSchema.safeParse(body)
const issuesOf = (body: unknown) => {
  const r = parse(body)
  if (r.success) throw new Error('expected a schema failure')
  return formatIssues(r.error)
}

describe('SendEvent1InputSchema', () => {
  it('accepts the canonical example and keeps it unchanged', () => {
    const r = parse(base())
    expect(r.success).toBe(true)
    expect(r.data).toStrictEqual(CANONICAL_EVENT)
  })

  it.each([
    ['a leap second', '1990-12-31T23:59:60Z'],
    ['a positive offset', '2024-12-26T19:05:42+01:00'],
    ['a negative offset', '2024-12-26T13:05:42.5-05:00'],
    ['nanoseconds', '2024-12-26T18:05:42.123456789Z'],
    ['lower-case t and z', '2024-12-26t18:05:42z'],
  ])('accepts %s and keeps the original string', (_, time) => {
    const r = parse({ ...base(), time })
    expect(r.success).toBe(true)
    expect(r.data?.time).toBe(time)
  })

  it.each([
    ['no T and no offset', '2024-12-26 18:05:42'],
    ['no offset', '2024-12-26T18:05:42'],
    ['a date only', '2024-12-26'],
    ['month 13', '2024-13-01T00:00:00Z'],
    ['31 November', '2024-11-31T00:00:00Z'],
    ['29 February of a common year', '2023-02-29T00:00:00Z'],
    ['hour 24', '2024-12-26T24:00:00Z'],
    ['second 61', '2024-12-26T23:59:61Z'],
    ['an offset hour of 24', '2024-12-26T18:05:42+24:00'],
    ['epoch milliseconds', 1735236342915],
    ['an empty string', ''],
  ])('rejects a time with %s, naming the path', (_, time) => {
    expect(issuesOf({ ...base(), time })[0]).toMatch(/^time: /)
  })

  it.each([
    ['16 hex digits', '24a5be6c83010001'],
    ['a UUID', '0f8fad5b-d9cb-469f-a165-70867728950e'],
    ['upper case and punctuation', 'EVT_1/2:3'],
    ['one character', 'x'],
  ])('treats bhid as opaque: accepts %s', (_, bhid) => {
    expect(parse({ ...base(), bhid }).success).toBe(true)
  })

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['a number', 42],
    ['null', null],
    ['too long', 'x'.repeat(257)],
  ])('rejects a bhid that is %s', (_, bhid) => {
    expect(issuesOf({ ...base(), bhid })[0]).toMatch(/^bhid: /)
  })

  it('requires customer but none of its fields', () => {
    expect(parse({ ...base(), customer: {} }).success).toBe(true)
    expect(issuesOf({ ...base(), customer: undefined })).toEqual([
      expect.stringMatching(/^customer: /),
    ])
    expect(issuesOf({ ...base(), customer: 'jane' })).toEqual([
      expect.stringMatching(/^customer: /),
    ])
    expect(issuesOf({ ...base(), customer: null })).toEqual([expect.stringMatching(/^customer: /)])
  })

  it('reads null as absent for optional fields', () => {
    const r = parse({
      ...base(),
      customer: { email: null, shopid: null, full_name: null },
      customer_props: null,
      segment_props: null,
      extra_props: null,
      new_user: null,
      referred_user: null,
      customer_only: null,
    })
    expect(r.success).toBe(true)
    expect(r.data?.customer.email).toBeUndefined()
    expect(r.data?.customer_props).toBeUndefined()
    expect(r.data?.customer_only).toBeUndefined()
  })

  it('accepts any JSON value in the property maps', () => {
    const props = { n: 1.5, s: 'x', b: false, z: null, a: [1, 'two'], o: { deep: { er: [] } } }
    const r = parse({ ...base(), customer_props: props, segment_props: props, extra_props: props })
    expect(r.data?.extra_props).toEqual(props)
  })

  it('accepts the optional booleans', () => {
    const r = parse({ ...base(), new_user: true, referred_user: false, customer_only: true })
    expect(r.data).toMatchObject({ new_user: true, referred_user: false, customer_only: true })
  })

  it('tolerates unknown top-level and customer fields (forward compatible)', () => {
    const r = parse({
      ...base(),
      shop: 'my-shop',
      v2: { x: 1 },
      customer: { email: 'a@b.co', phone: '1' },
    })
    expect(r.success).toBe(true)
  })

  it('treats the event name as an open string', () => {
    expect(parse({ ...base(), name: 'Achievement Unlocked' }).success).toBe(true)
    expect(issuesOf({ ...base(), name: 7 })[0]).toMatch(/^name: /)
  })

  it('rejects wrong types with the nested path and never the value', () => {
    const issues = issuesOf({
      ...base(),
      customer: { email: 12345 },
      segment_props: ['BH_Source'],
      new_user: 'yes',
    })
    expect(issues).toEqual([
      expect.stringMatching(/^customer\.email: /),
      expect.stringMatching(/^segment_props: /),
      expect.stringMatching(/^new_user: /),
    ])
    expect(issues.join('\n')).not.toContain('12345')
  })

  it('names the root when the body is not an object', () => {
    expect(issuesOf([1, 2])).toEqual([expect.stringMatching(/^\(root\): /)])
    expect(issuesOf(null)).toEqual([expect.stringMatching(/^\(root\): /)])
  })

  it('drops __proto__ keys without touching any prototype', () => {
    const body = JSON.parse(
      '{"bhid":"p1","time":"2024-12-26T18:05:42Z","name":"n","__proto__":{"polluted":1},' +
        '"customer":{"__proto__":{"polluted":2}},"extra_props":{"__proto__":{"polluted":3},"a":1}}',
    )
    const r = parse(body)
    expect(r.success).toBe(true)
    expect(Object.getPrototypeOf(r.data)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(r.data?.customer)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(r.data?.extra_props)).toBe(Object.prototype)
    expect(r.data?.extra_props).toEqual({ a: 1 })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('formatIssues', () => {
  it('caps the number of lines', () => {
    const r = parse({})
    expect(r.success).toBe(false)
    if (!r.success) {
      expect(formatIssues(r.error).length).toBe(4)
      expect(formatIssues(r.error, 2)).toHaveLength(2)
    }
  })

  it('joins array indexes into the path', () => {
    const r = SendEvent1OutputSchema.array().safeParse([{ outcome: 'sent' }, { outcome: 'ok' }])
    expect(r.success).toBe(false)
    if (!r.success) expect(formatIssues(r.error)).toEqual([expect.stringMatching(/^1\.outcome: /)])
  })
})

describe('SendEvent1OutputSchema', () => {
  it.each(['sent', 'skipped', 'invalid_data', 'unsubscribed', 'failure'])(
    'accepts %s',
    (outcome) => {
      expect(SendEvent1OutputSchema.parse({ outcome })).toEqual({ outcome })
    },
  )

  it('rejects any other outcome', () => {
    expect(SendEvent1OutputSchema.safeParse({ outcome: 'ok' }).success).toBe(false)
  })
})
