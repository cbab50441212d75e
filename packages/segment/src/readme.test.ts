import { readFileSync } from 'node:fs'
import { readmeSection, runReadmeContract } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { SegmentOptionsSchema } from './options'
import { SEGMENT_RULES } from './rules'

// The README's options and outcome tables must follow the code until a generator owns them.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

const section = (heading: string): string => readmeSection(readme, heading)

runReadmeContract({
  readme,
  options: SegmentOptionsSchema,
  rules: SEGMENT_RULES,
  sections: ['Events', 'Why not the Segment SDK'],
})

describe('README', () => {
  it('gives the example config with the write key from the environment and an explicit region', () => {
    const example = section('Example config')
    expect(example).toContain('connectors:\n  segment:\n')
    expect(example).toContain(`writeKey: "\${SEGMENT_WRITE_KEY}"`)
    expect(example).toMatch(/region: (us|eu)/)
    // The same block as the host would read it (no YAML parser in this package).
    const parsed = SegmentOptionsSchema.safeParse({
      writeKey: 'DmBXIN4JnwqBnTqXccTF0wBnLXNQmFtk',
      region: 'eu',
      userIdSource: 'bhid',
      traitMapping: { BH_MagicLink: null },
      eventNames: { 'Points Earned': 'Loyalty Points Earned' },
      propertyMapping: { BH_Sender_Email: null },
      events: { deny: ['Birthday'] },
      oversize: 'drop_props',
    })
    expect(parsed.success).toBe(true)
    for (const key of Object.keys(parsed.data ?? {})) {
      if (['timeoutMs', 'customerTraits', 'propsSources'].includes(key)) continue
      expect(example, key).toContain(`${key}:`)
    }
  })
})
