/**
 * Issue 21, item 9: `use:` finds a package next to the config or in the host's own install,
 * never in a node_modules of a parent folder (someone else's code would run in the host).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importConnectorModule } from '../src/connectors/import-package'
import { tempDir } from './helpers'

async function fakePackage(nodeModules: string, name: string, marker: string): Promise<void> {
  const root = join(nodeModules, name)
  await mkdir(root, { recursive: true })
  await writeFile(
    join(root, 'package.json'),
    JSON.stringify({ name, type: 'module', main: 'index.js' }),
  )
  await writeFile(join(root, 'index.js'), `export const marker = ${JSON.stringify(marker)}\n`)
}

describe('use: package resolution', () => {
  let dir: { dir: string; cleanup(): Promise<void> }
  let configDir: string
  beforeAll(async () => {
    dir = await tempDir()
    // parent/node_modules/planted-connector  ← a folder above the deployment
    // parent/deploy/node_modules/own-connector  ← next to the config
    await fakePackage(join(dir.dir, 'node_modules'), 'bh-planted-connector', 'planted')
    configDir = join(dir.dir, 'deploy')
    await fakePackage(join(configDir, 'node_modules'), 'bh-own-connector', 'own')
  })
  afterAll(() => dir.cleanup())

  it("finds a package in the config folder's node_modules", async () => {
    expect(await importConnectorModule('bh-own-connector', configDir)).toMatchObject({
      marker: 'own',
    })
  })

  it('never looks in a parent folder of the config or of the working directory', async () => {
    const cwd = process.cwd()
    process.chdir(configDir)
    try {
      await expect(importConnectorModule('bh-planted-connector', configDir)).rejects.toMatchObject({
        name: 'ConnectorImportError',
        reason: 'not_found',
      })
    } finally {
      process.chdir(cwd)
    }
  })
})
