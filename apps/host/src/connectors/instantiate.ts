/** Create the resolved connectors through core's `createConnector`. @module */
import { type Connector, type ConnectorEnv, createConnector } from '@bubblehouse-hooks/core'
import { ConfigFileError, type ConfigIssue, formatPath, parsePath } from '../config/errors'
import type { LoadedConfig } from '../config/load'
import { codeOf } from '../guards'
import type { ResolvedConnector } from './resolve'

/** A core `ConfigError`, checked by code (two copies of core may be loaded). */
function configErrorOf(err: unknown): { path: string; detail: string } | undefined {
  if (codeOf(err) !== 'ERR_CONFIG_INVALID' || !(err instanceof Error) || !('path' in err)) {
    return undefined
  }
  const path = typeof err.path === 'string' ? err.path : undefined
  if (path === undefined) return undefined
  const prefix = `${path}: `
  return {
    path,
    detail: err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message,
  }
}

/** Created connectors by config key. */
export type ConnectorMap = Record<string, Connector>

/** Close every connector that has `close`, ignoring failures (shutdown must go on). */
export async function closeConnectors(connectors: ConnectorMap): Promise<void> {
  await Promise.allSettled(Object.values(connectors).map((c) => c.close?.()))
}

/**
 * Create every connector with its own env. A `create` that throws becomes a config problem of
 * that block (under `base`, a tenant's `['tenants', id]`); connectors already created are closed
 * again.
 * @example
 * const connectors = await instantiateConnectors(loaded, resolved, (id) => createConnectorEnv({ logger }))
 */
export async function instantiateConnectors(
  loaded: LoadedConfig,
  resolved: readonly ResolvedConnector[],
  envFor: (id: string) => ConnectorEnv,
  base: readonly string[] = [],
): Promise<ConnectorMap> {
  const connectors: ConnectorMap = {}
  const issues: ConfigIssue[] = []
  for (const { id, definition, rawOptions } of resolved) {
    const path = formatPath([...base, 'connectors', id])
    try {
      connectors[id] = createConnector(definition, rawOptions, envFor(id), path)
    } catch (err) {
      const config = configErrorOf(err)
      const configPath = config?.path ?? path
      issues.push({
        path: configPath,
        message:
          config?.detail ??
          `could not be created: ${err instanceof Error ? `${err.name}: ${err.message}` : 'error'}`,
        ...loaded.locate(parsePath(configPath)),
      })
    }
  }
  if (issues.length > 0) {
    await closeConnectors(connectors)
    throw new ConfigFileError(loaded.file, issues)
  }
  return connectors
}
