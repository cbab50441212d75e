// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * A tenant's hook keys and verifier. The default tenant keeps the host's rules (`start --dev`
 * generates a development secret); a `tenants.<id>` block must configure its own secret.
 * @module
 */
import { createVerifier, type HookVerifier } from '@bubblehouse-hooks/core'
import { ConfigFileError, type ConfigIssue, formatPath } from '../config/errors'
import type { LoadedConfig } from '../config/load'
import { DEFAULT_TENANT } from '../config/schema'
import { codeOf } from '../guards'
import { type HookKeys, resolveHookKeys } from '../secrets'
import { startStep } from '../start-step'
import type { TenantSpec } from './specs'

/** How the default tenant finds a secret when none is configured. */
export interface DevSecretOptions {
  readonly dev: boolean
  readonly devSecretFile?: string | undefined
}

/** The keys `spec` verifies with; a tenant without a secret is a config issue at its `auth.keys`. */
export async function tenantKeys(
  loaded: LoadedConfig,
  spec: TenantSpec,
  dev: DevSecretOptions,
): Promise<HookKeys> {
  if (spec.id === DEFAULT_TENANT) {
    return resolveHookKeys(loaded.config, {
      file: loaded.file,
      dev: dev.dev,
      ...(dev.devSecretFile ? { devSecretFile: dev.devSecretFile } : {}),
    })
  }
  const keys = spec.config.auth.keys.filter((key) => key.secret !== '')
  if (keys.length > 0) return { keys }
  const segments = [...spec.base, 'auth', 'keys']
  throw new ConfigFileError(loaded.file, [
    {
      path: formatPath(segments),
      message: 'has no secret (only the top-level auth gets a development secret with --dev)',
      hint: `keys: [ { secret: "\${${spec.id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_HOOK_SECRET}" } ]  or  secret: "\${file:/run/secrets/${spec.id}_hook_secret}"`,
      // The nearest written part: `auth.keys`, else `auth`, else the tenant's key.
      ...(loaded.locate(segments) ??
        loaded.locate([...spec.base, 'auth']) ??
        loaded.locate(spec.base, 'key')),
    },
  ])
}

/** Core's ConfigError for bad auth options, at its path under the tenant's `auth`. */
function authIssue(base: readonly string[]) {
  return (err: unknown): ConfigIssue | undefined => {
    if (codeOf(err) !== 'ERR_CONFIG_INVALID' || !(err instanceof Error)) return undefined
    const path = 'path' in err && typeof err.path === 'string' ? err.path : 'auth.keys'
    const message = err.message.startsWith(`${path}: `)
      ? err.message.slice(path.length + 2)
      : err.message
    return { path: base.length > 0 ? `${formatPath(base)}.${path}` : path, message }
  }
}

/** Core's verifier for `spec`'s keys and claim rules. */
export function tenantVerifier(
  loaded: LoadedConfig,
  spec: TenantSpec,
  keys: HookKeys,
): Promise<HookVerifier> {
  const auth = spec.config.auth
  const options = {
    keys: keys.keys,
    clockToleranceSec: auth.clockToleranceSec,
    audience: auth.audience,
    issuer: auth.issuer,
    subject: auth.subject,
    maxTokenAgeSec: auth.maxTokenAgeSec,
    requireExp: auth.requireExp,
  }
  return startStep(loaded, () => createVerifier(options), authIssue(spec.base))
}
