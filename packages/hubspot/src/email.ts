/**
 * A local check of the email a contact is matched on, so an address HubSpot would refuse costs no
 * call. HubSpot checks the format only: RFC 2822, no quoted local part, and a domain ending in a
 * valid TLD (https://legacydocs.hubspot.com/docs/faq/how-does-hubspot-validate-email-addresses).
 * This check is looser (any TLD-shaped last label passes): what it lets through, HubSpot's own
 * `INVALID_EMAIL` answer still catches.
 * @module
 */

/** RFC 5321's limits: 64 characters before the `@`, 254 in all. */
const MAX_LOCAL = 64
const MAX_TOTAL = 254

// Dot-atom local part (RFC 2822 §3.2.4): no quotes, no spaces, no leading, trailing or double dot.
const LOCAL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+)*$/
// Labels of letters (any script), digits and inner hyphens; at least two labels.
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u
// A top-level domain is letters (any script) or an `xn--` IDN label, never digits only.
const TLD = /^(\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu

/**
 * True when HubSpot could accept `email` as a contact's address.
 * @example
 * isAcceptableEmail('jane@example.com') // true
 * isAcceptableEmail('not-an-email') // false
 */
export function isAcceptableEmail(email: string): boolean {
  if (email.length > MAX_TOTAL) return false
  const at = email.lastIndexOf('@')
  if (at < 1) return false
  const local = email.slice(0, at)
  const labels = email.slice(at + 1).split('.')
  const tld = labels.at(-1) ?? ''
  return (
    local.length <= MAX_LOCAL &&
    LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    TLD.test(tld)
  )
}
