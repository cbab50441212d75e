import { readFileSync } from 'node:fs'
import { readmeSection, runReadmeContract } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { AttentiveOptions } from './options'
import { ATTENTIVE_RULES } from './rules'

// The README's tables must follow the code (scripts/docs.mjs writes the options table from dist).
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

const section = (heading: string): string => readmeSection(readme, heading)

runReadmeContract({
  readme,
  options: AttentiveOptions,
  rules: ATTENTIVE_RULES,
  sections: ['Events'],
})

describe('README', () => {
  it('shows each plan decision code in the Events table', () => {
    const events = section('Events')
    for (const code of [
      'EVENT_FILTERED',
      'ATTENTIVE_ATTRIBUTE_SYNC_OFF',
      'ATTENTIVE_NO_ATTRIBUTES',
      'ATTENTIVE_NO_IDENTITY',
      'ATTENTIVE_INVALID_EMAIL',
      'ATTENTIVE_INVALID_PHONE',
      'ATTENTIVE_NO_EVENT_TYPE',
    ]) {
      expect(events, code).toContain(`\`${code}\``)
    }
  })
})
