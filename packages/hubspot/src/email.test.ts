/**
 * The local email check: HubSpot's format rules (RFC 2822, no quoted local part, a TLD-shaped
 * last label; https://legacydocs.hubspot.com/docs/faq/how-does-hubspot-validate-email-addresses).
 */
import { describe, expect, it } from 'vitest'
import { isAcceptableEmail } from './email'

describe('isAcceptableEmail', () => {
  it('accepts ordinary, tagged, new-TLD and unicode addresses', () => {
    for (const email of [
      'customer@example.com',
      'jane.doe+loyalty@shop.co.uk',
      'xyz@test.design',
      "o'brien@example.ie",
      'user@email.삼성',
      'user@example.xn--p1ai',
      'josé@correo.es',
    ]) {
      expect(isAcceptableEmail(email), email).toBe(true)
    }
  })

  it('refuses what HubSpot answers INVALID_EMAIL for', () => {
    for (const email of [
      'not-an-email',
      'jane@example',
      'jane@localhost',
      '"jane doe"@example.com',
      'jane doe@example.com',
      '@example.com',
      'jane@',
      'jane..doe@example.com',
      '.jane@example.com',
      'jane@-example.com',
      'jane@example.123',
      'jane@exa mple.com',
      `${'a'.repeat(65)}@example.com`,
      `jane@${'a'.repeat(250)}.com`,
    ]) {
      expect(isAcceptableEmail(email), email).toBe(false)
    }
  })
})
