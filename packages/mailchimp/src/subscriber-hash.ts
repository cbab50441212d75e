/** Mailchimp's member id. @module */
import { createHash } from 'node:crypto'

/**
 * The subscriber hash Mailchimp keys a list member by: the MD5 of the lower-cased email.
 * https://mailchimp.com/developer/marketing/docs/methods-parameters/#path-parameters
 * @example
 * subscriberHash('Jane@Example.com') // '9e26471d35a78862c17e467d87cddedf'
 */
export function subscriberHash(email: string): string {
  return createHash('md5').update(email.trim().toLowerCase()).digest('hex')
}
