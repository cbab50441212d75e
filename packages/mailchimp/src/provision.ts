/**
 * `provision`: create the mapped merge fields the audience lacks, with their types. Idempotent:
 * existing tags are reported, never changed.
 * https://mailchimp.com/developer/marketing/api/list-merges/add-merge-field/
 * @module
 */
import {
  attemptRequest,
  type HttpClient,
  type ProbeContext,
  type ProvisionItem,
} from '@bubblehouse-hooks/core'
import { classify } from './call'
import type { MergeFieldCache } from './merge-fields/cache'
import { readMergeFields } from './merge-fields/read'
import type { MergeFieldSpec } from './merge-fields/types'
import { OPERATIONS } from './operations'
import { mergeFieldsPath } from './paths'
import { rulesFor } from './rules'

/** What `provision` works with. */
export interface ProvisionDeps {
  readonly http: HttpClient
  readonly listId: string
  readonly mergeFields: readonly MergeFieldSpec[]
  readonly cache: MergeFieldCache
  readonly now: () => number
}

const itemName = (tag: string) => `merge field ${tag}`

/** One spec per tag (the first mapping of a tag wins). */
function uniqueByTag(specs: readonly MergeFieldSpec[]): MergeFieldSpec[] {
  const seen = new Map<string, MergeFieldSpec>()
  for (const spec of specs) if (!seen.has(spec.tag)) seen.set(spec.tag, spec)
  return [...seen.values()]
}

async function create(
  spec: MergeFieldSpec,
  ctx: ProbeContext,
  deps: ProvisionDeps,
): Promise<ProvisionItem> {
  const answer = await attemptRequest(
    deps.http,
    {
      method: 'POST',
      path: mergeFieldsPath(deps.listId),
      body: { tag: spec.tag, name: spec.name, type: spec.type, required: false, public: false },
    },
    ctx.signal,
  )
  if (answer.failure) {
    return { name: itemName(spec.tag), action: 'failed', detail: answer.failure.code }
  }
  const verdict = classify(answer.response, rulesFor(OPERATIONS.addListMergeField), deps.now())
  return verdict.outcome === 'sent'
    ? { name: itemName(spec.tag), action: 'created', detail: spec.type }
    : { name: itemName(spec.tag), action: 'failed', detail: verdict.code }
}

/** Create the missing merge fields, one at a time; then drop the cached list of fields. */
export async function provisionMergeFields(
  ctx: ProbeContext,
  deps: ProvisionDeps,
): Promise<ProvisionItem[]> {
  const specs = uniqueByTag(deps.mergeFields)
  const read = await readMergeFields(deps.http, deps.listId, ctx.signal, deps.now())
  if (!read.ok) {
    return specs.map((spec) => ({
      name: itemName(spec.tag),
      action: 'failed',
      detail: read.result.code,
    }))
  }
  const items: ProvisionItem[] = []
  for (const spec of specs) {
    const existing = read.fields.get(spec.tag)
    if (existing !== undefined) {
      const detail = existing === spec.type ? existing : `${existing} (mapped as ${spec.type})`
      items.push({ name: itemName(spec.tag), action: 'exists', detail })
    } else {
      items.push(await create(spec, ctx, deps))
    }
  }
  deps.cache.invalidate()
  return items
}
