/** What several commands share: the config option, loading connectors, reading events. @module */
import { access, readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import {
  type Connector,
  createConnectorEnv,
  noopConnectorMetrics,
  SAMPLE_NAMES,
  type SendEvent1,
  SendEvent1InputSchema,
  sampleEvent,
} from '@bubblehouse-hooks/core'
import { pino } from 'pino'
import { formatIssues } from '../config/errors'
import { type LoadedConfig, loadConfig } from '../config/load'
import { DEFAULT_TENANT } from '../config/schema'
import { closeConnectors, instantiateConnectors } from '../connectors/instantiate'
import { type ResolvedConnector, resolveConnectors } from '../connectors/resolve'
import { codeOf } from '../guards'
import { type TenantSpec, tenantSpec, tenantSpecs } from '../tenants/specs'
import { type CliIo, type OptionSpec, stringOf, UsageError, type Values } from './command'

/** Default config file name. */
export const DEFAULT_CONFIG = 'bubblehouse-hooks.yaml'

/**
 * Where commands look when neither --config nor BH_CONFIG names a file: the working directory,
 * then the example config `pnpm start` runs when the command is run from a clone of the repo.
 */
export const CONFIG_LOOKUP = [DEFAULT_CONFIG, `examples/${DEFAULT_CONFIG}`] as const

/** `--config FILE`. */
export const CONFIG_OPTION: OptionSpec = {
  type: 'string',
  short: 'c',
  value: 'FILE',
  description: `Config file (env BH_CONFIG; default ./${CONFIG_LOOKUP[0]}, else ./${CONFIG_LOOKUP[1]})`,
}

/** `--connector ID`. */
export const CONNECTOR_OPTION: OptionSpec = {
  type: 'string',
  value: 'ID',
  description: 'Only this connector (its config key)',
}

/** `--tenant ID`. */
export const TENANT_OPTION: OptionSpec = {
  type: 'string',
  value: 'ID',
  description: `Only this tenant's auth and connectors (a tenants: key; default: the top level, "${DEFAULT_TENANT}")`,
}

/** The tenant `--tenant` names (default: the top-level one), or a usage error listing them. */
export function tenantFromArgs(loaded: LoadedConfig, values: Values): TenantSpec {
  const id = stringOf(values, 'tenant') ?? DEFAULT_TENANT
  const spec = tenantSpec(loaded.config, id)
  if (spec) return spec
  const ids = tenantSpecs(loaded.config).map((t) => t.id)
  throw new UsageError(
    `--tenant ${id} is not in ${loaded.file} (tenants: ${ids.join(', ') || 'none'})`,
  )
}

/** The config file a command uses: --config, BH_CONFIG, else the first of {@link CONFIG_LOOKUP} that exists. */
export async function configFile(values: Values, io: CliIo): Promise<string> {
  const named = stringOf(values, 'config') ?? (io.env.BH_CONFIG || undefined)
  if (named !== undefined) return named
  for (const candidate of CONFIG_LOOKUP) {
    const found = await access(resolve(io.cwd, candidate)).then(
      () => true,
      (err: unknown) => codeOf(err) !== 'ENOENT',
    )
    if (found) return candidate
  }
  return DEFAULT_CONFIG
}

/**
 * Load the config named by `--config` (or found by {@link configFile}). `placeholders`: an unset
 * `${VAR}` becomes a placeholder instead of an error (`dry-run`).
 */
export async function loadFromArgs(
  values: Values,
  io: CliIo,
  options: { placeholders?: boolean } = {},
): Promise<LoadedConfig> {
  return loadConfig(await configFile(values, io), {
    env: io.env,
    cwd: io.cwd,
    placeholders: options.placeholders === true,
  })
}

/** Connectors created for a CLI command: warnings go to stderr, metrics nowhere. */
export interface CliConnectors {
  readonly resolved: readonly ResolvedConnector[]
  readonly connectors: Readonly<Record<string, Connector>>
  close(): Promise<void>
}

/** Resolve and create the connectors of a tenant (default: the top level), or only `only`. */
export async function createCliConnectors(
  loaded: LoadedConfig,
  io: CliIo,
  only?: string,
  tenant?: TenantSpec,
): Promise<CliConnectors> {
  const scope = tenant
    ? { base: tenant.base, connectors: tenant.config.connectors }
    : { base: [], connectors: loaded.config.connectors }
  let resolved = await resolveConnectors(loaded, scope)
  if (only !== undefined) {
    resolved = resolved.filter((r) => r.id === only)
    if (resolved.length === 0) {
      const of = tenant && tenant.id !== DEFAULT_TENANT ? ` tenant ${tenant.id}` : ''
      throw new UsageError(
        `--connector ${only} is not in ${loaded.file}${of} (connectors: ${Object.keys(scope.connectors).join(', ') || 'none'})`,
      )
    }
  }
  const logger = pino(
    {
      level: 'warn',
      base: null,
      redact: {
        paths: ['authorization', '*.authorization', 'email', '*.email'],
        censor: '[redacted]',
      },
    },
    { write: (line: string) => io.err(line) },
  )
  const connectors = await instantiateConnectors(
    loaded,
    resolved,
    (id) =>
      createConnectorEnv({
        logger: logger.child({ connector: id }),
        metrics: noopConnectorMetrics,
      }),
    scope.base,
  )
  return { resolved, connectors, close: () => closeConnectors(connectors) }
}

/** `--sample NAME`. */
export const SAMPLE_OPTION: OptionSpec = {
  type: 'string',
  value: 'NAME',
  description: `A sample event: ${SAMPLE_NAMES.join(', ')}`,
}

/** `--event FILE`. */
export const EVENT_OPTION: OptionSpec = {
  type: 'string',
  value: 'FILE',
  description: 'A SendEvent1 body as a JSON file',
}

/** The raw event named by --event or --sample (default sample: `fallback`). */
export async function rawEventFromArgs(
  values: Values,
  io: CliIo,
  fallback: string,
): Promise<{ event: unknown; label: string }> {
  const file = stringOf(values, 'event')
  const sample = stringOf(values, 'sample')
  if (file !== undefined && sample !== undefined) {
    throw new UsageError('give either --event FILE or --sample NAME, not both')
  }
  if (file !== undefined) {
    let text: string
    try {
      text = await readFile(resolve(io.cwd, file), 'utf8')
    } catch {
      throw new UsageError(`--event ${file} cannot be read`)
    }
    try {
      return { event: JSON.parse(text), label: `file ${file}` }
    } catch {
      throw new UsageError(`--event ${file} is not JSON`)
    }
  }
  const name = sample ?? fallback
  if (!SAMPLE_NAMES.includes(name)) {
    throw new UsageError(`--sample ${name} is unknown; samples: ${SAMPLE_NAMES.join(', ')}`)
  }
  return { event: sampleEvent(name), label: `sample ${name}` }
}

/** The event named by --event or --sample, validated as SendEvent1. */
export async function eventFromArgs(
  values: Values,
  io: CliIo,
  fallback: string,
): Promise<{ event: SendEvent1; label: string }> {
  const { event, label } = await rawEventFromArgs(values, io, fallback)
  const parsed = SendEvent1InputSchema.safeParse(event)
  if (!parsed.success) {
    throw new UsageError(
      formatIssues(
        label,
        parsed.error.issues.map((issue) => ({
          path: issue.path.join('.'),
          message: issue.message,
        })),
      ),
    )
  }
  return { event: parsed.data, label }
}
