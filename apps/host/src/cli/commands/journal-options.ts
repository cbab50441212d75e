/** What `events` and `replay` share: their filter options, and the journal of the config's store. @module */
import { type HookStore, OUTCOMES, type Outcome } from '@bubblehouse-hooks/core'
import type { LoadedConfig } from '../../config/load'
import { DEFAULT_TENANT } from '../../config/schema'
import { parseSince } from '../../journal/since'
import { openStore, storeProblem } from '../../store'
import {
  type CliIo,
  type OptionSpec,
  stringOf,
  stringsOf,
  UsageError,
  type Values,
} from '../command'

/** `--tenant ID`: whose journal lines (and, for a replay, connectors and dedupe answers). */
export const JOURNAL_TENANT_OPTION: OptionSpec = {
  type: 'string',
  value: 'ID',
  description: `This tenant's journal and connectors (a tenants: key; default: the top level, "${DEFAULT_TENANT}")`,
}

/** `--outcome`, `--connector`, `--since`: the filters both commands take. */
export const FILTER_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  outcome: { type: 'string', value: 'O', description: `Only this outcome: ${OUTCOMES.join(', ')}` },
  connector: { type: 'string', value: 'ID', description: 'Only this connector (its config key)' },
  since: {
    type: 'string',
    value: 'WHEN',
    description: 'Only lines last attempted since: 90s, 15m, 1h, 2d, 1w, or an ISO 8601 time',
  },
}

/** The journal query the filter options give. */
export function filtersOf(values: Values, now: number) {
  const outcome = stringOf(values, 'outcome')
  if (outcome !== undefined && !(OUTCOMES as readonly string[]).includes(outcome)) {
    throw new UsageError(`--outcome ${outcome} is not an outcome; use ${OUTCOMES.join(', ')}`)
  }
  const sinceText = stringOf(values, 'since')
  const since = sinceText === undefined ? undefined : parseSince(sinceText, now)
  if (sinceText !== undefined && since === undefined) {
    throw new UsageError(`--since ${sinceText}: use 90s, 15m, 1h, 2d, 1w or an ISO 8601 time`)
  }
  const bhids = stringsOf(values, 'bhid')
  return {
    outcome: outcome as Outcome | undefined,
    connector: stringOf(values, 'connector'),
    since,
    bhids: bhids.length > 0 ? bhids : undefined,
  }
}

/**
 * The config's store, opened for its journal (the same file or Redis a running host writes), or
 * `undefined` after printing why not.
 */
export async function openJournalStore(
  loaded: LoadedConfig,
  io: CliIo,
  command: string,
): Promise<HookStore | undefined> {
  const config = loaded.config
  if (config.store.kind === 'memory') {
    io.err(
      `${command}: store.kind memory keeps the journal inside the host process; use sqlite or redis to read it from the CLI\n`,
    )
    return undefined
  }
  if (!config.journal.enabled)
    io.err(`${command}: note: journal.enabled is false in ${loaded.file}\n`)
  try {
    const store = await openStore(config.store, io.cwd)
    if (store.journal) return store
    await store.close()
    io.err(`${command}: this store has no journal\n`)
  } catch (err) {
    io.err(`${command}: the store could not be opened: ${storeProblem(err)}\n`)
  }
  return undefined
}
