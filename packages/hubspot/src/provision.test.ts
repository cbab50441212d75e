/**
 * provision(): the `bubblehouse` property group and the mapped properties with their types.
 * Properties API: POST /crm/v3/properties/contacts/groups and POST /crm/v3/properties/contacts.
 */

import { noopLogger } from '@bubblehouse-hooks/core'
import { describe, expect, it } from 'vitest'
import { FIXTURES, hubspotHarness, propertyList, useHubspotVendor } from './__fixtures__/kit'
import { HubspotOptionsSchema } from './options'
import { wantedProperties } from './provision'

const vendor = useHubspotVendor()

const probe = () => ({ signal: AbortSignal.timeout(10_000), logger: noopLogger })
const created = (request: { body: unknown }) => ({ status: 201, body: request.body })

describe('wantedProperties', () => {
  it('lists the documented keys, the last-event fields and their types', () => {
    expect(wantedProperties(HubspotOptionsSchema.parse({ accessToken: 't' }))).toEqual([
      { name: 'bubblehouse_points_balance', type: 'number' },
      { name: 'bubblehouse_points_next_expiration_amount', type: 'number' },
      { name: 'bubblehouse_points_next_expiration_date', type: 'date' },
      { name: 'bubblehouse_tier', type: 'string' },
      { name: 'bubblehouse_magic_link', type: 'string' },
      { name: 'bubblehouse_last_event', type: 'string' },
      { name: 'bubblehouse_last_event_at', type: 'datetime' },
    ])
  })

  it('follows renames, drops nulls, and adds and retypes through propertyTypes', () => {
    const options = HubspotOptionsSchema.parse({
      accessToken: 't',
      properties: { BH_Tier: 'loyalty_tier', BH_MagicLink: null, BH_Email: 'email', BH_VIP: 'vip' },
      fields: { last_event: null },
      propertyTypes: {
        vip: 'bool',
        bubblehouse_referrals: 'number',
        bubblehouse_points_balance: 'string',
      },
    })
    expect(wantedProperties(options)).toEqual([
      { name: 'bubblehouse_points_balance', type: 'string' },
      { name: 'bubblehouse_points_next_expiration_amount', type: 'number' },
      { name: 'bubblehouse_points_next_expiration_date', type: 'date' },
      { name: 'loyalty_tier', type: 'string' },
      { name: 'vip', type: 'bool' },
      { name: 'bubblehouse_last_event_at', type: 'datetime' },
      { name: 'bubblehouse_referrals', type: 'number' },
    ])
  })
})

