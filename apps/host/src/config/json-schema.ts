/**
 * The JSON Schema of the whole config file, connector options included, for editors
 * (`# yaml-language-server: $schema=…`) and `bubblehouse-hooks schema`.
 * @module
 */
import type { ConnectorDefinition } from '@bubblehouse-hooks/core'
import { optionsJsonSchema } from '../connectors/resolve'
import { isRecord } from '../guards'
import type { JsonSchema } from './hints'
import { hostConfigJsonSchema } from './load'
import { CONNECTOR_KEY } from './schema'

type Mutable = Record<string, unknown>

/** Copy `node`, pointing its `#/$defs/X` references at `#/$defs/<prefix>.X`. */
function rebase(node: unknown, prefix: string): unknown {
  if (Array.isArray(node)) return node.map((item) => rebase(item, prefix))
  if (!isRecord(node)) return node
  const out: Mutable = {}
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/')
        ? `#/$defs/${prefix}.${value.slice('#/$defs/'.length)}`
        : rebase(value, prefix)
  }
  return out
}

/**
 * Close every object that declares its keys (`additionalProperties: false` where the schema says
 * nothing; defaults and examples are data and stay as they are), as the host does at start-up whatever the connector's zod schema is (see `strict.ts`),
 * so editors flag a misspelt option too. Records and `z.looseObject` keep their
 * `additionalProperties`; `allOf` members stay open (closing one would refuse the others' keys).
 */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects)
  if (!isRecord(node)) return node
  const out: Mutable = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === 'allOf' || DATA.has(key)) out[key] = value
    else if (SCHEMA_MAPS.has(key) && isRecord(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, closeObjects(v)]))
    } else out[key] = closeObjects(value)
  }
  if (isRecord(out.properties) && out.additionalProperties === undefined) {
    out.additionalProperties = false
  }
  return out
}

/** Keywords whose value is data, not a schema. */
const DATA = new Set(['default', 'examples', 'const', 'enum'])

/** Keywords whose value maps names to schemas (the map itself is not a schema). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions'])

/**
 * @example
 * const schema = configJsonSchema(await loadAllBuiltins())
 */
export function configJsonSchema(
  definitions: Readonly<Record<string, ConnectorDefinition>>,
): JsonSchema {
  const host = hostConfigJsonSchema()
  const defs: Mutable = {}
  const connectorProperties: Mutable = {}
  for (const [id, definition] of Object.entries(definitions)) {
    const schema = rebase(closeObjects(optionsJsonSchema(definition)), id)
    if (!isRecord(schema)) continue
    const { $schema: _ignored, $defs, ...rest } = schema
    if (isRecord($defs)) {
      for (const [name, def] of Object.entries($defs)) defs[`${id}.${name}`] = def
    }
    connectorProperties[id] = {
      ...rest,
      ...(definition.description ? { description: definition.description } : {}),
    }
  }
  const hostProperties = isRecord(host.properties) ? host.properties : {}
  const connectors = isRecord(hostProperties.connectors) ? hostProperties.connectors : {}
  const hostDefs = isRecord(host.$defs) ? host.$defs : {}
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'bubblehouse-hooks config',
    ...host,
    properties: {
      ...hostProperties,
      connectors: {
        description: connectors.description,
        type: 'object',
        properties: connectorProperties,
        propertyNames: { pattern: CONNECTOR_KEY.source },
        additionalProperties: {
          type: 'object',
          description:
            'A third-party connector: use names its package; the other keys are its options.',
          required: ['use'],
          properties: {
            use: {
              type: 'string',
              description:
                'npm package or path (relative to this file) whose default export is defineConnector({...}).',
            },
          },
        },
      },
    },
    ...(Object.keys(defs).length + Object.keys(hostDefs).length > 0
      ? { $defs: { ...hostDefs, ...defs } }
      : {}),
  }
}
