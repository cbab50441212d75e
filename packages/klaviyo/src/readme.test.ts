import { readFileSync } from 'node:fs'
import { runReadmeContract } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { KlaviyoOptions } from './options'
import { KLAVIYO_RULES } from './rules'

// The README's tables must follow the code (scripts/docs.mjs writes the options table from dist).
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

runReadmeContract({ readme, options: KlaviyoOptions, rules: KLAVIYO_RULES })

describe('README', () => {
  it('never advises points as the monetary event value', () => {
    expect(readme).not.toMatch(/valueProp: BH_Points/)
  })
})
