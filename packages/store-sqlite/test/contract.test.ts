import { join } from 'node:path'
import { runStoreContract } from '@bubblehouse-hooks/core/testing'
import { afterAll } from 'vitest'
import { createSqliteStore } from '../src/index'
import { tempDirs } from './temp-dir'

const dirs = tempDirs()
afterAll(() => dirs.cleanup())

// A real file per test, in a directory that does not exist yet.
const dbFile = () => join(dirs.make(), 'data', 'hooks.db')

runStoreContract('sqlite', async () => createSqliteStore({ path: dbFile() }), {
  // On disk the journal is bounded by age (journal.retentionDays), not by a line count.
  journalBoundedByCount: false,
  // Two processes: one connection each, one file.
  createShared: async () => {
    const path = dbFile()
    return [createSqliteStore({ path }), createSqliteStore({ path })]
  },
})
