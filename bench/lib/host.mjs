/**
 * Run the BUILT host (apps/host/dist/cli.js) as a child process, the way an operator does:
 * `bubblehouse-hooks start --config FILE --port N`.
 * @module
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HOST_CLI, KEY, TMP } from './env.mjs'
import { freePort, startProcess, waitForUrl } from './proc.mjs'

/**
 * @typedef {object} HostOptions
 * @property {string} name config file name and label
 * @property {object} store the config's store block
 * @property {Record<string, object>} connectors the config's connector blocks
 * @property {number} [cpu] pin to this CPU
 * @property {string[]} [nodeArgs] e.g. --cpu-prof
 * @property {string} [log] log level (default info, as shipped)
 * @property {string} [cli] another build of the CLI (for measuring a patch)
 * @property {object} [extra] more top-level config blocks, e.g. { journal: { enabled: false } }
 */

/**
 * Start a host with `store` (a config store block) and `connectors` (config connector blocks).
 * Logs stay at the shipped default (`info`, one JSON line per request) and go to /dev/null.
 */
/** @param {HostOptions} options */
export async function startHost({
  name,
  store,
  connectors,
  cpu,
  nodeArgs = [],
  log = 'info',
  cli = HOST_CLI,
  extra = {},
}) {
  const port = await freePort()
  const config = {
    listen: { host: '127.0.0.1', port },
    store,
    auth: { keys: [KEY] },
    log: { level: log, format: 'json' },
    connectors,
    // Above the load's 50 connections: with the default (32) the host answers the surplus
    // `failure` at once, and the bench would time refusals instead of deliveries.
    maxInFlight: 64,
    ...extra,
  }
  const file = join(TMP, `${name}.yaml`)
  // JSON is YAML: the host reads it like any config file.
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`)
  const proc = startProcess(
    process.execPath,
    [...nodeArgs, cli, 'start', '--config', file, '--port', String(port)],
    { cpu, cwd: TMP, env: { NODE_ENV: 'production' }, name },
  )
  const url = `http://127.0.0.1:${port}`
  try {
    await waitForUrl(`${url}/healthz`, proc)
  } catch (err) {
    await proc.stop()
    throw err
  }
  return Object.assign(proc, { url, hookUrl: `${url}/hooks/SendEvent1` })
}
