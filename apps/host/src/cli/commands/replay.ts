/** `bubblehouse-hooks replay`: send journaled events through their connectors again. @module */
import { createReplayer, JOURNAL_MAX_LIMIT } from '@bubblehouse-hooks/core'
import { ConfigFileError } from '../../config/errors'
import { createJournalRecorder } from '../../journal/recorder'
import { type ReplayedEvent, runReplays, selectReplays } from '../../journal/replay'
import { storeProblem } from '../../store'
import { tenantStore } from '../../tenants/store-view'
import { type Command, UsageError } from '../command'
import { CONFIG_OPTION, createCliConnectors, loadFromArgs, tenantFromArgs } from '../shared'
import {
  FILTER_OPTIONS,
  filtersOf,
  JOURNAL_TENANT_OPTION,
  openJournalStore,
} from './journal-options'

const DAY_MS = 24 * 60 * 60 * 1000

/** `bhid "name": klaviyo sent HTTP_2XX (was invalid_data HTTP_400), …` */
function replayedLine({ job, runs }: ReplayedEvent): string {
  const parts = runs.map((run) => {
    const was = job.entries.find((e) => e.connector === run.connector)
    return `${run.connector} ${run.outcome} ${run.code}${was ? ` (was ${was.outcome} ${was.code})` : ''}`
  })
  return `${job.event.bhid} "${job.event.name}": ${parts.join(', ')}\n`
}

/** The `replay` command. */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'Send journaled events through their connectors again and record the new outcomes.',
  details: [
    'Selects journal lines (at least one filter), then sends each event through exactly the',
    "selected connectors, past their stored dedupe answer (other connectors' results stay), and",
    'records the new outcome in the journal. Works while the host runs, against the same store.',
    'Only events whose body was kept can be replayed (journal.bodies). A line whose outcome is',
    'sent is left out unless --force. Replays never open or close a held-queue alert.',
    "--tenant replays that tenant's lines through its connectors, past its own dedupe answers.",
    'Exit codes: 0 replayed, 1 some replay answered failure, 2 nothing to replay (or usage).',
  ],
  options: {
    config: CONFIG_OPTION,
    tenant: JOURNAL_TENANT_OPTION,
    bhid: {
      type: 'string',
      value: 'B',
      description: 'This bhid (may be repeated)',
      multiple: true,
    },
    ...FILTER_OPTIONS,
    'dry-run': { type: 'boolean', description: 'Print what would be replayed; send nothing' },
    force: { type: 'boolean', description: 'Also replay lines whose outcome is sent' },
  },
  examples: [
    'bubblehouse-hooks replay --outcome invalid_data --connector klaviyo --since 2h',
    'bubblehouse-hooks replay --bhid evt_123 --bhid evt_456 --dry-run',
    'bubblehouse-hooks replay --tenant acme --outcome failure --since 1h',
  ],
  async run(values, io) {
    const filters = filtersOf(values, Date.now())
    if (Object.values(filters).every((v) => v === undefined)) {
      throw new UsageError('name what to replay: --bhid, --outcome, --connector or --since')
    }
    const loaded = await loadFromArgs(values, io)
    const tenant = tenantFromArgs(loaded, values)
    const shared = await openJournalStore(loaded, io, 'replay')
    if (!shared) return 1
    const config = loaded.config
    // Its journal lines, dedupe answers and connectors: the tenant's own, as its handler has them.
    const store = tenantStore(shared, tenant.id)
    let created: Awaited<ReturnType<typeof createCliConnectors>> | undefined
    try {
      const entries = await store.journal!.list({
        ...filters,
        limit: JOURNAL_MAX_LIMIT,
        withBody: true,
      })
      const selection = selectReplays(entries.reverse(), {
        force: values.force === true,
        connectors: Object.keys(tenant.config.connectors),
      })
      for (const { entry, reason } of selection.leftOut) {
        io.err(`left out ${entry.bhid} ${entry.connector} (${entry.outcome}): ${reason}\n`)
      }
      if (selection.jobs.length === 0) {
        io.err(entries.length === 0 ? 'no journaled events match\n' : 'nothing left to replay\n')
        return 2
      }
      if (values['dry-run'] === true) {
        for (const job of selection.jobs) {
          const ids = job.entries.map((e) => `${e.connector} (${e.outcome} ${e.code})`)
          io.out(`would replay ${job.event.bhid} "${job.event.name}": ${ids.join(', ')}\n`)
        }
        return 0
      }
      created = await createCliConnectors(loaded, io, undefined, tenant)
      const replay = createReplayer({
        connectors: created.connectors,
        store,
        deadlineMs: config.deadlineMs,
        resultTtlMs: Math.round(config.resultTtlDays * DAY_MS),
      })
      const journal = createJournalRecorder({ store, config: config.journal })
      const done = await runReplays(selection.jobs, replay, journal, (one) =>
        io.out(replayedLine(one)),
      )
      return done.some(({ runs }) => runs.some((r) => r.outcome === 'failure')) ? 1 : 0
    } catch (err) {
      if (err instanceof UsageError || err instanceof ConfigFileError) throw err
      io.err(`replay: the store failed: ${storeProblem(err)}\n`)
      return 1
    } finally {
      await created?.close()
      await shared.close()
    }
  },
}
