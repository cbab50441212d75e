// Core's conformance suite, with every Mailchimp rule as a rule case and every answer about one
// member or event as an event-scoped answer (never failure). Bodies: vendors.md §2.3,
// https://mailchimp.com/developer/marketing/docs/errors/. Each harness is a fresh connector, so its
// first call reads the audience's merge fields: every case answers that read first.
import { type FakeReply, runConformance } from '@bubblehouse-hooks/core/testing'
import mailchimp from '../src/index'
import { okResponder } from './support/fake-mailchimp'
import {
  API_KEY,
  fixture,
  LIST_ID,
  MERGE_FIELDS_REPLY,
  memberBody,
  problem,
} from './support/fixtures'

const member = (status: string) => ({
  status: 200,
  body: memberBody(status, 'customer@example.com', '592fc57ef0b254235cfa5977bccfd34a'),
})

/** The verbatim merge-field rejection, naming a tag the connector sends (BH_POINTS). */
const rejectsPoints: FakeReply = {
  ...problem('400-invalid-resource-merge-fields'),
  body: {
    ...fixture('400-invalid-resource-merge-fields'),
    errors: [{ field: 'BH_POINTS', message: 'Please enter a number' }],
  },
}

/** Answers to the member write (after the merge-field read), each about this member. */
const memberWriteAnswers: Array<[string, FakeReply]> = [
  ['PUT 400 Member In Compliance State', problem('400-member-in-compliance-state')],
  ['PUT 400 Forgotten Email Not Subscribed', problem('400-forgotten-email-not-subscribed')],
  ['PUT 400 Invalid Resource email_address', problem('400-invalid-resource-email')],
  ['PUT 400 Invalid Resource looks fake or invalid', problem('400-invalid-resource-fake-email')],
  ['PUT 400 Invalid Resource too many signups', problem('400-invalid-resource-too-many-signups')],
  ['PUT 400 Invalid Resource naming a merge field we sent', rejectsPoints],
  [
    'PUT 400 Invalid Resource naming a merge field we did not send',
    problem('400-invalid-resource-merge-fields'),
  ],
  ['PUT 400 Member Exists', problem('400-member-exists')],
  ['PUT 400 Invalid Action (a title no rule knows)', problem('400-invalid-action')],
  ['PUT 413', { status: 413, body: '' }],
  ['PUT 200 member unsubscribed', member('unsubscribed')],
  ['PUT 200 member cleaned', member('cleaned')],
  ['PUT 200 member archived', member('archived')],
]

/** Answers to the event call (after the merge-field read and the member write). */
const eventAnswers: Array<[string, FakeReply]> = [
  ['event 400 Invalid Resource', problem('400-invalid-resource-event')],
  ['event 404 right after the member write', problem('404-resource-not-found')],
  ['event 400 Invalid Action (a title no rule knows)', problem('400-invalid-action')],
]

