/**
 * HubSpot internal names for Bubblehouse keys. HubSpot internal property names are lower case, so
 * `BH_Points_Balance` becomes `bubblehouse_points_balance`.
 * @module
 */

/** Prefix of the contact properties this connector names and creates. */
export const PROPERTY_PREFIX = 'bubblehouse_'

/** What a HubSpot internal property name looks like (letters, digits, `_`, starting with a letter). */
export const PROPERTY_NAME = /^[a-z][a-z0-9_]{0,99}$/

/**
 * A key in lower-case snake case: accents dropped, camelCase humps and every run of other
 * characters become `_`.
 * @example
 * snakeCase('Points_NextExpiration_Amount') // 'points_next_expiration_amount'
 */
export function snakeCase(key: string): string {
  return key
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
}

/**
 * The default contact property for a `customer_props` key: `bubblehouse_` + the key in snake case
 * without Bubblehouse's own `BH_` prefix.
 * @example
 * defaultPropertyName('BH_Points_Balance') // 'bubblehouse_points_balance'
 * defaultPropertyName('BH_Tier') // 'bubblehouse_tier'
 */
export function defaultPropertyName(key: string): string {
  const bare = snakeCase(key.replace(/^bh_/i, ''))
  return `${PROPERTY_PREFIX}${bare === '' ? 'value' : bare}`.slice(0, 100)
}

/**
 * A label for a property provision creates, from its internal name.
 * @example
 * propertyLabel('bubblehouse_points_balance') // 'Bubblehouse points balance'
 */
export function propertyLabel(name: string): string {
  const words = name.replace(/_+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}
