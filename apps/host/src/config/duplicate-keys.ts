/**
 * Duplicate mapping keys, found in one pass. The yaml library's own `uniqueKeys` check compares
 * every key with every other of its map: with 1,000 tenants that was half the parse time.
 * @module
 */
import { type Document, isMap, isScalar, visit } from 'yaml'

/** The first key written twice in one mapping: its text and where the second one starts. */
export function firstDuplicateKey(
  doc: Document,
): { readonly key: string; readonly offset: number | undefined } | undefined {
  let found: { key: string; offset: number | undefined } | undefined
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return undefined
      const seen = new Set<unknown>()
      for (const pair of map.items) {
        // Scalar keys by value (`1` and `"1"` differ, as in yaml's check); others cannot repeat here.
        const key = isScalar(pair.key) ? pair.key.value : pair.key
        if (seen.has(key)) {
          found = {
            key: String(key),
            offset: isScalar(pair.key) ? pair.key.range?.[0] : undefined,
          }
          return visit.BREAK
        }
        seen.add(key)
      }
      return undefined
    },
  })
  return found
}
