import { ConfigError, createConnector } from '@bubblehouse-hooks/core'
import { describe, expect, it } from 'vitest'
import omnisend from './index'
import { OmnisendOptions } from './options'

describe('OmnisendOptions', () => {
  it('needs only the API key and fills in the documented defaults', () => {
    expect(OmnisendOptions.parse({ apiKey: 'k' })).toEqual({
      apiKey: 'k',
      baseUrl: 'https://api.omnisend.com/api',
      timeoutMs: 10_000,
      events: { deny: [] },
      eventNames: {},
      eventProps: ['segment_props', 'extra_props'],
      origin: 'api',
      propertyPrefix: 'bh_',
      contactProps: {},
      customerOnly: 'upsert',
    })
  })

  it('names the path of a missing API key', () => {
    expect(() => createConnector(omnisend, {})).toThrow(ConfigError)
    expect(() => createConnector(omnisend, {})).toThrow(/connectors\.omnisend\.apiKey/)
  })

  it.each([
    [{ baseUrl: 'not a url' }, 'baseUrl'],
    [{ timeoutMs: 60_000 }, 'timeoutMs'],
    [{ origin: '' }, 'origin'],
    [{ propertyPrefix: 'bh-' }, 'propertyPrefix'],
    [{ contactProps: { BH_Tier: 'vip tier' } }, 'contactProps.BH_Tier'],
    [{ contactProps: { BH_Tier: 'x'.repeat(129) } }, 'contactProps.BH_Tier'],
    [{ customerOnly: 'import' }, 'customerOnly'],
  ])('rejects %j at %s', (input, path) => {
    expect(() => createConnector(omnisend, { apiKey: 'k', ...input })).toThrow(
      new RegExp(`connectors\\.omnisend\\.${path.replace('.', '\\.')}`),
    )
  })

  it('describes every option (the docs and the config JSON Schema come from it)', () => {
    const schema = OmnisendOptions.toJSONSchema({ io: 'input', unrepresentable: 'any' }) as {
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
