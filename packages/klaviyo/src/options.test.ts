import { ConfigError, createConnector } from '@bubblehouse-hooks/core'
import { describe, expect, it } from 'vitest'
import klaviyo from './index'
import { KlaviyoOptions } from './options'

describe('KlaviyoOptions', () => {
  it('needs only the API key and fills in the documented defaults', () => {
    expect(KlaviyoOptions.parse({ apiKey: 'pk_x' })).toEqual({
      apiKey: 'pk_x',
      baseUrl: 'https://a.klaviyo.com',
      timeoutMs: 10_000,
      events: { deny: [] },
      metricPrefix: '',
      eventNames: {},
      eventProps: ['segment_props', 'extra_props'],
      identity: { externalId: 'shopid' },
      profileProps: {},
      customerOnly: 'import',
    })
  })

  it('names the path of a missing API key', () => {
    expect(() => createConnector(klaviyo, {})).toThrow(ConfigError)
    expect(() => createConnector(klaviyo, {})).toThrow(/connectors\.klaviyo\.apiKey/)
  })

  it.each([
    [{ baseUrl: 'not a url' }, 'baseUrl'],
    [{ timeoutMs: 60_000 }, 'timeoutMs'],
    [{ identity: { externalId: 'email' } }, 'identity.externalId'],
    [{ customerOnly: 'update' }, 'customerOnly'],
    [{ profileProps: { BH_Tier: '' } }, 'profileProps.BH_Tier'],
  ])('rejects %j at %s', (input, path) => {
    expect(() => createConnector(klaviyo, { apiKey: 'pk_x', ...input })).toThrow(
      new RegExp(`connectors\\.klaviyo\\.${path.replace('.', '\\.')}`),
    )
  })

  it('describes every option (the docs and the config JSON Schema come from it)', () => {
    const schema = KlaviyoOptions.toJSONSchema({ io: 'input', unrepresentable: 'any' }) as {
      properties: Record<
        string,
        { description?: string; properties?: Record<string, { description?: string }> }
      >
    }
    for (const [name, prop] of Object.entries(schema.properties)) {
      expect(prop.description, name).toBeTruthy()
      for (const [inner, sub] of Object.entries(prop.properties ?? {})) {
        expect(sub.description, `${name}.${inner}`).toBeTruthy()
      }
    }
  })
})
