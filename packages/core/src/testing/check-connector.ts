/** Run a connector's `check` once, the way `bubblehouse-hooks check` does. @module */
import type { z } from 'zod'
import { type CheckReport, type ConnectorDefinition, createConnector } from '../define-connector'
import { noopLogger } from '../logger'

/**
 * Create a connector from raw options (validated like the host does), run its `check` under a
 * `timeoutMs` signal and close it, whatever `check` did. Resolves to the report, or `undefined`
 * for a connector without `check`.
 * @example
 * const vendor = await startFakeVendor()
 * vendor.reply({ status: 401 })
 * expect(await checkConnector(klaviyo, { apiKey: 'pk_test', baseUrl: vendor.url })).toMatchObject({
 *   ok: false,
 * })
 */
export async function checkConnector<S extends z.ZodType>(
  definition: ConnectorDefinition<S>,
  options: z.input<S>,
  timeoutMs = 5_000,
): Promise<CheckReport | undefined> {
  const connector = createConnector(definition, options)
  try {
    return await connector.check?.({ signal: AbortSignal.timeout(timeoutMs), logger: noopLogger })
  } finally {
    await connector.close?.()
  }
}
