/** `bubblehouse-hooks provision`: create vendor-side fields each connector needs. @module */
import { noopLogger, type ProvisionItem } from '@bubblehouse-hooks/core'
import { type Command, integerOf, stringOf } from '../command'
import {
  CONFIG_OPTION,
  CONNECTOR_OPTION,
  createCliConnectors,
  loadFromArgs,
  TENANT_OPTION,
  tenantFromArgs,
} from '../shared'

/** The `provision` command. */
export const provisionCommand: Command = {
  name: 'provision',
  summary: "Run each connector's provision(): create vendor fields (merge fields, properties).",
  details: ['Idempotent: what exists is reported as exists. Exits 1 when anything failed.'],
  options: {
    config: CONFIG_OPTION,
    connector: CONNECTOR_OPTION,
    tenant: TENANT_OPTION,
    timeout: {
      type: 'string',
      value: 'MS',
      description: 'Per-connector timeout',
      default: '60000',
    },
  },
  examples: ['bubblehouse-hooks provision --config bubblehouse-hooks.yaml --connector mailchimp'],
  async run(values, io) {
    const loaded = await loadFromArgs(values, io)
    const created = await createCliConnectors(
      loaded,
      io,
      stringOf(values, 'connector'),
      tenantFromArgs(loaded, values),
    )
    const timeoutMs = integerOf(values, 'timeout') ?? 60_000
    const rows: [string, string, string][] = []
    let failed = false
    try {
      for (const { id } of created.resolved) {
        const connector = created.connectors[id]!
        if (!connector.provision) {
          rows.push([id, '-', 'nothing to provision'])
          continue
        }
        let items: readonly ProvisionItem[]
        try {
          items = await connector.provision({
            signal: AbortSignal.timeout(timeoutMs),
            logger: noopLogger,
          })
        } catch (err) {
          failed = true
          rows.push([
            id,
            'failed',
            `provision() threw (${err instanceof Error ? err.name : 'error'})`,
          ])
          continue
        }
        if (items.length === 0) rows.push([id, '-', 'nothing to provision'])
        for (const item of items) {
          failed ||= item.action === 'failed'
          rows.push([id, item.action, `${item.name}${item.detail ? ` (${item.detail})` : ''}`])
        }
      }
    } finally {
      await created.close()
    }
    const width = Math.max(...rows.map((r) => r[0].length), 4) + 2
    for (const [id, action, what] of rows) io.out(`${id.padEnd(width)}${action.padEnd(9)}${what}\n`)
    return failed ? 1 : 0
  },
}
