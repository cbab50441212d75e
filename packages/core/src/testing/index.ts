/**
 * @bubblehouse-hooks/core/testing: what connector and store packages test with. A harness that
 * runs a connector like the handler does, a local fake vendor server (and `useFakeVendor`, its
 * lifecycle in one vitest file), the connector conformance suite and the store contract suite (these
 * need vitest, which this entry imports). Without vitest, import the harness, fake vendor and
 * recorders from `@bubblehouse-hooks/core/testing/tools`.
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
  checkConnector,
  closedPort,
  createHarness,
  type FakeReply,
  type FakeVendor,
  type FakeVendorOptions,
  type Harness,
  type HarnessOptions,
  type LogLine,
  type RecordedRequest,
  type RecordingHarness,
  type RecordingMetrics,
  type Responder,
  recordingHarness,
  recordingLogger,
  recordingMetrics,
  SAMPLE_NAMES,
  sampleEvent,
  startFakeVendor,
} from './tools'
export { useFakeVendor } from './use-fake-vendor'
