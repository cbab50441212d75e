/**
 * Turn the `connectors:` blocks into validated connector definitions: built-ins by id, third-party
 * connectors by `use:`, each block checked with that connector's own options schema. Every
 * problem of every block is reported at once.
 * @module
 */
import type { ConnectorDefinition } from '@bubblehouse-hooks/core'
import { z } from 'zod'
import { safeParseCoercing } from '../config/coerce'
import { ConfigFileError, type ConfigIssue, formatPath } from '../config/errors'
import { issuesFromZod, type JsonSchema } from '../config/hints'
import type { LoadedConfig } from '../config/load'
import { placeholdersFor, withPlaceholderHints } from '../config/placeholders'
import { CONNECTOR_KEY } from '../config/schema'
import { unknownKeyConfigIssues } from '../config/strict'
import { closest } from '../config/suggest'
import { withVariableNames } from '../config/variables'
import { isRecord } from '../guards'
import { BUILTIN_IDS, definitionOf, isBuiltinId, loadBuiltin } from './builtins'
import { ConnectorImportError, importConnectorModule } from './import-package'

/** A connector block, resolved and validated. */
export interface ResolvedConnector {
  /** The config key: the route segment, the store key prefix and the metrics label. */
  readonly id: string
  readonly definition: ConnectorDefinition
  /** The block as written, without `use` (the connector's `create` parses it again). */
  readonly rawOptions: Readonly<Record<string, unknown>>
  /** The parsed options (defaults applied): for masking secrets in printed plans. */
  readonly options: unknown
  /** `builtin`, or the `use:` specifier. */
  readonly source: string
}

/**
 * Which `connectors:` blocks: the top-level ones (the default tenant), or a tenant's, whose
 * config paths start with `base` (`['tenants', 'acme']`).
 */
export interface ConnectorScope {
  readonly base: readonly string[]
  readonly connectors: Readonly<Record<string, unknown>>
}

/** The top-level connectors. */
export const topLevelScope = (loaded: LoadedConfig): ConnectorScope => ({
  base: [],
  connectors: loaded.config.connectors,
})

/** `connectors.<id>`, under the scope's base. */
export const connectorPath = (scope: ConnectorScope, id: string): (string | number)[] => [
  ...scope.base,
  'connectors',
  id,
]

/** Built once per definition: 1,000 tenants of one connector share it (start-up time). */
const jsonSchemas = new WeakMap<ConnectorDefinition, JsonSchema>()

/** The JSON Schema (input side) of a connector's options; `{}` if it cannot be expressed. */
export function optionsJsonSchema(definition: ConnectorDefinition): JsonSchema {
  const known = jsonSchemas.get(definition)
  if (known) return known
  let schema: JsonSchema
  try {
    schema = z.toJSONSchema(definition.options, { io: 'input', unrepresentable: 'any' })
  } catch {
    schema = {}
  }
  jsonSchemas.set(definition, schema)
  return schema
}

async function definitionFor(
  id: string,
  use: string | undefined,
  loaded: LoadedConfig,
  issues: ConfigIssue[],
  block: readonly (string | number)[],
): Promise<ConnectorDefinition | undefined> {
  const at = (segments: (string | number)[], which?: 'key' | 'value') =>
    loaded.locate([...block, ...segments], which)
  const path = formatPath(block)
  if (use === undefined) {
    if (isBuiltinId(id)) return loadBuiltin(id)
    const guess = closest(id, BUILTIN_IDS)
    issues.push({
      path,
      message: `is not a built-in connector (built-ins: ${BUILTIN_IDS.join(', ')})`,
      hint: guess
        ? `${guess}:   (did you mean "${guess}"?)`
        : `add use: <npm package or ./path.js> to load a third-party connector`,
      ...at([], 'key'),
    })
    return undefined
  }
  let module: unknown
  try {
    module = await importConnectorModule(use, loaded.dir)
  } catch (err) {
    const notFound = err instanceof ConnectorImportError && err.reason === 'not_found'
    issues.push({
      path: `${path}.use`,
      message: notFound
        ? `names "${use}", which cannot be found`
        : `names "${use}", which failed to load (${err instanceof Error ? err.message : 'error'})`,
      hint: notFound
        ? `install it next to the config (npm i ${use}), or write a path like ./connectors/${id}.js`
        : 'check that the package builds and runs on this Node version',
      ...at(['use']),
    })
    return undefined
  }
  const definition = definitionOf(module)
  if (!definition) {
    issues.push({
      path: `${path}.use`,
      message: `names "${use}", whose default export is not a connector definition`,
      hint: `a module with export default defineConnector({ id, options, create }) from @bubblehouse-hooks/core`,
      ...at(['use']),
    })
  }
  return definition
}

/** Issues in file order (those without a line last). */
const byLine = (issues: ConfigIssue[]) =>
  issues.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER))

/**
 * Resolve and validate every connector block of `scope` (default: the top-level ones). Throws a
 * {@link ConfigFileError} listing every problem.
 * @example
 * const connectors = await resolveConnectors(await loadConfig('bubblehouse-hooks.yaml'))
 */
export async function resolveConnectors(
  loaded: LoadedConfig,
  scope: ConnectorScope = topLevelScope(loaded),
): Promise<ResolvedConnector[]> {
  const issues: ConfigIssue[] = []
  const resolved: ResolvedConnector[] = []
  for (const [id, block] of Object.entries(scope.connectors)) {
    const segments = connectorPath(scope, id)
    const path = formatPath(segments)
    const at = loaded.locate(segments, 'key')
    if (!CONNECTOR_KEY.test(id)) {
      issues.push({
        path,
        message: 'is not a valid connector key',
        hint: `${
          id
            .toLowerCase()
            .replace(/[^a-z0-9-]+/g, '-')
            .replace(/^[^a-z]+/, '') || 'my-connector'
        }:   (lower case letters, digits and dashes, starting with a letter; at most 40)`,
        ...at,
      })
      continue
    }
    const { use, ...rawOptions } = isRecord(block) ? block : {}
    if (use !== undefined && (typeof use !== 'string' || use === '')) {
      issues.push({
        path: `${path}.use`,
        message: 'must be a package name or a path',
        hint: 'use: "@acme/bubblehouse-hooks-crm"  or  use: ./connectors/crm.js',
        ...loaded.locate([...segments, 'use']),
      })
      continue
    }
    const definition = await definitionFor(id, use, loaded, issues, segments)
    if (!definition) continue
    const hints = {
      schema: optionsJsonSchema(definition),
      base: segments,
      envPrefix: id,
      locate: loaded.locate,
    }
    const parsed = safeParseCoercing(
      definition.options,
      rawOptions,
      loaded.interpolated,
      hints.base,
      placeholdersFor(loaded.placeholders, hints.schema),
    )
    const invalid = parsed.success
      ? []
      : withPlaceholderHints(
          withVariableNames(issuesFromZod(parsed.error.issues, hints), loaded.variables),
          loaded.placeholders,
        )
    // Strict whatever the connector's schema is: a misspelt option must not be ignored.
    const unknown = unknownKeyConfigIssues(rawOptions, hints, invalid)
    if (!parsed.success || unknown.length > 0) {
      issues.push(...byLine([...invalid, ...unknown]))
      continue
    }
    resolved.push({
      id,
      definition,
      rawOptions,
      options: parsed.data,
      source: use ?? 'builtin',
    })
  }
  if (issues.length > 0) throw new ConfigFileError(loaded.file, issues)
  return resolved
}
