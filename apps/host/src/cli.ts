#!/usr/bin/env node
/** The `bubblehouse-hooks` bin: wires {@link runCli} to the process. @module */
import { runCli } from './cli/main'

/** SIGTERM or SIGINT, once `start` asks for it; a second signal exits at once. */
function waitForStop(): Promise<string> {
  return new Promise<string>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop)
      process.off('SIGINT', stop)
      process.once(signal, () => process.exit(130))
      resolve(signal)
    }
    process.on('SIGTERM', stop)
    process.on('SIGINT', stop)
  })
}

/** SIGHUP: re-read the config (`start`); listening also stops SIGHUP from ending the process. */
function onReload(listener: () => void): () => void {
  process.on('SIGHUP', listener)
  return () => process.off('SIGHUP', listener)
}

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  waitForStop,
  onReload,
}).then(
  (code) => {
    process.exitCode = code
    // Keep-alive sockets of vendor clients must not keep a finished command alive.
    setImmediate(() => process.exit(code))
  },
  (err: unknown) => {
    process.stderr.write(
      `bubblehouse-hooks: unexpected ${err instanceof Error ? `${err.name}: ${err.message}` : 'error'}\n`,
    )
    process.exit(1)
  },
)
