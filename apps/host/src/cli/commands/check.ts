/** `bubblehouse-hooks check`: validate the config, reach the store, run each connector's check(). @module */
import { type CheckReport, createVerifier, type HookKey, noopLogger } from '@bubblehouse-hooks/core'
import type { StoreConfig } from '../../config/schema'
import { NO_SECRET_ISSUE } from '../../secrets'
import { describeStore, openStore, pingStore, storeProblem } from '../../store'
import { type Command, integerOf, stringOf } from '../command'
import {
  CONFIG_OPTION,
  CONNECTOR_OPTION,
  createCliConnectors,
  loadFromArgs,
  TENANT_OPTION,
  tenantFromArgs,
} from '../shared'

async function withTimeout<T>(
  ms: number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T | 'timeout'> {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new DOMException('check timed out', 'TimeoutError'))
      resolve('timeout')
    }, ms)
  })
  try {
    return await Promise.race([run(controller.signal), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** The same rule as `start`: no secret is fine only with --dev. */
function authRow(keys: readonly HookKey[], dev: boolean): [string, string, string, string] {
  const configured = keys.filter((k) => k.secret !== '')
  if (configured.length === 0) {
    return dev
      ? ['auth', 'ok', '', 'no secret: --dev uses a generated development secret (data/)']
      : ['auth', 'FAIL', 'AUTH_NO_SECRET', `auth.keys ${NO_SECRET_ISSUE.message}`]
  }
  try {
    createVerifier({ keys: configured })
    return ['auth', 'ok', '', `${configured.length} key(s)`]
  } catch (err) {
    return ['auth', 'FAIL', 'AUTH_KEY_INVALID', err instanceof Error ? err.message : 'invalid key']
  }
}

/** The store's host (never its URL) and, when it does not answer, why. */
async function storeRow(
  config: StoreConfig,
  cwd: string,
  timeoutMs: number,
): Promise<[string, string, string, string]> {
  let problem: string | undefined
  try {
    const store = await openStore(config, cwd)
    problem = await pingStore(store, timeoutMs)
    await store.close().catch(() => undefined)
  } catch (err) {
    problem = `cannot be opened: ${storeProblem(err)}`
  }
  const where = describeStore(config)
  return problem === undefined
    ? ['store', 'ok', '', where]
    : ['store', 'FAIL', 'STORE_UNREACHABLE', `${where}: ${problem}`]
}

/** The `check` command. */
export const checkCommand: Command = {
  name: 'check',
  summary: "Validate the config and run each connector's credential check; one line per connector.",
  details: ['Exits 0 when every line is ok, 1 otherwise.'],
  options: {
    config: CONFIG_OPTION,
    connector: CONNECTOR_OPTION,
    tenant: TENANT_OPTION,
    timeout: { type: 'string', value: 'MS', description: 'Per-check timeout', default: '10000' },
    dev: {
      type: 'boolean',
      description: 'Accept a config without a secret, as `start --dev` does',
    },
  },
  examples: [
    'bubblehouse-hooks check --config bubblehouse-hooks.yaml',
    'bubblehouse-hooks check --config bubblehouse-hooks.yaml --tenant acme',
  ],
  async run(values, io) {
    const loaded = await loadFromArgs(values, io)
    const timeoutMs = integerOf(values, 'timeout') ?? 10_000
    const tenant = tenantFromArgs(loaded, values)
    const created = await createCliConnectors(loaded, io, stringOf(values, 'connector'), tenant)
    const rows: [string, string, string, string][] = []
    let failed = false
    try {
      rows.push(['config', 'ok', '', `${loaded.file} (${created.resolved.length} connector(s))`])
      rows.push(authRow(tenant.config.auth.keys, values.dev === true && tenant.base.length === 0))
      failed ||= rows.at(-1)?.[1] !== 'ok'
      rows.push(await storeRow(loaded.config.store, io.cwd, timeoutMs))
      failed ||= rows.at(-1)?.[1] !== 'ok'
      for (const { id } of created.resolved) {
        const connector = created.connectors[id]!
        if (!connector.check) {
          rows.push([id, 'ok', '', 'no check (nothing to probe)'])
          continue
        }
        const probe = connector.check.bind(connector)
        const report: CheckReport | 'timeout' | 'error' = await withTimeout(timeoutMs, (signal) =>
          probe({ signal, logger: noopLogger }),
        ).catch(() => 'error' as const)
        if (report === 'timeout' || report === 'error') {
          failed = true
          rows.push([
            id,
            'FAIL',
            report === 'timeout' ? 'TIMEOUT' : 'CHECK_THREW',
            report === 'timeout' ? `no answer within ${timeoutMs} ms` : 'check() threw',
          ])
        } else {
          failed ||= !report.ok
          rows.push([id, report.ok ? 'ok' : 'FAIL', report.code, report.message])
        }
      }
    } finally {
      await created.close()
    }
    const width = Math.max(...rows.map((r) => r[0].length)) + 2
    for (const [name, status, code, message] of rows) {
      io.out(`${name.padEnd(width)}${status.padEnd(6)}${code ? `${code}  ` : ''}${message}\n`)
    }
    return failed ? 1 : 0
  },
}
