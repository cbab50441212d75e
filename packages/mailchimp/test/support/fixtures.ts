/**
 * Mailchimp bodies for tests. Error bodies are verbatim from vendors.md §2.3
 * (https://mailchimp.com/developer/marketing/docs/errors/) except where a file notes its public
 * source: 400-invalid-resource-merge-fields and 200-member come from a recorded Mailchimp session
 * (grouparoo/grouparoo:plugins/@grouparoo/mailchimp/__tests__/fixtures/export-profile.js),
 * 400-invalid-resource-fake-email from a public test fixture of that exact Mailchimp answer,
 * 403-wrong-datacenter from rudderlabs/rudder-transformer:test/integrations/destinations/mailchimp/network.ts.
 * Representative (shape and title from the docs, message not captured from a live answer):
 * 400-invalid-resource-event, 400-invalid-action (title and detail from the error glossary),
 * 405-method-not-allowed, 200-merge-fields, 200-list.
 */
import { readFileSync } from 'node:fs'
import type { FakeReply } from '@bubblehouse-hooks/core/testing'

const dir = new URL('../../src/__fixtures__/', import.meta.url)

/** A fixture file, parsed. */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'))
}

/** Mailchimp's error content type. */
export const PROBLEM_JSON = { 'content-type': 'application/problem+json; charset=utf-8' }

/** A problem+json reply from a fixture file named `<status>-<reason>`. */
export function problem(name: string): FakeReply {
  const body = fixture(name)
  return { status: Number(name.slice(0, 3)), headers: PROBLEM_JSON, body }
}

/** The audience's merge fields reply (every default tag plus FNAME, LNAME, ADDRESS, PHONE). */
export const MERGE_FIELDS_REPLY: FakeReply = { status: 200, body: fixture('200-merge-fields') }

/** A member document like Mailchimp's PUT/PATCH answer, with the given status and email. */
export function memberBody(
  status: string,
  email: string,
  hash: string,
  mergeFields: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ...fixture('200-member'),
    id: hash,
    email_address: email.toLowerCase(),
    status,
    merge_fields: mergeFields,
  }
}

export const API_KEY = '0123456789abcdef0123456789abcdef-us6'

/** "Basic " + base64("bubblehouse-hooks:" + API_KEY), computed once by hand. */
export const BASIC_AUTH =
  'Basic YnViYmxlaG91c2UtaG9va3M6MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYtdXM2'

export const LIST_ID = 'L1'

/** md5("customer@example.com"), the canonical event's customer. */
export const CUSTOMER_HASH = '592fc57ef0b254235cfa5977bccfd34a'

/** md5("jane@example.com"), as vendors.md §2.1 shows it. */
export const JANE_HASH = '9e26471d35a78862c17e467d87cddedf'
