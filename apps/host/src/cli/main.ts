/**
 * `runCli(argv, io)`: dispatch a command, print config and usage errors the way an operator
 * needs them, and return the exit code. The bin (`cli.ts`) wires it to the process.
 * @module
 */
import { ConfigFileError } from '../config/errors'
import { BIN, type CliIo, type Command, helpText, parseCommandArgs, UsageError } from './command'
import { checkCommand } from './commands/check'
import { dryRunCommand } from './commands/dry-run'
import { eventsCommand } from './commands/events'
import { initCommand } from './commands/init'
import { provisionCommand } from './commands/provision'
import { replayCommand } from './commands/replay'
import { schemaCommand } from './commands/schema'
import { sendCommand } from './commands/send'
import { startCommand } from './commands/start'
import { VERSION } from './version'

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [
  startCommand,
  sendCommand,
  checkCommand,
  dryRunCommand,
  provisionCommand,
  eventsCommand,
  replayCommand,
  schemaCommand,
  initCommand,
]

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2
  return [
    `Usage: ${BIN} <command> [options]`,
    '',
    'Receive Bubblehouse Hooks API webhooks and forward them to Klaviyo, Mailchimp, HubSpot and Segment.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    `Run ${BIN} <command> --help for its options and an example.`,
    '',
    'Example:',
    `  ${BIN} start --config bubblehouse-hooks.yaml`,
    '',
  ].join('\n')
}

/**
 * Run one CLI invocation. Exit codes: 0 ok, 1 failed (config error, failed check, failure answer),
 * 2 usage error.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), io)
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined
    io.out(topic ? helpText(topic) : mainHelp())
    return name === undefined ? 2 : 0
  }
  if (name === '--version' || name === '-v') {
    io.out(`${VERSION}\n`)
    return 0
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    io.err(`${BIN}: unknown command "${name}"\n\n${mainHelp()}`)
    return 2
  }
  try {
    const { values, help } = parseCommandArgs(command, rest)
    if (help) {
      io.out(helpText(command))
      return 0
    }
    return await command.run(values, io)
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(
        `${BIN} ${command.name}: ${err.message}\nRun ${BIN} ${command.name} --help for usage.\n`,
      )
      return 2
    }
    if (err instanceof ConfigFileError) {
      io.err(`${BIN} ${command.name}: ${err.message}\n`)
      return 1
    }
    throw err
  }
}
