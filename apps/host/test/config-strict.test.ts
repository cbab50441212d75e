// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/** Unknown keys in any connector block are start-up errors with file, line and "did you mean". */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configSchemaText } from '../src/cli/commands/schema'
import { runCli } from '../src/cli/main'
import { ConfigFileError } from '../src/config/errors'
import { parseConfig } from '../src/config/load'
import { findUnknownKeys } from '../src/config/strict'
import { resolveConnectors } from '../src/connectors/resolve'
import { fixture, tempDir } from './helpers'

const ENV = {
  KLAVIYO_API_KEY: 'pk_test',
  MAILCHIMP_API_KEY: 'abc123-us6',
  HUBSPOT_ACCESS_TOKEN: 'pat-test',
  SEGMENT_WRITE_KEY: 'wk_test',
}

/** The minimal valid block of each built-in connector. */
const MINIMAL: Readonly<Record<string, string>> = {
  log: 'to: stdout',
  klaviyo: 'apiKey: "${KLAVIYO_API_KEY}"',
  mailchimp: 'apiKey: "${MAILCHIMP_API_KEY}"\n    listId: abc123',
  hubspot: 'accessToken: "${HUBSPOT_ACCESS_TOKEN}"',
  segment: 'writeKey: "${SEGMENT_WRITE_KEY}"',
}

async function resolveYaml(yaml: string) {
  return resolveConnectors(parseConfig(yaml, 'hooks.yaml', { env: ENV, dir: process.cwd() }))
}

async function problem(yaml: string): Promise<ConfigFileError> {
  const err = await resolveYaml(yaml).catch((e: unknown) => e)
  if (err instanceof ConfigFileError) return err
  throw new Error(`expected a ConfigFileError, got ${String(err)}`)
}

describe('strict connector options', () => {
  it.each(Object.entries(MINIMAL))('%s: the minimal block is valid', async (id, block) => {
    const resolved = await resolveYaml(`connectors:\n  ${id}:\n    ${block}\n`)
    expect(resolved.map((r) => r.id)).toEqual([id])
  })

  it.each(Object.entries(MINIMAL))('%s: an unknown key is refused', async (id, block) => {
    const err = await problem(`connectors:\n  ${id}:\n    ${block}\n    colour: red\n`)
    const line = 4 + block.split('\n').length - 1
    expect(err.issues).toEqual([
      expect.objectContaining({
        path: `connectors.${id}.colour`,
        message: 'is not a known key',
        line,
      }),
    ])
    expect(err.issues[0]?.hint).toMatch(/^remove it; known keys here: /)
  })

  it('mailchimp: createmembers → did you mean createMembers, with file and line', async () => {
    const err = await problem(
      'connectors:\n  mailchimp:\n    apiKey: "${MAILCHIMP_API_KEY}"\n    listId: abc123\n    createmembers: false\n',
    )
    expect(err.issues).toEqual([
      {
        path: 'connectors.mailchimp.createmembers',
        message: 'is not a known key',
        hint: expect.stringMatching(
          /^createMembers: true {2}# Add customers .*\(did you mean "createMembers"\?\)$/,
        ),
        line: 5,
        col: 5,
      },
    ])
    expect(err.message).toContain(
      'hooks.yaml:5:5: connectors.mailchimp.createmembers is not a known key',
    )
  })

  it('nested objects, array items and union branches are checked too', async () => {
    const err = await problem(
      [
        'connectors:',
        '  klaviyo:',
        '    apiKey: "${KLAVIYO_API_KEY}"',
        '    identity: { externalID: bhid }',
        '  mailchimp:',
        '    apiKey: "${MAILCHIMP_API_KEY}"',
        '    listId: abc123',
        '    tags:',
        '      - { prop: BH_Tier, prefx: "Tier: " }',
        '    mergeFields:',
        '      BH_Custom: BH_CUSTOM', // a record: any key is fine
        '      BH_Other: { tag: BH_OTHER, typ: number }',
        '',
      ].join('\n'),
    )
    expect(
      err.issues.map((i) => [i.path, i.line, i.hint?.match(/did you mean "(\w+)"/)?.[1]]),
    ).toEqual([
      ['connectors.klaviyo.identity.externalID', 4, 'externalId'],
      ['connectors.mailchimp.tags[0].prefx', 9, 'prefix'],
      ['connectors.mailchimp.mergeFields.BH_Other.typ', 12, 'type'],
    ])
  })

  it('unknown keys and invalid values of one block are reported together, in file order', async () => {
    const err = await problem(
      'connectors:\n  hubspot:\n    acessToken: x\n    propertyCacheTtlMs: 5\n',
    )
    expect(err.issues.map((i) => [i.path, i.message])).toEqual([
      ['connectors.hubspot.accessToken', 'is missing'],
      ['connectors.hubspot.acessToken', 'is not a known key'],
      ['connectors.hubspot.propertyCacheTtlMs', expect.stringMatching(/>=1000/)],
    ])
  })

  it('a use: connector written with z.object is strict as well; records and looseObject stay open', async () => {
    const use = `use: ${fixture('loose-connector.mjs')}`
    const ok = await resolveYaml(
      `connectors:\n  crm:\n    ${use}\n    apiKey: k\n    headers: { x-any: "1" }\n    extra: { kind: a, more: b }\n`,
    )
    expect(ok.map((r) => r.id)).toEqual(['crm'])
    const err = await problem(
      `connectors:\n  crm:\n    ${use}\n    apiKey: k\n    retry: { atempts: 5 }\n    colour: x\n`,
    )
    expect(
      err.issues.map((i) => [i.path, i.line, i.hint?.match(/did you mean "(\w+)"/)?.[1]]),
    ).toEqual([
      ['connectors.crm.retry.atempts', 5, 'attempts'],
      ['connectors.crm.colour', 6, undefined],
    ])
  })

  it('findUnknownKeys leaves shapes the schema cannot describe alone', () => {
    expect(findUnknownKeys({}, { anything: 1 })).toEqual([])
    expect(
      findUnknownKeys(
        {
          type: 'object',
          properties: {
            a: { anyOf: [{ type: 'string' }, { type: 'object', properties: { b: {} } }] },
          },
        },
        { a: { b: 1, c: 2 }, d: 3 },
      ),
    ).toEqual([
      { path: ['a'], keys: ['c'] },
      { path: [], keys: ['d'] },
    ])
  })
})

