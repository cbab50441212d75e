// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/** `bubblehouse-hooks dry-run`: print the vendor requests each connector would send. @module */
import type { Plan } from '@bubblehouse-hooks/core'
import { type Command, stringOf } from '../command'
import { maskSecrets, secretValues } from '../mask'
import {
  CONFIG_OPTION,
  CONNECTOR_OPTION,
  createCliConnectors,
  EVENT_OPTION,
  eventFromArgs,
  loadFromArgs,
  SAMPLE_OPTION,
  TENANT_OPTION,
  tenantFromArgs,
} from '../shared'

/** The `dry-run` command. */
export const dryRunCommand: Command = {
  name: 'dry-run',
  summary: "Run each connector's plan() on an event and print the requests it would send.",
  details: [
    'Nothing is sent and nothing is stored, so no hook secret or vendor credential is needed:',
    'an unset ${VAR} stays a placeholder (an option that refuses the text gets its example).',
    'Plans never hold credentials; anything secret-looking is masked as *** anyway.',
  ],
  options: {
    config: CONFIG_OPTION,
    event: EVENT_OPTION,
    sample: SAMPLE_OPTION,
    connector: CONNECTOR_OPTION,
    tenant: TENANT_OPTION,
    json: { type: 'boolean', description: 'Print one JSON document instead of text' },
  },
  examples: [
    'bubblehouse-hooks dry-run --event examples/events/points-earned.json',
    'bubblehouse-hooks dry-run --sample tier-reached --connector klaviyo --json',
  ],
  async run(values, io) {
    const loaded = await loadFromArgs(values, io, { placeholders: true })
    const { event, label } = await eventFromArgs(values, io, 'points-updated')
    const unset = [...new Set([...loaded.placeholders.values()].flat())]
    if (unset.length > 0) {
      io.err(`unset, so placeholders: ${unset.map((name) => `\${${name}}`).join(', ')}\n`)
    }
    const tenant = tenantFromArgs(loaded, values)
    const created = await createCliConnectors(loaded, io, stringOf(values, 'connector'), tenant)
    const secrets = secretValues([
      tenant.config.auth.keys,
      created.resolved.map((r) => r.options),
      created.resolved.map((r) => r.rawOptions),
    ])
    const mask = (value: unknown) => maskSecrets(value, secrets)
    const plans: Record<string, Plan | { kind: 'error'; error: string }> = {}
    try {
      for (const { id } of created.resolved) {
        try {
          plans[id] = created.connectors[id]!.plan(event)
        } catch (err) {
          plans[id] = { kind: 'error', error: err instanceof Error ? err.name : 'error' }
        }
      }
    } finally {
      await created.close()
    }
    if (values.json === true) {
      io.out(`${JSON.stringify({ event: label, plans: mask(plans) }, null, 2)}\n`)
      return 0
    }
    io.out(
      `dry run of ${label} (bhid ${event.bhid}, "${event.name}") with ${loaded.file}; nothing is sent\n`,
    )
    for (const [id, plan] of Object.entries(plans)) io.out(`\n${describePlan(id, plan, mask)}`)
    return 0
  },
}

/** A `${VAR}` placeholder a connector URL-encoded into a path, shown as written in the config. */
const placeholdersShown = (path: string) =>
  path.replace(/%24%7B([A-Za-z_][A-Za-z0-9_]*)%7D/g, (_, name: string) => `\${${name}}`)

function describePlan(
  id: string,
  plan: Plan | { kind: 'error'; error: string },
  mask: (value: unknown) => unknown,
): string {
  if (plan.kind === 'decision') {
    const { outcome, code, reason } = plan.result
    return `${id}: ${outcome} ${code} (${reason}); no request\n`
  }
  if (plan.kind === 'error')
    return `${id}: plan() threw ${plan.error}; the handler would answer failure\n`
  const lines = [`${id}: ${plan.requests.length} request(s)`]
  for (const r of plan.requests) {
    const query = r.query ? `?${String(mask(new URLSearchParams(r.query).toString()))}` : ''
    lines.push(
      `  ${r.method} ${placeholdersShown(String(mask(r.path)))}${query}   (${r.operation})`,
    )
    if (r.headers) lines.push(`    headers: ${JSON.stringify(mask(r.headers))}`)
    if (r.body !== undefined) {
      lines.push(
        ...JSON.stringify(mask(r.body), null, 2)
          .split('\n')
          .map((l) => `    ${l}`),
      )
    }
  }
  return `${lines.join('\n')}\n`
}
