// The options schema: data centre from the key, consent defaults, and config mistakes caught at
// start-up with the path named.
import { ConfigError, createConnector } from '@bubblehouse-hooks/core'
import { describe, expect, it } from 'vitest'
import mailchimp, { MailchimpOptionsSchema } from '../src/index'
import { API_KEY, LIST_ID } from './support/fixtures'

const parse = (options: object) =>
  MailchimpOptionsSchema.safeParse({ apiKey: API_KEY, listId: LIST_ID, ...options })

const configError = (options: object): ConfigError => {
  try {
    createConnector(mailchimp, { apiKey: API_KEY, listId: LIST_ID, ...options })
  } catch (err) {
    if (err instanceof ConfigError) return err
    throw err
  }
  throw new Error('expected a ConfigError')
}

describe('options', () => {
  it('defaults are consent-safe and below the connection limit', () => {
    const parsed = parse({})
    expect(parsed.success && parsed.data).toEqual({
      apiKey: API_KEY,
      listId: LIST_ID,
      timeoutMs: 10_000,
      maxConcurrency: 5,
      statusIfNew: 'transactional',
      createMembers: true,
      skipMergeValidation: true,
      sendEvents: true,
      mergeFields: {},
      firstNameTag: 'FNAME',
      lastNameTag: 'LNAME',
      mergeFieldsTtlMs: 3_600_000,
      eventNames: {},
      eventProps: ['segment_props', 'extra_props'],
      tags: [],
      events: { deny: [] },
    })
  })

  it('needs a key that ends in its data centre', () => {
    expect(configError({ apiKey: '0123456789abcdef' }).path).toBe('connectors.mailchimp.apiKey')
  })

  it('refuses a baseUrl on another data centre than the key', () => {
    const err = configError({ baseUrl: 'https://us1.api.mailchimp.com/3.0' })
    expect(err.path).toBe('connectors.mailchimp.baseUrl')
    expect(err.message).toContain('https://us6.api.mailchimp.com/3.0')
    expect(parse({ baseUrl: 'https://us6.api.mailchimp.com/3.0' }).success).toBe(true)
    expect(parse({ baseUrl: 'https://proxy.example.com/mailchimp/3.0' }).success).toBe(true)
  })

  it('caps maxConcurrency below 10', () => {
    expect(parse({ maxConcurrency: 9 }).success).toBe(true)
    expect(parse({ maxConcurrency: 10 }).success).toBe(false)
  })

  it('accepts only the three statuses for new members', () => {
    expect(parse({ statusIfNew: 'subscribed' }).success).toBe(true)
    expect(parse({ statusIfNew: 'unsubscribed' }).success).toBe(false)
  })

  it('checks merge tags: upper case, at most 10 characters, one key per tag', () => {
    expect(parse({ mergeFields: { BH_Tier: 'TIER' } }).success).toBe(true)
    expect(parse({ mergeFields: { BH_Tier: 'tier' } }).success).toBe(false)
    expect(parse({ mergeFields: { BH_Tier: 'BH_TIER_NAME' } }).success).toBe(false)
    expect(parse({ mergeFields: { BH_Tier: { tag: 'TIER', type: 'colour' } } }).success).toBe(false)
    expect(parse({ firstNameTag: 'first' }).success).toBe(false)
    const err = configError({ mergeFields: { BH_Custom: 'BH_POINTS' } })
    expect(err.path).toBe('connectors.mailchimp.mergeFields')
    expect(err.message).toContain('BH_POINTS')
    expect(
      parse({ mergeFields: { BH_Custom: 'BH_POINTS', BH_Points_Balance: null } }).success,
    ).toBe(true)
  })

  it('checks mapped event names: 2–30 letters, digits, _ or -', () => {
    expect(parse({ eventNames: { 'Points Earned': 'points-earned_2' } }).success).toBe(true)
    expect(parse({ eventNames: { 'Points Earned': 'x' } }).success).toBe(false)
    expect(parse({ eventNames: { 'Points Earned': 'points earned' } }).success).toBe(false)
    expect(parse({ eventNames: { 'Points Earned': 'p'.repeat(31) } }).success).toBe(false)
  })

  it('every option is described (the docs and the JSON Schema use it)', () => {
    for (const [key, schema] of Object.entries(MailchimpOptionsSchema.shape)) {
      expect(schema.description, key).toBeTruthy()
    }
  })
})
