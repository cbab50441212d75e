// Issue 17, Mailchimp: a member event's properties stay within Mailchimp's budget of about 1,000
// characters over all keys and values ("event properties have a rough limit of 1,000 characters,
// counting all key/value pairs", https://github.com/mailchimp/Mailchimp-SDK-iOS/issues/70):
// extra_props leave first, then the longest values are cut; each is counted and named. Also the
// event's new_user / referred_user flags as properties.
import { sampleEvent } from '@bubblehouse-hooks/core'
import { recordingHarness, useFakeVendor } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import mailchimp, { EVENT_PROPERTIES_BUDGET } from '../src/index'
import { budgetProperties } from '../src/translate/properties-budget'
import { okResponder } from './support/fake-mailchimp'
import { API_KEY, CUSTOMER_HASH, LIST_ID } from './support/fixtures'

/** Characters over all keys and values, as Mailchimp counts them. */
const size = (props: Record<string, string>) =>
  Object.entries(props).reduce((n, [k, v]) => n + [...k].length + [...v].length, 0)

describe('budgetProperties', () => {
  it('leaves properties within the budget untouched', () => {
    const props = { BH_Points: '50', order_id: 'ORDER-789' }
    expect(budgetProperties(props, ['order_id'])).toEqual({ properties: props, cuts: [] })
  })

  it('leaves out optional keys, the last first, only as many as needed', () => {
    const props = { BH_Tier: 'Gold', a: 'x'.repeat(400), b: 'y'.repeat(400), c: 'z'.repeat(400) }
    const { properties, cuts } = budgetProperties(props, ['a', 'b', 'c'])
    expect(Object.keys(properties)).toEqual(['BH_Tier', 'a', 'b'])
    expect(cuts).toEqual([{ reason: 'too_large', names: ['c'] }])
    expect(size(properties)).toBeLessThanOrEqual(EVENT_PROPERTIES_BUDGET)
  })

  it('then cuts the longest values to one length, keeping the short ones whole', () => {
    const props = { BH_Tier: 'Gold', note: 'n'.repeat(900), link: 'l'.repeat(700) }
    const { properties, cuts } = budgetProperties(props, [])
    expect(properties.BH_Tier).toBe('Gold')
    // 7 + 4 + 4 + 4 characters of keys and "Gold" leave 981: 490 each (491 would make 1,001).
    expect(properties.note).toBe('n'.repeat(490))
    expect(properties.link).toBe('l'.repeat(490))
    expect(size(properties)).toBe(999)
    expect(cuts).toEqual([{ reason: 'too_long', names: ['note', 'link'] }])
  })

  it('counts code points and never cuts a surrogate pair in half', () => {
    const { properties } = budgetProperties({ k: '😀'.repeat(1200) }, [])
    expect(properties.k).toBe('😀'.repeat(999))
  })

  it('leaves out keys from the end when the keys alone are over', () => {
    const props = { first: '1', [`k${'x'.repeat(600)}`]: '2', [`j${'y'.repeat(600)}`]: '3' }
    const { properties, cuts } = budgetProperties(props, [])
    expect(Object.keys(properties)).toEqual(['first', `k${'x'.repeat(600)}`])
    expect(cuts).toEqual([{ reason: 'too_large', names: [`j${'y'.repeat(600)}`] }])
  })
})

describe('event properties over HTTP', () => {
  const vendor = useFakeVendor({ defaultReply: okResponder })

  let n = 0
  const setup = () =>
    recordingHarness(mailchimp, { apiKey: API_KEY, listId: LIST_ID, baseUrl: `${vendor.url}/3.0` })
  const sentEvent = () =>
    vendor.requests.find((r) => r.path === `/3.0/lists/${LIST_ID}/members/${CUSTOMER_HASH}/events`)

  it('an oversized event: extra_props left out first, then values cut; delivered, counted, named', async () => {
    const { h, logger, metrics } = setup()
    const result = await h.run(
      sampleEvent('points-earned', {
        bhid: `ep-${++n}`,
        segment_props: { BH_Source: 'order', BH_Note: 'n'.repeat(1200) },
        extra_props: { BH_Points: 50, order_id: 'ORDER-789', BH_Cart: 'c'.repeat(300) },
      }),
    )
    expect(result).toMatchObject({ outcome: 'sent', vendorStatus: 204 })
    const body = sentEvent()?.body as { name: string; properties: Record<string, string> }
    expect(body.name).toBe('points_earned')
    expect(Object.keys(body.properties)).toEqual(['BH_Source', 'BH_Note'])
    expect(body.properties.BH_Source).toBe('order')
    expect(body.properties.BH_Note).toBe('n'.repeat(1000 - 9 - 5 - 7))
    expect(size(body.properties)).toBe(EVENT_PROPERTIES_BUDGET)
    expect(metrics.fieldDrops).toEqual([
      ['too_large', 3],
      ['too_long', 1],
    ])
    const warns = logger.lines.filter((l) => l.level === 'warn').map((l) => l.obj)
    expect(warns).toEqual([
      {
        connector: 'mailchimp',
        reason: 'too_large',
        fields: ['BH_Cart', 'order_id', 'BH_Points'],
        count: 3,
      },
      { connector: 'mailchimp', reason: 'too_long', fields: ['BH_Note'], count: 1 },
    ])
    expect(JSON.stringify(logger.lines)).not.toContain('nnnn')
  })

  it('an event within the budget is sent whole and reports nothing', async () => {
    const { h, logger, metrics } = setup()
    await h.run(sampleEvent('points-earned', { bhid: `ep-${++n}` }))
    expect(sentEvent()?.body).toMatchObject({
      properties: { BH_Source: 'order', BH_Points: '50', order_id: 'ORDER-789' },
    })
    expect(metrics.fieldDrops).toEqual([])
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([])
  })

  it('sends new_user and referred_user as properties when the event carries them', async () => {
    const { h } = setup()
    await h.run(sampleEvent('referral-approved-receiver', { bhid: `ep-${++n}`, new_user: false }))
    expect(sentEvent()?.body).toMatchObject({
      name: 'referral_approved_receiver',
      properties: { BH_Channel: 'email', new_user: 'false', referred_user: 'true' },
    })
  })
})
