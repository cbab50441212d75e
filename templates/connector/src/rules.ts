import type { ClassifyRule } from '@bubblehouse-hooks/core'

/**
 * __TITLE__ answers that core's defaults do not classify right, first match wins. Each row needs a
 * test with a real vendor body in src/__fixtures__ (name it <status>-<reason>.json, link the doc).
 */
export const __CONST___RULES: readonly ClassifyRule[] = [
  {
    code: '__PREFIX___INVALID_EMAIL',
    when: { status: 400, body: { 'errors.field': 'email' } },
    outcome: 'invalid_data',
    reason: 'the vendor rejected the email address',
  },
]
