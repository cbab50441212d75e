/**
 * Turn zod issues into {@link ConfigIssue}s with a "write instead" hint, read from the JSON Schema
 * of the same zod schema (description, default, enum, examples), so every hint stays in sync with
 * the schema.
 * @module
 */
import type { z } from 'zod'
import type { ConfigIssue } from './errors'
import { formatPath } from './errors'
import { closest } from './suggest'

/** A JSON Schema node, read loosely. */
export type JsonSchema = { readonly [key: string]: unknown }

/** True for a schema node (a plain object). */
export const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** `node`, or the node its `$ref` points at. */
export function resolveRef(root: JsonSchema, node: JsonSchema): JsonSchema {
  const ref = node.$ref
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return node
  let target: unknown = root
  for (const part of ref.slice(2).split('/')) target = isSchema(target) ? target[part] : undefined
  return isSchema(target) ? target : node
}

/** The branches of an `anyOf` / `oneOf` / `allOf` node. */
export function alternatives(node: JsonSchema): JsonSchema[] {
  const list = [node.anyOf, node.oneOf, node.allOf].flatMap((v) => (Array.isArray(v) ? v : []))
  return list.filter(isSchema)
}

/** The sub-schema at `segments`, following properties, items, records and unions. */
export function schemaAt(
  root: JsonSchema,
  segments: readonly PropertyKey[],
): JsonSchema | undefined {
  let node: JsonSchema | undefined = resolveRef(root, root)
  for (const segment of segments) {
    if (!node) return undefined
    node = childOf(root, node, segment)
  }
  return node
}

function childOf(root: JsonSchema, node: JsonSchema, segment: PropertyKey): JsonSchema | undefined {
  const here = resolveRef(root, node)
  const properties = here.properties
  if (typeof segment === 'string' && isSchema(properties) && isSchema(properties[segment])) {
    return resolveRef(root, properties[segment])
  }
  if (typeof segment === 'number' && isSchema(here.items)) return resolveRef(root, here.items)
  for (const option of alternatives(here)) {
    const found = childOf(root, option, segment)
    if (found) return found
  }
  if (typeof segment === 'string' && isSchema(here.additionalProperties)) {
    return resolveRef(root, here.additionalProperties)
  }
  return undefined
}

/** Property names a schema node allows (for "did you mean"). */
export function knownKeys(root: JsonSchema, node: JsonSchema | undefined): string[] {
  if (!node) return []
  const here = resolveRef(root, node)
  const own = isSchema(here.properties) ? Object.keys(here.properties) : []
  return [...new Set([...own, ...alternatives(here).flatMap((o) => knownKeys(root, o))])]
}

const SECRET_KEY = /(secret|token|password|api_?key|write_?key|private_?key|access_?key)$/i

function upperSnake(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase()
}

function yamlValue(value: unknown): string {
  if (typeof value === 'string') return /^[\w./:@-]+$/.test(value) ? value : JSON.stringify(value)
  return JSON.stringify(value)
}

function exampleValue(schema: JsonSchema | undefined, key: string, envPrefix: string): string {
  if (!schema) return '...'
  const types = Array.isArray(schema.type) ? schema.type : [schema.type]
  if (types.includes('string') && SECRET_KEY.test(key)) {
    return `"\${${upperSnake(`${envPrefix}_${key}`).replace(/^_/, '')}}"`
  }
  if (Array.isArray(schema.examples) && schema.examples.length > 0) {
    return yamlValue(schema.examples[0])
  }
  if (schema.default !== undefined && !isSchema(schema.default)) return yamlValue(schema.default)
  if (schema.const !== undefined) return yamlValue(schema.const)
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return yamlValue(schema.enum[0])
  if (types.includes('integer') || types.includes('number')) {
    return String(typeof schema.minimum === 'number' ? schema.minimum : 1)
  }
  if (types.includes('boolean')) return 'true'
  if (types.includes('array')) return '[...]'
  if (types.includes('object')) return '{ ... }'
  if (types.includes('string')) return '"..."'
  const options = alternatives(schema)
  return options.length > 0 ? exampleValue(options[0], key, envPrefix) : '...'
}

