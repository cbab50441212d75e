import { join } from 'node:path'
import { runStoreContract } from '@bubblehouse-hooks/core/testing'
import { afterAll } from 'vitest'
import { createSqliteStore } from '../src/index'
import { tempDirs } from './temp-dir'

const dirs = tempDirs()
afterAll(() => dirs.cleanup())

// A real file per test, in a directory that does not exist yet.
runStoreContract('sqlite', async () =>
  createSqliteStore({ path: join(dirs.make(), 'data', 'hooks.db') }),
)
