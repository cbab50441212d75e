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
    const schema = rebase(optionsJsonSchema(definition), id)
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
