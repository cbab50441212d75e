/**
 * @bubblehouse-hooks/core/testing: what connector and store packages test with. A harness that
 * runs a connector like the handler does, a local fake vendor server, the connector conformance
 * suite and the store contract suite (both need vitest, which this entry imports). Without
 * vitest, import the harness, fake vendor and recorders from `@bubblehouse-hooks/core/testing/tools`.
 * @module
 */

export {
  type ConformanceOptions,
  type ConformanceRuleCase,
  type EventScopedAnswer,
  runConformance,
} from './conformance'
export { type ReadmeContractOptions, readmeSection, runReadmeContract } from './readme'
export { runStoreContract, type StoreContractOptions } from './store-contract'
export {
  CANONICAL_EVENT,
  closedPort,
  createHarness,
  type FakeReply,
  type FakeVendor,
  type FakeVendorOptions,
  type Harness,
  type HarnessOptions,
  type LogLine,
  type RecordedRequest,
  type RecordingMetrics,
  type Responder,
  recordingLogger,
  recordingMetrics,
  SAMPLE_NAMES,
  sampleEvent,
  startFakeVendor,
} from './tools'
