/** Run the CLI in process and collect what it prints. */
import { runCli } from '../src/cli/main'

/** What one CLI run printed and returned. */
export interface Run {
  code: number
  out: string
  err: string
}

/** `bubblehouse-hooks ...args` in `cwd` with exactly `env`. */
export async function cli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  let out = ''
  let err = ''
  const code = await runCli(args, {
    out: (t) => {
      out += t
    },
    err: (t) => {
      err += t
    },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  })
  return { code, out, err }
}