describe('strict connector options: the editor schema', () => {
  it('closes the objects the host closes, and leaves records, option names and data alone', async () => {
    const schema = JSON.parse(await configSchemaText())
    const connectors = schema.properties.connectors.properties
    expect(connectors.mailchimp.additionalProperties).toBe(false)
    expect(connectors.mailchimp.properties.tags.items.additionalProperties).toBe(false)
    expect(connectors.klaviyo.properties.identity.additionalProperties).toBe(false)
    // A record keeps its value schema: any key.
    expect(connectors.mailchimp.properties.mergeFields.additionalProperties).toMatchObject({
      anyOf: expect.any(Array),
    })
    // HubSpot has an option named "properties": the map of options is not a schema node.
    expect(Object.keys(connectors.hubspot.properties)).not.toContain('additionalProperties')
    expect(connectors.hubspot.properties.properties.additionalProperties).toMatchObject({
      anyOf: expect.any(Array),
    })
    // Defaults are data.
    expect(connectors.klaviyo.properties.identity.default).toEqual({ externalId: 'shopid' })
  })
})

describe('strict connector options: the CLI', () => {
  let dir: { dir: string; cleanup(): Promise<void> }
  beforeAll(async () => {
    dir = await tempDir()
  })
  afterAll(() => dir.cleanup())

  it('check prints file:line, the key and the fix, and exits 1', async () => {
    const file = join(dir.dir, 'hooks.yaml')
    await writeFile(
      file,
      'connectors:\n  mailchimp:\n    apiKey: "${MAILCHIMP_API_KEY}"\n    listId: abc123\n    createmembers: false\n',
    )
    let err = ''
    const code = await runCli(['check', '--config', file], {
      out: () => {},
      err: (t) => {
        err += t
      },
      env: ENV,
      cwd: dir.dir,
    })
    expect(code).toBe(1)
    expect(err).toContain(`${file}:5:5: connectors.mailchimp.createmembers is not a known key`)
    expect(err).toContain('write instead: createMembers: true')
    expect(err).toContain('(did you mean "createMembers"?)')
  })
})
