/**
 * Each connector's healthy vendor, taken from the connector's own tests rather than copied here:
 * the TypeScript test kits are loaded from source through Vite's module runner (the `source`
 * export condition resolves workspace packages to their src/, as the tests' aliases do).
 * @module
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runnerImport } from 'vite'
import { ROOT } from './env.mjs'

/** A module of the repo, loaded from its TypeScript source. */
async function load(path) {
  const { module } = await runnerImport(join(ROOT, path), {
    logLevel: 'error',
    environments: { inline: { resolve: { conditions: ['source'] } } },
  })
  return /** @type {any} */ (module)
}

const hubspot = await load('packages/hubspot/src/__fixtures__/kit.ts')
const mailchimp = await load('packages/mailchimp/test/support/fake-mailchimp.ts')
const mailchimpFixtures = await load('packages/mailchimp/test/support/fixtures.ts')
const segmentAccepted = JSON.parse(
  readFileSync(join(ROOT, 'packages/segment/src/__fixtures__/200-accepted.json'), 'utf8'),
)
const webhookKit = await load('packages/webhook/src/__fixtures__/helpers.ts')

/**
 * Per connector: its options pointed at the fake (`url`), the fake's answers, and the most vendor
 * calls an event may take (Mailchimp: the member write, then the event).
 */
export const VENDORS = {
  klaviyo: {
    options: (url) => ({ apiKey: 'pk_bench_0123456789', baseUrl: url }),
    // What Klaviyo's deliver and conformance tests answer every call with.
    reply: { status: 202 },
    maxCalls: 1,
  },
  segment: {
    options: (url) => ({ writeKey: 'bench-write-key', baseUrl: `${url}/v1` }),
    reply: { status: 200, body: segmentAccepted },
    maxCalls: 1,
  },
  mailchimp: {
    options: (url) => ({
      apiKey: mailchimpFixtures.API_KEY,
      listId: mailchimpFixtures.LIST_ID,
      baseUrl: `${url}/3.0`,
    }),
    reply: mailchimp.okResponder,
    maxCalls: 2,
  },
  hubspot: {
    options: (url) => ({ accessToken: 'pat-na1-bench', baseUrl: url }),
    reply: hubspot.healthyHubspot(),
    maxCalls: 1,
  },
  omnisend: {
    options: (url) => ({ apiKey: 'omnisend-bench-key', baseUrl: `${url}/api` }),
    // What Omnisend's deliver and conformance tests answer POST /events with: 202, no body.
    reply: { status: 202 },
    maxCalls: 1,
  },
  attentive: {
    options: (url) => ({ apiKey: 'attentive-bench-key', baseUrl: `${url}/v1` }),
    // What Attentive's deliver and conformance tests answer POST /v1/events/custom with: 200 Ok.
    reply: { status: 200 },
    maxCalls: 1,
  },
  webhook: {
    options: (url) => ({ url: `${url}/hook`, secret: webhookKit.SECRET }),
    // Zapier's answer to a Catch Hook POST, from the webhook connector's fixtures.
    reply: { status: 200, body: webhookKit.fixture('200-zapier-catch-hook.json') },
    maxCalls: 1,
  },
}
