/**
 * `provision`: the `bubblehouse` contact property group and every mapped property, with its type.
 * Idempotent: existing properties are reported, not changed.
 * @module
 */
import type { HttpAttempt, ProvisionItem, Result } from '@bubblehouse-hooks/core'
import { classifyHubspot } from './classify'
import { propertyLabel } from './naming'
import type { HubspotOptions, PROPERTY_TYPES } from './options'
import { HUBSPOT_RULES } from './rules'
import { ID_PROPERTY, propertyNameFor } from './translate/contact'

/** A type `provision` can create. */
export type ProvisionType = (typeof PROPERTY_TYPES)[number]

/** The group every property provision creates goes into. */
export const PROPERTY_GROUP = { name: 'bubblehouse', label: 'Bubblehouse', displayOrder: -1 }

/** The documented `customer_props` keys and their types (SendEvent1 page). */
export const KNOWN_CUSTOMER_PROPS: Readonly<Record<string, ProvisionType>> = {
  BH_Points_Balance: 'number',
  BH_Points_NextExpiration_Amount: 'number',
  BH_Points_NextExpiration_Date: 'date',
  BH_Tier: 'string',
  BH_MagicLink: 'string',
}

/** One property provision wants. */
export interface WantedProperty {
  readonly name: string
  readonly type: ProvisionType
}

/**
 * The properties this configuration writes that are ours to create: the documented and the
 * mapped `customer_props` keys, the last-event fields, and every name in `propertyTypes` (which
 * also sets the type). HubSpot's own `email`, `firstname` and `lastname` are not created.
 */
export function wantedProperties(
  options: Pick<HubspotOptions, 'properties' | 'fields' | 'propertyTypes'>,
): WantedProperty[] {
  const wanted = new Map<string, ProvisionType>()
  const keys = new Set([...Object.keys(KNOWN_CUSTOMER_PROPS), ...Object.keys(options.properties)])
  for (const key of keys) {
    const name = propertyNameFor(key, options.properties)
    if (name && name !== ID_PROPERTY) wanted.set(name, KNOWN_CUSTOMER_PROPS[key] ?? 'string')
  }
  if (options.fields.last_event) wanted.set(options.fields.last_event, 'string')
  if (options.fields.last_event_at) wanted.set(options.fields.last_event_at, 'datetime')
  for (const [name, type] of Object.entries(options.propertyTypes)) wanted.set(name, type)
  return [...wanted].map(([name, type]) => ({ name, type }))
}

/**
 * HubSpot's property `type` and `fieldType` for each provision type
 * (https://developers.hubspot.com/docs/api/crm/properties, "Property type and fieldType values").
 */
const HUBSPOT_TYPES: Readonly<Record<ProvisionType, { type: string; fieldType: string }>> = {
  string: { type: 'string', fieldType: 'text' },
  number: { type: 'number', fieldType: 'number' },
  date: { type: 'date', fieldType: 'date' },
  datetime: { type: 'datetime', fieldType: 'date' },
  bool: { type: 'bool', fieldType: 'booleancheckbox' },
}

/** The create body for one wanted property. */
export function propertyCreate(property: WantedProperty) {
  const { type, fieldType } = HUBSPOT_TYPES[property.type]
  return {
    name: property.name,
    label: propertyLabel(property.name),
    description: 'Written by bubblehouse-hooks from Bubblehouse loyalty events.',
    groupName: PROPERTY_GROUP.name,
    type,
    fieldType,
    formField: false,
    // HubSpot requires the two options of a boolean checkbox.
    ...(property.type === 'bool'
      ? {
          options: [
            { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
            { label: 'No', value: 'false', displayOrder: 1, hidden: false },
          ],
        }
      : {}),
  }
}

/** A provision item from a create call: 2xx created, 409 already there, anything else failed. */
export function provisionItem(name: string, answer: HttpAttempt, now: number): ProvisionItem {
  if (answer.failure) return { name, action: 'failed', detail: detail(answer.failure) }
  const { status } = answer.response
  if (status >= 200 && status <= 299) return { name, action: 'created' }
  if (status === 409) return { name, action: 'exists' }
  return {
    name,
    action: 'failed',
    detail: detail(classifyHubspot(answer.response, HUBSPOT_RULES, now)),
  }
}

const detail = (result: Result) => `${result.code}: ${result.reason}`
