/**
 * Unknown keys anywhere in a connector block. Connector option schemas may be `z.object`, which
 * strips unknown keys silently: a misspelt `createmembers: false` would be ignored and members
 * created anyway. So the host walks the block against the JSON Schema of the options (input side)
 * and reports every key no object there declares, whatever the connector's zod schema does.
 * Objects that allow extra keys (records, `z.looseObject`, shapes zod cannot express) are left
 * alone.
 * @module
 */
import type { ConfigIssue } from './errors'
import {
  alternatives,
  type FromZodOptions,
  isSchema,
  type JsonSchema,
  resolveRef,
  unknownKeyIssues,
} from './hints'

/** Keys the object at `path` does not declare. */
export interface UnknownKeys {
  readonly path: readonly (string | number)[]
  readonly keys: readonly string[]
}

/** `node` and, recursively, every branch of its unions. */
function branches(root: JsonSchema, node: JsonSchema): JsonSchema[] {
  const here = resolveRef(root, node)
  return [here, ...alternatives(here).flatMap((option) => branches(root, option))]
}

/** A node that says nothing about its shape (`{}`, a description only): anything goes. */
const isOpen = (node: JsonSchema) =>
  node.type === undefined &&
  node.properties === undefined &&
  node.additionalProperties === undefined &&
  node.items === undefined &&
  alternatives(node).length === 0 &&
  node.const === undefined &&
  node.enum === undefined

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function visit(
  root: JsonSchema,
  node: JsonSchema,
  value: unknown,
  path: (string | number)[],
  out: UnknownKeys[],
): void {
  const options = branches(root, node)
  if (options.some(isOpen)) return
  if (Array.isArray(value)) {
    const items = options.map((o) => o.items).find(isSchema)
    if (items) {
      for (const [i, item] of value.entries()) visit(root, items, item, [...path, i], out)
    }
    return
  }
  if (!isPlainObject(value)) return
  const objects = options.filter(
    (o) => isSchema(o.properties) || o.additionalProperties !== undefined,
  )
  if (objects.length === 0) return
  const extra = objects.map((o) => o.additionalProperties).find((a) => a === true || isSchema(a))
  const unknown: string[] = []
  for (const [key, item] of Object.entries(value)) {
    const declared = objects
      .map((o) => (isSchema(o.properties) ? o.properties[key] : undefined))
      .find(isSchema)
    if (declared) visit(root, declared, item, [...path, key], out)
    else if (isSchema(extra)) visit(root, extra, item, [...path, key], out)
    else if (extra === undefined) unknown.push(key)
  }
  if (unknown.length > 0) out.push({ path, keys: unknown })
}

/**
 * Every key of `value` that its JSON Schema does not declare.
 * @example
 * findUnknownKeys(schema, { createmembers: false }) // [{ path: [], keys: ['createmembers'] }]
 */
export function findUnknownKeys(schema: JsonSchema, value: unknown): UnknownKeys[] {
  const out: UnknownKeys[] = []
  visit(schema, schema, value, [], out)
  return out
}

/**
 * {@link findUnknownKeys} as config issues (file position, "did you mean"), leaving out paths
 * already in `reported` (a strict zod schema reports its own unknown keys).
 */
export function unknownKeyConfigIssues(
  value: unknown,
  options: FromZodOptions,
  reported: readonly ConfigIssue[] = [],
): ConfigIssue[] {
  const seen = new Set(reported.map((issue) => issue.path))
  return findUnknownKeys(options.schema, value)
    .flatMap(({ path, keys }) => unknownKeyIssues(path, keys, options))
    .filter((issue) => !seen.has(issue.path))
}
