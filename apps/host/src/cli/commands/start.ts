/** `bubblehouse-hooks start`: run the host until SIGTERM / SIGINT; SIGHUP re-reads the config. @module */
import { ConfigFileError } from '../../config/errors'
import { type RunningHost, startHost } from '../../host'
import { type CliIo, type Command, portOf, stringOf, type Values } from '../command'
import { CONFIG_OPTION, loadFromArgs } from '../shared'

/** The `start` command. */
export const startCommand: Command = {
  name: 'start',
  summary: 'Start the hook server: POST /hooks/:name, /healthz, /readyz, /metrics.',
  details: [
    'Stops gracefully on SIGTERM or SIGINT: no new connections, in-flight requests finish',
    '(bounded by deadlineMs), then the store is closed and the process exits 0.',
    'SIGHUP re-reads the config: tenants and connectors are added, changed or removed without',
    'dropping requests in flight; a config that does not validate is refused with the same',
    'messages as at start, and the old one keeps serving.',
    'Without a configured secret it refuses to start (whatever NODE_ENV says), unless --dev',
    'is given: then it generates one in data/dev-hook-secret (owner-only, never printed).',
  ],
  options: {
    config: CONFIG_OPTION,
    port: { type: 'string', short: 'p', value: 'N', description: 'Port (overrides listen.port)' },
    host: { type: 'string', value: 'ADDR', description: 'Interface (overrides listen.host)' },
    dev: {
      type: 'boolean',
      description: 'Without a configured secret, generate a development one in data/',
    },
  },
  examples: [
    'bubblehouse-hooks start --config bubblehouse-hooks.yaml --port 8787',
    'BH_HOOK_SECRET=... bubblehouse-hooks start --config /etc/bubblehouse-hooks.yaml',
    'bubblehouse-hooks start --dev   (development: a generated secret when none is configured)',
  ],
  async run(values, io) {
    const config = await loadFromArgs(values, io)
    const host = await startHost({
      config,
      port: portOf(values, 'port'),
      host: stringOf(values, 'host'),
      env: io.env,
      dev: values.dev === true,
      notice: io.err,
    })
    const stopReloads = io.onReload?.(() => void reloadConfig(host, values, io))
    const signal = await (io.waitForStop?.() ?? new Promise<string>(() => undefined))
    stopReloads?.()
    host.logger.info({ signal }, 'shutting down: finishing in-flight requests')
    await host.close()
    return 0
  },
}

/**
 * Re-read the config file and serve it. A config that does not validate is refused with the
 * start-up messages (stderr) and an error line, and the running one keeps serving.
 */
export async function reloadConfig(host: RunningHost, values: Values, io: CliIo): Promise<void> {
  try {
    await host.reload(await loadFromArgs(values, io))
  } catch (err) {
    if (!(err instanceof ConfigFileError)) {
      host.logger.error(
        { errorName: err instanceof Error ? err.name : typeof err },
        'config reload failed; the previous config keeps serving',
      )
      return
    }
    io.err(`bubblehouse-hooks start: reload refused: ${err.message}\n`)
    host.logger.error(
      { issues: err.issues.map((issue) => issue.path) },
      'config reload refused; the previous config keeps serving',
    )
  }
}