/** `key: example  # description` for the value at `segments`. */
export function writeHint(
  root: JsonSchema,
  segments: readonly PropertyKey[],
  envPrefix = '',
): string | undefined {
  const key = segments.at(-1)
  if (key === undefined) return undefined
  const schema = schemaAt(root, segments)
  const example = exampleValue(schema, String(key), envPrefix)
  const description = typeof schema?.description === 'string' ? `  # ${schema.description}` : ''
  const label = typeof key === 'number' ? '-' : `${String(key)}:`
  return `${label} ${example}${description}`
}

const strip = (message: string) => message.replace(/^Invalid input: /, '')

/** Where a path sits in the file. */
export type Locate = (
  segments: readonly PropertyKey[],
  which?: 'key' | 'value',
) => { line: number; col: number } | undefined

/** Options of {@link issuesFromZod}. */
export interface FromZodOptions {
  /** The JSON Schema of the zod schema that produced the issues. */
  readonly schema: JsonSchema
  /** Prefix of every path (e.g. `['connectors', 'klaviyo']`). */
  readonly base?: readonly PropertyKey[]
  /** Prefix of suggested environment variable names (e.g. `klaviyo`). */
  readonly envPrefix?: string
  readonly locate: Locate
}

/** Where `segments` (under `options.base`) sit; a missing key points at its closest parent. */
function positionOf(
  options: FromZodOptions,
  segments: readonly PropertyKey[],
  which: 'key' | 'value' = 'value',
): { line: number; col: number } | undefined {
  const base = options.base ?? []
  for (let n = segments.length; n >= 0; n--) {
    const found = options.locate(
      [...base, ...segments.slice(0, n)],
      n === segments.length ? which : 'key',
    )
    if (found) return found
  }
  return undefined
}

/**
 * One {@link ConfigIssue} per key of `keys` that the object at `segments` does not allow, each
 * with "did you mean" when a known key is close.
 * @example
 * unknownKeyIssues([], ['createmembers'], { schema, base: ['connectors', 'mailchimp'], locate })
 */
export function unknownKeyIssues(
  segments: readonly PropertyKey[],
  keys: readonly string[],
  options: FromZodOptions,
): ConfigIssue[] {
  const base = options.base ?? []
  const known = knownKeys(options.schema, schemaAt(options.schema, segments))
  return keys.map((key) => {
    const guess = closest(key, known)
    return {
      path: formatPath([...base, ...segments, key]),
      message: 'is not a known key',
      hint: guess
        ? `${writeHint(options.schema, [...segments, guess], options.envPrefix) ?? guess}   (did you mean "${guess}"?)`
        : `remove it; known keys here: ${known.join(', ') || '(none)'}`,
      ...positionOf(options, [...segments, key], 'key'),
    }
  })
}

/**
 * One {@link ConfigIssue} per zod issue (per key for unknown keys), each with a hint.
 * @example
 * issuesFromZod(result.error.issues, { schema, locate })
 */
export function issuesFromZod(
  issues: readonly z.core.$ZodIssue[],
  options: FromZodOptions,
): ConfigIssue[] {
  const base = options.base ?? []
  const out: ConfigIssue[] = []
  for (const issue of issues) {
    const segments = issue.path
    const position = positionOf(options, segments)
    const path = formatPath([...base, ...segments])
    if (issue.code === 'unrecognized_keys') {
      out.push(...unknownKeyIssues(segments, issue.keys, options))
      continue
    }
    if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
      const choices = issue.options.map(String)
      out.push({
        path,
        message: `must be one of: ${choices.join(', ')}`,
        hint: `${String(segments.at(-1) ?? 'kind')}: ${choices[0] ?? '...'}`,
        ...position,
      })
      continue
    }
    const missing = issue.code === 'invalid_type' && / received undefined$/.test(issue.message)
    out.push({
      path,
      message: missing ? 'is missing' : strip(issue.message),
      hint: writeHint(options.schema, segments, options.envPrefix),
      ...position,
    })
  }
  return out
}
