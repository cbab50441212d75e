/** `bubblehouse-hooks events`: the journal's lines, newest first. @module */
import type { JournalEntry } from '@bubblehouse-hooks/core'
import { storeProblem } from '../../store'
import { tenantStore } from '../../tenants/store-view'
import { type Command, integerOf } from '../command'
import { CONFIG_OPTION, loadFromArgs, tenantFromArgs } from '../shared'
import {
  FILTER_OPTIONS,
  filtersOf,
  JOURNAL_TENANT_OPTION,
  openJournalStore,
} from './journal-options'

/** One line of text: when, outcome, code, connector, attempts, bhid, name. */
export function eventLine(e: JournalEntry): string {
  const status = e.vendorStatus !== undefined ? ` vendor ${e.vendorStatus}` : ''
  return `${new Date(e.lastAttemptAt).toISOString()}  ${e.outcome.padEnd(12)} ${e.code.padEnd(22)} ${e.connector.padEnd(12)} x${String(e.attempts).padEnd(3)} ${e.bhid}  "${e.name}"${status}\n`
}

/** The `events` command. */
export const eventsCommand: Command = {
  name: 'events',
  summary: 'List journaled events: one line per (event, connector) with its latest state.',
  details: [
    'Reads the journal in the configured store (sqlite or redis), also while the host runs.',
    "Newest first. Bodies are never printed. --tenant reads that tenant's lines only.",
  ],
  options: {
    config: CONFIG_OPTION,
    tenant: JOURNAL_TENANT_OPTION,
    ...FILTER_OPTIONS,
    bhid: {
      type: 'string',
      value: 'B',
      description: 'Only this bhid (may be repeated)',
      multiple: true,
    },
    limit: { type: 'string', value: 'N', description: 'At most N lines', default: '50' },
    json: { type: 'boolean', description: 'One JSON object per line' },
  },
  examples: [
    'bubblehouse-hooks events --outcome invalid_data --since 1h',
    'bubblehouse-hooks events --connector klaviyo --limit 20 --json',
    'bubblehouse-hooks events --tenant acme --since 1h',
  ],
  async run(values, io) {
    const query = { ...filtersOf(values, Date.now()), limit: integerOf(values, 'limit') }
    const loaded = await loadFromArgs(values, io)
    const tenant = tenantFromArgs(loaded, values)
    const store = await openJournalStore(loaded, io, 'events')
    if (!store) return 1
    try {
      const entries = await tenantStore(store, tenant.id).journal!.list(query)
      for (const e of entries)
        io.out(values.json === true ? `${JSON.stringify(e)}\n` : eventLine(e))
      if (entries.length === 0 && values.json !== true) io.err('no journaled events match\n')
      return 0
    } catch (err) {
      io.err(`events: the journal could not be read: ${storeProblem(err)}\n`)
      return 1
    } finally {
      await store.close()
    }
  },
}
