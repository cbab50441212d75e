/**
 * How big each scenario runs. CI mode is sized to finish in a few minutes on a loaded 2-core
 * machine; soak mode (`pnpm test:reliability --soak`, or `BH_RELIABILITY_SOAK=1`) is the long run
 * whose figures the README quotes.
 * @module
 */

/** True in soak mode. */
export const SOAK = process.env.BH_RELIABILITY_SOAK === '1'

/** The sizes and timings every scenario reads. */
export interface Mode {
  readonly name: 'ci' | 'soak'
  /** Hook deadline of every host under test (the host's minimum is 1000 ms). */
  readonly deadlineMs: number
  /** How far past the deadline an answer may arrive before it counts as late (event-loop lag of a loaded machine). */
  readonly answerSlackMs: number
  /** Bubblehouse gives up on an attempt after this long (30 s in production). */
  readonly attemptTimeoutMs: number
  /** Scenario 1: events per connector route and for the fan-out route. */
  readonly faultEvents: number
  /** Scenario 1: Bubblehouse queues those events are spread over (several shops at once). */
  readonly faultQueues: number
  /** Scenario 1: share of vendor requests that get a fault. */
  readonly faultRate: number
  /** Share of events built to be rejected by one vendor (bad email, opted out, no user id). */
  readonly badRate: number
  /** Share of events the simulator sends again after their terminal answer. */
  readonly duplicateRate: number
  /** Share of events the simulator sends twice at once. */
  readonly concurrentDuplicateRate: number
  /** Scenario 2: events per queue (five queues: four connector routes and the fan-out). */
  readonly crashEvents: number
  /** Scenario 2: how many times the host is killed with SIGKILL. */
  readonly crashKills: number
  /** Scenario 4: events per queue (five queues). */
  readonly outageEvents: number
  /** Scenario 4: how many Redis outages. */
  readonly outages: number
  /** Scenario 4: how long Redis stays down each time. */
  readonly outageMs: number
  /** Scenario 3: concurrent connections opened at once. */
  readonly connections: number
  /** Scenario 6: events per route, each sent to both replicas (five routes). */
  readonly replicaEvents: number
  /** Scenario 6: queues per route. */
  readonly replicaQueues: number
  /** Scenario 7: events per healthy tenant, over its three routes. */
  readonly tenantEvents: number
  /** Scenario 7: queues per route of each healthy tenant. */
  readonly tenantQueues: number
}

const CI: Mode = {
  name: 'ci',
  deadlineMs: 1500,
  answerSlackMs: 3000,
  attemptTimeoutMs: 30_000,
  faultEvents: 1000,
  faultQueues: 4,
  faultRate: 0.1,
  badRate: 0.03,
  duplicateRate: 0.02,
  concurrentDuplicateRate: 0.01,
  crashEvents: 250,
  crashKills: 3,
  outageEvents: 250,
  outages: 2,
  outageMs: 1500,
  connections: 1000,
  replicaEvents: 600,
  replicaQueues: 5,
  tenantEvents: 600,
  tenantQueues: 3,
}

const LONG: Mode = {
  ...CI,
  name: 'soak',
  faultEvents: 100_000,
  faultQueues: 20,
  crashEvents: 5000,
  crashKills: 40,
  outageEvents: 5000,
  outages: 20,
  outageMs: 3000,
  replicaEvents: 10_000,
  replicaQueues: 20,
  tenantEvents: 30_000,
  tenantQueues: 8,
}

/** `BH_RELIABILITY_SCALE` (e.g. 0.1) scales every event count, for a quick local run. */
const SCALE = Number(process.env.BH_RELIABILITY_SCALE ?? 1)

function scaled(mode: Mode): Mode {
  if (!(SCALE > 0) || SCALE === 1) return mode
  const n = (value: number) => Math.max(10, Math.round(value * SCALE))
  return {
    ...mode,
    faultEvents: n(mode.faultEvents),
    crashEvents: n(mode.crashEvents),
    crashKills: Math.max(1, Math.round(mode.crashKills * SCALE)),
    outageEvents: n(mode.outageEvents),
    outages: Math.max(1, Math.round(mode.outages * SCALE)),
    connections: n(mode.connections),
    replicaEvents: n(mode.replicaEvents),
    tenantEvents: n(mode.tenantEvents),
  }
}

/** The mode of this run. */
export const MODE: Mode = scaled(SOAK ? LONG : CI)
