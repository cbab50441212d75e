/**
 * @bubblehouse-hooks/core: the Bubblehouse Hooks API contract (Hello1, SendEvent1), JWT auth,
 * outcomes and their classification, `defineConnector`, the Web-standard hook handler, the HTTP
 * client for connectors, and the store API.
 * @module
 */

export { decodeSecret, type HookKey, MIN_SECRET_BYTES } from './auth/keys'
export { createHookToken, type HookTokenOptions } from './auth/sign'
export {
  type AuthFailureReason,
  createVerifier,
  type HookVerifier,
  type VerifierOptions,
  type VerifyResult,
} from './auth/verifier'
export { DEFAULT_RULES } from './classify/default-rules'
export { classifyError, type NetworkErrorKind, networkErrorKind } from './classify/network'
export { MAX_RETRY_AFTER_MS, parseRetryAfter } from './classify/retry-after'
export {
  type ClassifyRule,
  classifyResponse,
  createClassifier,
  type RuleMatch,
  ruleMatches,
  type StatusMatcher,
  type ValueMatcher,
  type VendorResponse,
  valuesAtPath,
} from './classify/rules'
export {
  type Hello1Input,
  Hello1InputSchema,
  type Hello1Output,
  Hello1OutputSchema,
  SERVED_HOOKS,
} from './contract/hello1'
export { formatIssues } from './contract/issues'
export { isJsonObject, isRecord, type JsonObject, type JsonValue } from './contract/json'
export { isRfc3339, toDate, toIsoUtc } from './contract/rfc3339'
export {
  type Customer,
  CustomerSchema,
  type SendEvent1,
  SendEvent1InputSchema,
  type SendEvent1Output,
  SendEvent1OutputSchema,
} from './contract/send-event1'
export {
  type CheckReport,
  type Connector,
  type ConnectorDefinition,
  type ConnectorEnv,
  type ConnectorEnvOptions,
  createConnector,
  createConnectorEnv,
  type DeliverContext,
  defineConnector,
  type ProbeContext,
  type ProvisionItem,
} from './define-connector'
export {
  BubblehouseHooksError,
  ConfigError,
  type ErrorCode,
  StoreUnavailableError,
} from './errors'
export {
  createHookHandler,
  createRawHookHandler,
  type EmailHasher,
  FAILURE_BODY,
  type HookHandler,
  type HookHandlerOptions,
  type HookInput,
  type HookOutput,
  jsonOutput,
  type RawHookHandler,
  type RouteOptions,
  requestIdOf,
} from './handler/handler'
export type {
  ConnectorAttempt,
  SendEventHook,
  SendEventRecord,
} from './handler/journal-hook'
export type { BodyReadFailure, BodyReadResult } from './handler/read-body'
export { createReplayer, type Replayer, type ReplayerOptions } from './handler/replay'
export { attemptRequest, type HttpAttempt } from './http/attempt'
export {
  createHttpClient,
  DEFAULT_MAX_RESPONSE_BYTES,
  type HttpCallInfo,
  type HttpClient,
  type HttpClientOptions,
  HttpNetworkError,
  type HttpRequest,
  type HttpResponse,
} from './http/client'
export {
  type DeliverPlanOptions,
  type DeliveryHooks,
  deliverPlan,
  type Prepared,
  type Repair,
} from './http/deliver-plan'
export { createLimiter, type Limiter } from './http/limiter'
export {
  asJournalEntry,
  type EventJournal,
  JOURNAL_DEFAULT_LIMIT,
  JOURNAL_MAX_LIMIT,
  type JournalEntry,
  type JournalQuery,
  type JournalRetention,
  type JournalWrite,
  journalLimit,
  journalMember,
  matchesJournalQuery,
  nextJournalEntry,
} from './journal/types'
export {
  type ConnectorMetrics,
  FIELD_DROP_REASONS,
  type FieldDropReason,
  type HookMetrics,
  type Logger,
  noopConnectorMetrics,
  noopLogger,
  noopMetrics,
  REGISTERED_CLAIMS,
  type TokenClaimsSeen,
} from './logger'
export {
  type EventFilter,
  EventFilterSchema,
  EventNameMappingSchema,
  EventPropsSourcesSchema,
  type KeyMapping,
  KeyMappingSchema,
  timeoutMsOption,
} from './mapping/options'
export {
  eventFlags,
  eventProperties,
  filteredEventPlan,
  isEventAllowed,
  jsonByteLength,
  mapKeys,
  stringifyValues,
  toVendorString,
} from './mapping/transform'
export {
  combineOutcomes,
  isTerminal,
  OUTCOME_PRIORITY,
  OUTCOMES,
  type Outcome,
  type Result,
  result,
  type TerminalOutcome,
} from './outcome'
export {
  type DecisionPlan,
  type HttpMethod,
  invalidPlan,
  type Plan,
  type PlannedRequest,
  type SendPlan,
  sendPlan,
  skipPlan,
} from './plan'
export {
  type FieldDrop,
  type FieldReportTarget,
  reportFieldDrops,
  reportFieldsDropped,
} from './report/fields-dropped'
export { reportUnclassified, UNCLASSIFIED_4XX } from './report/unclassified'
export { CANONICAL_EVENT, SAMPLE_NAMES, sampleEvent } from './samples'
export { createMemoryStore, type MemoryStoreOptions } from './store/memory'
export { namespacedKey, namespacedStore } from './store/namespaced'
export {
  type AcquiredAndRead,
  asStoredResult,
  type HookStore,
  isTerminalOutcomeValue,
  type StoredResult,
  storeKey,
} from './store/types'
