// A consumer of the published packages. check-packages.sh copies it to cjs/index.ts and
// esm/index.ts, compiles it as CommonJS and as ESM (and type-checks it with moduleResolution
// bundler) against the tarballs' own .d.ts files, then runs both builds: the value imports
// must work at run time in both module systems, not only type-check.
import {
  type ConnectorDefinition,
  createHookHandler,
  createMemoryStore,
  type HookStore,
  sampleEvent,
} from '@bubblehouse-hooks/core'
import { createNodeListener } from '@bubblehouse-hooks/core/node'
import { createHarness, startFakeVendor } from '@bubblehouse-hooks/core/testing/tools'
import { hookUrl, loadAllBuiltins } from '@bubblehouse-hooks/host'
import klaviyo, { KLAVIYO_BASE_URL } from '@bubblehouse-hooks/klaviyo'
import { createRedisStore } from '@bubblehouse-hooks/store-redis'
import { createSqliteStore } from '@bubblehouse-hooks/store-sqlite'

async function main(): Promise<void> {
  const store: HookStore = createMemoryStore({ maxEntries: 10 })
  const connector: ConnectorDefinition = klaviyo
  const builtins = await loadAllBuiltins()
  const checks: Record<string, boolean> = {
    'klaviyo default export is the connector': connector.id === 'klaviyo',
    'klaviyo named export': KLAVIYO_BASE_URL.startsWith('https://'),
    'host builtins include klaviyo': 'klaviyo' in builtins,
    'host hookUrl': hookUrl('http://h/hooks', 'Hello1') === 'http://h/hooks/Hello1',
    'core sample event': sampleEvent('points-earned').name !== undefined,
    'core/node listener': typeof createNodeListener === 'function',
    'core handler': typeof createHookHandler === 'function',
    'core/testing/tools harness': typeof createHarness === 'function',
    'stores export factories':
      typeof createRedisStore === 'function' && typeof createSqliteStore === 'function',
  }
  const vendor = await startFakeVendor()
  await vendor.close()
  await store.close()
  const failed = Object.entries(checks).filter(([, ok]) => !ok)
  for (const [name] of failed) console.log(`FAIL  ${name}`)
  if (failed.length > 0) process.exit(1)
  console.log(`ok    ${Object.keys(checks).length} checks`)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