describe('provision', () => {
  it('creates the group and every missing property with its type; reports existing ones', async () => {
    vendor().route('GET', '/crm/v3/properties/contacts', {
      status: 200,
      body: propertyList(['email', 'firstname', 'lastname', 'bubblehouse_tier']),
    })
    vendor().route('POST', '/crm/v3/properties/contacts/groups', created)
    vendor().route('POST', '/crm/v3/properties/contacts', created)
    const { connector } = hubspotHarness(vendor().url)
    const items = await connector.provision?.(probe())
    expect(items).toEqual([
      { name: 'property group bubblehouse', action: 'created' },
      { name: 'property bubblehouse_points_balance', action: 'created' },
      { name: 'property bubblehouse_points_next_expiration_amount', action: 'created' },
      { name: 'property bubblehouse_points_next_expiration_date', action: 'created' },
      { name: 'property bubblehouse_tier', action: 'exists' },
      { name: 'property bubblehouse_magic_link', action: 'created' },
      { name: 'property bubblehouse_last_event', action: 'created' },
      { name: 'property bubblehouse_last_event_at', action: 'created' },
    ])
    const posts = vendor().requests.filter((r) => r.method === 'POST')
    expect(posts[0]).toMatchObject({
      path: '/crm/v3/properties/contacts/groups',
      body: { name: 'bubblehouse', label: 'Bubblehouse', displayOrder: -1 },
    })
    expect(posts[0]?.headers.authorization).toBe('Bearer pat-na1-test')
    expect(posts[1]?.body).toEqual({
      name: 'bubblehouse_points_balance',
      label: 'Bubblehouse points balance',
      description: 'Written by bubblehouse-hooks from Bubblehouse loyalty events.',
      groupName: 'bubblehouse',
      type: 'number',
      fieldType: 'number',
      formField: false,
    })
    const types = posts.slice(1).map((r) => {
      const body = r.body as { name: string; type: string; fieldType: string }
      return [body.name, body.type, body.fieldType]
    })
    expect(types).toEqual([
      ['bubblehouse_points_balance', 'number', 'number'],
      ['bubblehouse_points_next_expiration_amount', 'number', 'number'],
      ['bubblehouse_points_next_expiration_date', 'date', 'date'],
      ['bubblehouse_magic_link', 'string', 'text'],
      ['bubblehouse_last_event', 'string', 'text'],
      ['bubblehouse_last_event_at', 'datetime', 'date'],
    ])
  })

  it('creates a bool with its two options', async () => {
    vendor().route('GET', '/crm/v3/properties/contacts', { status: 200, body: propertyList() })
    vendor().route('POST', '/crm/v3/properties/contacts/groups', {
      status: 409,
      body: { status: 'error', message: 'exists', category: 'CONFLICT' },
    })
    vendor().route('POST', '/crm/v3/properties/contacts', created)
    const { connector } = hubspotHarness(vendor().url, {
      propertyTypes: { bubblehouse_vip: 'bool' },
    })
    const items = await connector.provision?.(probe())
    expect(items?.[0]).toEqual({ name: 'property group bubblehouse', action: 'exists' })
    const vip = vendor().requests.find(
      (r) => r.method === 'POST' && JSON.stringify(r.body).includes('bubblehouse_vip'),
    )
    expect(vip?.body).toMatchObject({
      type: 'bool',
      fieldType: 'booleancheckbox',
      options: [
        { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
        { label: 'No', value: 'false', displayOrder: 1, hidden: false },
      ],
    })
  })

  it('is idempotent: a 409 on create is exists, and every other answer is a failed item, never a throw', async () => {
    vendor().route('GET', '/crm/v3/properties/contacts', {
      status: 403,
      body: FIXTURES['403-missing-scopes'],
    })
    vendor().route('POST', '/crm/v3/properties/contacts/groups', {
      status: 403,
      body: FIXTURES['403-missing-scopes'],
    })
    let calls = 0
    vendor().route('POST', '/crm/v3/properties/contacts', () =>
      ++calls === 1
        ? {
            status: 409,
            body: { status: 'error', message: 'Property already exists', category: 'CONFLICT' },
          }
        : { status: 403, body: FIXTURES['403-missing-scopes'] },
    )
    const { connector } = hubspotHarness(vendor().url)
    const items = (await connector.provision?.(probe())) ?? []
    expect(items[0]).toEqual({
      name: 'property group bubblehouse',
      action: 'failed',
      detail: 'HUBSPOT_MISSING_SCOPES: the private app lacks a scope this call needs',
    })
    expect(items[1]).toEqual({ name: 'property bubblehouse_points_balance', action: 'exists' })
    expect(items.slice(2).every((item) => item.action === 'failed')).toBe(true)
    expect(JSON.stringify(items)).not.toContain('pat-na1-test')
  })

  it('makes the next delivery read the property list again', async () => {
    vendor().route('GET', '/crm/v3/properties/contacts', { status: 200, body: propertyList() })
    vendor().setDefault(created)
    const h = hubspotHarness(vendor().url)
    await h.connector.check?.(probe())
    await h.connector.provision?.(probe())
    vendor().reset()
    vendor().route('GET', '/crm/v3/properties/contacts', { status: 200, body: propertyList() })
    const { sampleEvent } = await import('@bubblehouse-hooks/core/testing')
    await h.run(sampleEvent('birthday', { bhid: 'provision-then-run' }))
    expect(vendor().requests.map((r) => r.method)).toEqual(['GET', 'POST'])
  })
})
