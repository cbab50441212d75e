/**
 * Contact custom property names in Omnisend's convention: prefixed snake_case, e.g.
 * `BH_Points_Balance` → `bh_points_balance` (names may hold only latin letters, digits and `_`,
 * https://api-docs.omnisend.com/v4.0/reference/contacts).
 * @module
 */

/**
 * The snake_case words of a customer_props key, without its `BH_` prefix: camel humps and
 * acronyms split, accents dropped (`é` → `e`), anything else but latin letters and digits a
 * separator.
 * @example
 * snakeWords('BH_Points_NextExpiration_Amount') // 'points_next_expiration_amount'
 */
export function snakeWords(key: string): string {
  return key
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/^BH_/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase())
    .join('_')
}

/**
 * The custom property name of a customer_props key: the prefix plus its snake_case words. A key
 * with no latin letter or digit keeps its own name, so the fit step leaves it out under the name
 * the merchant knows.
 * @example
 * customPropertyName('BH_Points_Balance', 'bh_') // 'bh_points_balance'
 */
export function customPropertyName(key: string, prefix: string): string {
  const words = snakeWords(key)
  return words === '' ? key : `${prefix}${words}`
}
