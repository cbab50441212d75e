import { ConfigError, createConnector } from '@bubblehouse-hooks/core'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import hubspot from './index'
import { HubspotOptionsSchema } from './options'

describe('options', () => {
  it('needs only the access token; everything else has a default', () => {
    expect(HubspotOptionsSchema.parse({ accessToken: 'pat-na1-test' })).toEqual({
      accessToken: 'pat-na1-test',
      baseUrl: 'https://api.hubapi.com',
      timeoutMs: 10_000,
      events: { deny: [] },
      properties: {},
      fields: {
        first_name: 'firstname',
        last_name: 'lastname',
        last_event: 'bubblehouse_last_event',
        last_event_at: 'bubblehouse_last_event_at',
      },
      propertyTypes: {},
      propertyCacheTtlMs: 600_000,
    })
  })

  it('names the path of a missing token', () => {
    expect(() => createConnector(hubspot, {})).toThrow(ConfigError)
    expect(() => createConnector(hubspot, {})).toThrow(/connectors\.hubspot\.accessToken/)
  })

  it.each([
    ['a property name with capitals', { properties: { BH_Tier: 'Loyalty_Tier' } }],
    ['a field name with a dash', { fields: { last_event: 'last-event' } }],
    ['an unknown property type', { propertyTypes: { bubblehouse_tier: 'enumeration' } }],
    ['a base URL that is not a URL', { baseUrl: 'api.hubapi.com' }],
    ['a portal id with letters', { customEvents: { portalId: 'abc', events: {} } }],
    [
      'an event property name HubSpot refuses',
      {
        customEvents: {
          portalId: '1',
          events: { Birthday: { name: 'birthday', properties: { BH_X: 'X-1' } } },
        },
      },
    ],
    [
      'more than 50 event properties',
      {
        customEvents: {
          portalId: '1',
          events: {
            Birthday: {
              name: 'birthday',
              properties: Object.fromEntries(
                Array.from({ length: 51 }, (_, i) => [`k${i}`, `p${i}`]),
              ),
            },
          },
        },
      },
    ],
    [
      'an event name with spaces',
      { customEvents: { portalId: '1', events: { Birthday: 'happy birthday' } } },
    ],
  ])('rejects %s', (_, input) => {
    expect(HubspotOptionsSchema.safeParse({ accessToken: 't', ...input }).success).toBe(false)
  })

  it('keeps a partial fields block complete', () => {
    const parsed = HubspotOptionsSchema.parse({ accessToken: 't', fields: { first_name: null } })
    expect(parsed.fields).toEqual({
      first_name: null,
      last_name: 'lastname',
      last_event: 'bubblehouse_last_event',
      last_event_at: 'bubblehouse_last_event_at',
    })
  })

  it('describes every option (the README table and the config JSON Schema come from it)', () => {
    const schema = z.toJSONSchema(HubspotOptionsSchema, { io: 'input', unrepresentable: 'any' })
    const undescribed: string[] = []
    const walk = (node: Record<string, unknown>, path: string) => {
      const props = node.properties
      if (!props || typeof props !== 'object') return
      for (const [name, child] of Object.entries(
        props as Record<string, Record<string, unknown>>,
      )) {
        if (typeof child.description !== 'string') undescribed.push(`${path}${name}`)
        walk(child, `${path}${name}.`)
      }
    }
    walk(schema as Record<string, unknown>, '')
    expect(undescribed).toEqual([])
  })
})
