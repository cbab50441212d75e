/**
 * @bubblehouse-hooks/core/testing/tools: the part of the testing kit that does not need vitest.
 * A harness that runs a connector like the handler does, a local fake vendor server, recording
 * logger and metrics, a one-shot `check`, and the sample events. Usable from any test runner or a
 * plain script; `@bubblehouse-hooks/core/testing` re-exports all of it next to the vitest suites.
 * @module
 */

export { CANONICAL_EVENT, SAMPLE_NAMES, sampleEvent } from '../samples'
export { checkConnector } from './check-connector'
export {
  closedPort,
  type FakeReply,
  type FakeVendor,
  type FakeVendorOptions,
  type RecordedRequest,
  type Responder,
  startFakeVendor,
} from './fake-vendor'
export {
  createHarness,
  type Harness,
  type HarnessOptions,
  type RecordingHarness,
  recordingHarness,
} from './harness'
export {
  type LogLine,
  type RecordingMetrics,
  recordingLogger,
  recordingMetrics,
} from './recorders'
