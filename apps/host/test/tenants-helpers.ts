/** Shared by the tenant tests: a host from YAML as written (no auth added), and signed posts. @module */
import { sendHook } from '../src/cli/commands/send'
import { parseConfig } from '../src/config/load'
import { type RunningHost, startHost } from '../src/host'
import { jsonLines } from './helpers'

/** A host started from `yaml` as it is, its log captured. */
export interface YamlHost {
  readonly host: RunningHost
  logs(): Record<string, unknown>[]
  /** POST `hook` at `path` (e.g. `/t/acme/hooks`) signed with `secret`. */
  post(
    path: string,
    hook: 'Hello1' | 'SendEvent1',
    body: unknown,
    secret: string,
    requestId?: string,
  ): ReturnType<typeof sendHook>
}

export async function startYamlHost(
  yaml: string,
  options: { dir?: string; env?: Record<string, string> } = {},
): Promise<YamlHost> {
  let log = ''
  const host = await startHost({
    config: parseConfig(yaml, 'tenants.yaml', {
      env: options.env ?? {},
      dir: options.dir ?? process.cwd(),
    }),
    port: 0,
    host: '127.0.0.1',
    logDestination: {
      write(line: string) {
        log += line
      },
    },
    notice: () => undefined,
  })
  return {
    host,
    logs: () => jsonLines(log),
    post: (path, hook, body, secret, requestId) =>
      sendHook({
        url: `${host.url}${path}`,
        hook,
        body,
        key: { secret },
        ...(requestId ? { requestId } : {}),
      }),
  }
}

/** A `vendor` connector block (the test connector) sending `apiKey` as its bearer token. */
export const vendorBlock = (fixturePath: string, url: string, apiKey: string, indent: string) =>
  [
    `${indent}vendor:`,
    `${indent}  use: ${fixturePath}`,
    `${indent}  baseUrl: ${url}`,
    `${indent}  apiKey: ${apiKey}`,
  ].join('\n')
