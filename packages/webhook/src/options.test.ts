import { describe, expect, it } from 'vitest'
import { SECRET } from './__fixtures__/helpers'
import { WebhookOptions } from './options'

const base = { url: 'https://hooks.example.com/bh', secret: SECRET }
const parse = (over: Record<string, unknown>) => WebhookOptions.safeParse({ ...base, ...over })
const messages = (over: Record<string, unknown>) => {
  const parsed = parse(over)
  expect(parsed.success).toBe(false)
  return parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? []
}
const b64 = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64')

describe('WebhookOptions', () => {
  it('takes url and secret, with no extra headers and the core timeout by default', () => {
    expect(WebhookOptions.parse(base)).toEqual({
      ...base,
      headers: {},
      timeoutMs: 10_000,
      events: { deny: [] },
    })
  })

  it.each([
    ['24 bytes', `whsec_${b64(24)}`],
    ['32 bytes', `whsec_${b64(32)}`],
    ['64 bytes', `whsec_${b64(64)}`],
  ])('accepts a whsec_ secret of %s', (_, secret) => {
    expect(parse({ secret }).success).toBe(true)
  })

  it.each([
    ['no whsec_ prefix', b64(32), /must start with whsec_/],
    ['URL-safe base64', `whsec_${b64(32).replace(/\+|\//g, '-')}-_`, /standard base64/],
    ['no padding', `whsec_${b64(32).replace(/=+$/, '')}`, /standard base64/],
    ['an empty key', 'whsec_', /standard base64/],
    ['23 bytes', `whsec_${b64(23)}`, /24 to 64 bytes/],
    ['65 bytes', `whsec_${b64(65)}`, /24 to 64 bytes/],
  ])('refuses a secret with %s', (_, secret, message) => {
    const found = messages({ secret })
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(message)
    // The message never repeats the value.
    expect(found[0]).not.toContain(secret.slice(6, 20) || '\u0000')
  })

  it.each([
    ['ftp://hooks.example.com/bh', /http:\/\/ or https:\/\//],
    ['hooks.example.com/bh', /http:\/\/ or https:\/\//],
    ['https://user:pass@hooks.example.com/bh', /user name or password/],
  ])('refuses the url %s', (url, message) => {
    expect(messages({ url })[0]).toMatch(message)
  })

  it('keeps extra headers, names lower-cased', () => {
    const parsed = WebhookOptions.parse({ ...base, headers: { Authorization: 'Bearer t0k3n' } })
    expect(parsed.headers).toEqual({ authorization: 'Bearer t0k3n' })
  })

  it.each([
    'webhook-id',
    'Webhook-Timestamp',
    'WEBHOOK-SIGNATURE',
    'Content-Type',
    'content-length',
    'Host',
  ])('refuses a header that would replace %s', (name) => {
    expect(messages({ headers: { [name]: 'x' } })[0]).toMatch(/may not set .*webhook-signature/)
  })

  it('refuses a header value with a line break and a name that is not a token', () => {
    expect(messages({ headers: { 'x-a': 'a\r\nwebhook-signature: v1,forged' } })[0]).toMatch(
      /without line breaks/,
    )
    expect(messages({ headers: { 'x a': 'b' } })[0]).toMatch(/HTTP header names/)
  })

  it('refuses the same header twice in different case', () => {
    expect(messages({ headers: { 'X-Token': 'a', 'x-token': 'b' } })[0]).toMatch(/twice/)
  })

  it('refuses unknown keys (a typo is a start-up error)', () => {
    expect(messages({ secrett: SECRET })[0]).toMatch(/secrett/)
  })
})
