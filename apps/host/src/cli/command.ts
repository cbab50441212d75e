/**
 * The shape of a CLI command (parsed with node's `util.parseArgs`, no framework) and its
 * `--help` text.
 * @module
 */
import { parseArgs } from 'node:util'

/** Where a command writes and what it reads from its environment. */
export interface CliIo {
  /** Writes to stdout (text as given; add the newline). */
  readonly out: (text: string) => void
  /** Writes to stderr. */
  readonly err: (text: string) => void
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
  /** Resolves when the process is asked to stop (SIGTERM / SIGINT); only `start` waits for it. */
  readonly waitForStop?: () => Promise<string>
  /** Calls `listener` on each reload request (SIGHUP); returns the unsubscribe. Only `start` uses it. */
  readonly onReload?: (listener: () => void) => () => void
}

/** One option of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean'
  readonly short?: string
  /** Shown in --help after the name, e.g. `FILE`. */
  readonly value?: string
  readonly description: string
  readonly default?: string
  /** A string option that may be given several times (`--bhid a --bhid b`). */
  readonly multiple?: boolean
}

/** Parsed option values (an array for a `multiple` option). */
export type Values = Readonly<Record<string, string | boolean | readonly string[] | undefined>>

/** A CLI command. */
export interface Command {
  readonly name: string
  /** One line for the command list. */
  readonly summary: string
  /** More lines for `--help`. */
  readonly details?: readonly string[]
  readonly options: Readonly<Record<string, OptionSpec>>
  readonly examples: readonly string[]
  run(values: Values, io: CliIo): Promise<number>
}

/** A usage mistake: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** The bin name. */
export const BIN = 'bubblehouse-hooks'

/** The `--help` text of a command. */
export function helpText(command: Command): string {
  const lines = [`Usage: ${BIN} ${command.name} [options]`, '', command.summary]
  if (command.details) lines.push('', ...command.details)
  lines.push('', 'Options:')
  const entries = Object.entries(command.options)
  const labels = entries.map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    '
    return `${short}--${name}${spec.value ? ` ${spec.value}` : ''}`
  })
  const width = Math.max(...labels.map((l) => l.length), 10) + 2
  entries.forEach(([, spec], i) => {
    const fallback = spec.default !== undefined ? ` (default: ${spec.default})` : ''
    lines.push(`  ${labels[i]!.padEnd(width)}${spec.description}${fallback}`)
  })
  lines.push(`  ${'-h, --help'.padEnd(width)}Show this help`)
  lines.push('', command.examples.length > 1 ? 'Examples:' : 'Example:')
  for (const example of command.examples) lines.push(`  ${example}`)
  return `${lines.join('\n')}\n`
}

/** Parse `args` for `command`; `help` is true when --help was given. */
export function parseCommandArgs(
  command: Command,
  args: readonly string[],
): { values: Values; help: boolean } {
  const options: Record<
    string,
    { type: 'string' | 'boolean'; short?: string; multiple?: boolean }
  > = { help: { type: 'boolean', short: 'h' } }
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    }
  }
  try {
    const { values } = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: false,
    })
    const out: Record<string, string | boolean | readonly string[] | undefined> = {}
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'string' || typeof value === 'boolean') out[name] = value
      else if (Array.isArray(value)) out[name] = value.filter((v) => typeof v === 'string')
    }
    for (const [name, spec] of Object.entries(command.options)) {
      if (out[name] === undefined && spec.default !== undefined) out[name] = spec.default
    }
    return { values: out, help: out.help === true }
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err))
  }
}

/** A string option, or undefined. */
export function stringOf(values: Values, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

/** Every value of a `multiple` string option (empty when not given). */
export function stringsOf(values: Values, name: string): readonly string[] {
  const value = values[name]
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : []
}

/** A positive integer option, or undefined; a usage error when malformed. */
export function integerOf(values: Values, name: string): number | undefined {
  const text = stringOf(values, name)
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a whole number, got "${text}"`)
  return Number(text)
}

/** A TCP port option (0 to 65535; 0 picks a free one), or undefined; a usage error otherwise. */
export function portOf(values: Values, name: string): number | undefined {
  const port = integerOf(values, name)
  if (port !== undefined && port > 65_535) {
    throw new UsageError(
      `--${name} ${port} is not a TCP port: use 1 to 65535 (or 0 to pick a free one)`,
    )
  }
  return port
}
