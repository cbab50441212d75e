/**
 * @bubblehouse-hooks/core/testing: what connector and store packages test with. A harness that
 * runs a connector like the handler does, a local fake vendor server, the connector conformance
 * suite and the store contract suite (both need vitest).
 * @module
 */

export { CANONICAL_EVENT, SAMPLE_NAMES, sampleEvent } from '../samples'
export {
  type ConformanceOptions,
  type ConformanceRuleCase,
  type EventScopedAnswer,
  runConformance,
} from './conformance'
export {
  closedPort,
  type FakeReply,
  type FakeVendor,
  type FakeVendorOptions,
  type RecordedRequest,
  type Responder,
  startFakeVendor,
} from './fake-vendor'
export { createHarness, type Harness, type HarnessOptions } from './harness'
export {
  type LogLine,
  type RecordingMetrics,
  recordingLogger,
  recordingMetrics,
} from './recorders'
export { runStoreContract, type StoreContractOptions } from './store-contract'