runConformance({
  definition: mailchimp,
  options: (baseUrl) => ({
    apiKey: API_KEY,
    listId: LIST_ID,
    baseUrl: `${baseUrl}/3.0`,
    timeoutMs: 1000,
  }),
  ok: okResponder,
  eventScopedAnswers: [
    ...memberWriteAnswers.map(([name, reply]) => ({ name, replies: [MERGE_FIELDS_REPLY, reply] })),
    ...eventAnswers.map(([name, reply]) => ({
      name,
      replies: [MERGE_FIELDS_REPLY, member('subscribed'), reply],
    })),
  ],
  rules: [
    {
      name: 'PUT 200 member status unsubscribed',
      replies: [MERGE_FIELDS_REPLY, member('unsubscribed')],
      outcome: 'unsubscribed',
      code: 'MAILCHIMP_MEMBER_UNSUBSCRIBED',
    },
    {
      name: 'PUT 200 member status cleaned',
      replies: [MERGE_FIELDS_REPLY, member('cleaned')],
      outcome: 'unsubscribed',
      code: 'MAILCHIMP_MEMBER_CLEANED',
    },
    {
      name: 'PUT 200 member status transactional',
      replies: [MERGE_FIELDS_REPLY, member('transactional')],
      outcome: 'sent',
      code: 'HTTP_2XX',
    },
    {
      name: '400 Member In Compliance State',
      replies: [MERGE_FIELDS_REPLY, problem('400-member-in-compliance-state')],
      outcome: 'unsubscribed',
      code: 'MAILCHIMP_COMPLIANCE_STATE',
    },
    {
      name: '400 Forgotten Email Not Subscribed',
      replies: [MERGE_FIELDS_REPLY, problem('400-forgotten-email-not-subscribed')],
      outcome: 'unsubscribed',
      code: 'MAILCHIMP_FORGOTTEN_EMAIL',
    },
    {
      name: '400 Invalid Resource email_address',
      replies: [MERGE_FIELDS_REPLY, problem('400-invalid-resource-email')],
      outcome: 'invalid_data',
      code: 'MAILCHIMP_INVALID_EMAIL',
    },
    {
      name: '400 Invalid Resource looks fake or invalid',
      replies: [MERGE_FIELDS_REPLY, problem('400-invalid-resource-fake-email')],
      outcome: 'invalid_data',
      code: 'MAILCHIMP_FAKE_EMAIL',
    },
    {
      name: '400 Invalid Resource signed up to a lot of lists',
      replies: [MERGE_FIELDS_REPLY, problem('400-invalid-resource-too-many-signups')],
      outcome: 'invalid_data',
      code: 'MAILCHIMP_TOO_MANY_SIGNUPS',
    },
    {
      name: '400 Invalid Resource merge field we did not send (no resend)',
      replies: [MERGE_FIELDS_REPLY, problem('400-invalid-resource-merge-fields')],
      outcome: 'invalid_data',
      code: 'MAILCHIMP_INVALID_MERGE_FIELD',
    },
    {
      name: '400 Member Exists',
      replies: [MERGE_FIELDS_REPLY, problem('400-member-exists')],
      outcome: 'invalid_data',
      code: 'MAILCHIMP_MEMBER_EXISTS',
    },
    {
      name: 'PUT 404 Resource Not Found (the list)',
      replies: [MERGE_FIELDS_REPLY, problem('404-resource-not-found')],
      outcome: 'failure',
      code: 'MAILCHIMP_LIST_NOT_FOUND',
    },
    {
      name: 'merge-fields 404 Resource Not Found (the list)',
      replies: [problem('404-resource-not-found')],
      outcome: 'failure',
      code: 'MAILCHIMP_LIST_NOT_FOUND',
    },
    {
      name: '401 API Key Invalid',
      replies: [problem('401-api-key-invalid')],
      outcome: 'failure',
      code: 'MAILCHIMP_API_KEY_INVALID',
    },
    {
      name: '403 wrong data centre',
      replies: [MERGE_FIELDS_REPLY, problem('403-wrong-datacenter')],
      outcome: 'failure',
      code: 'MAILCHIMP_WRONG_DATACENTER',
    },
    {
      name: '403 without a JSON body (throttling)',
      replies: [MERGE_FIELDS_REPLY, { status: 403, body: '' }],
      outcome: 'failure',
      code: 'MAILCHIMP_THROTTLED',
    },
    {
      name: '429 Too Many Requests',
      replies: [MERGE_FIELDS_REPLY, problem('429-too-many-requests')],
      outcome: 'failure',
      code: 'MAILCHIMP_TOO_MANY_CONNECTIONS',
    },
    {
      name: 'PUT 200 member status archived',
      replies: [MERGE_FIELDS_REPLY, member('archived')],
      outcome: 'skipped',
      code: 'MAILCHIMP_MEMBER_ARCHIVED',
    },
    {
      name: 'events 404 right after the PUT (about this member)',
      replies: [MERGE_FIELDS_REPLY, member('subscribed'), problem('404-resource-not-found')],
      outcome: 'invalid_data',
      code: 'MAILCHIMP_MEMBER_MISSING',
    },
    {
      name: 'PUT 400 Invalid Action (no rule: core HTTP_4XX)',
      replies: [MERGE_FIELDS_REPLY, problem('400-invalid-action')],
      outcome: 'invalid_data',
      code: 'HTTP_4XX',
    },
    {
      name: 'events 400 Invalid Resource',
      replies: [MERGE_FIELDS_REPLY, member('subscribed'), problem('400-invalid-resource-event')],
      outcome: 'invalid_data',
      code: 'MAILCHIMP_INVALID_EVENT',
    },
    {
      name: '405 Method Not Allowed (our bug: hold the queue)',
      replies: [MERGE_FIELDS_REPLY, problem('405-method-not-allowed')],
      outcome: 'failure',
      code: 'MAILCHIMP_METHOD_NOT_ALLOWED',
    },
    {
      name: 'merge-fields 400 Invalid Action (audience call: hold the queue)',
      replies: [problem('400-invalid-action')],
      outcome: 'failure',
      code: 'MAILCHIMP_UNEXPECTED_4XX',
    },
  ],
})
