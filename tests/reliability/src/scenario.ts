/**
 * What every scenario file shares: the run's secrets, a log scanner, a temp folder, hosts and
 * fakes to close at the end (before the log scan, so shutdown lines are scanned too), and the
 * queue layout (one group per connector route, one for the fan-out URL).
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  connectorBlocks,
  connectorTimeouts,
  createSecrets,
  hookKey,
  hostYaml,
  type RunSecrets,
  type StoreBlock,
  secretEnv,
  secretsToScan,
} from './config'
import { type BadMarker, generateEvents, VENDORS, type Vendor } from './events'
import type { FakeSet } from './fakes'
import { type ChildHost, launchHost, type Target } from './hosts'
import { LogScanner } from './logs'
import { MODE } from './mode'
import { rngFor } from './random'
import { analyse, type Figures } from './report'
import type { QueueResult, SimQueue } from './simulator'

/** One scenario's shared state. */
export class Scenario {
  readonly secrets: RunSecrets = createSecrets()
  readonly logs: LogScanner
  readonly env: Record<string, string>
  #dir: string | undefined
  readonly #running: Array<{ close(): Promise<void> }> = []
  readonly #hosts: Array<{ name: string; host: ChildHost }> = []

  constructor(readonly name: string) {
    this.logs = new LogScanner(name, secretsToScan(this.secrets))
    this.env = secretEnv(this.secrets)
  }

  /** The key Bubblehouse signs with. */
  get key() {
    return hookKey(this.secrets)
  }

  /** A temp folder for config files and SQLite databases. */
  async dir(): Promise<string> {
    this.#dir ??= await mkdtemp(join(tmpdir(), `bh-reliability-${this.name}-`))
    return this.#dir
  }

  /** Close `item` at the end of the scenario. */
  track<T extends { close(): Promise<void> }>(item: T): T {
    this.#running.push(item)
    return item
  }

  /** Start the host CLI with every connector pointed at `baseUrls`. */
  async host(options: {
    readonly name: string
    readonly store: StoreBlock | { readonly sqlite: string }
    readonly baseUrls: Readonly<Record<Vendor, string>>
    readonly port?: number
    /** Default: the mode's deadline. */
    readonly deadlineMs?: number
  }): Promise<ChildHost> {
    const deadlineMs = options.deadlineMs ?? MODE.deadlineMs
    const dir = await this.dir()
    const store: StoreBlock =
      'sqlite' in options.store
        ? { kind: 'sqlite', path: join(dir, options.store.sqlite) }
        : options.store
    return this.launch({
      name: options.name,
      yaml: hostYaml({
        store,
        deadlineMs,
        connectors: connectorBlocks(options.baseUrls, connectorTimeouts(deadlineMs)),
      }),
      env: this.env,
      ...(options.port !== undefined ? { port: options.port } : {}),
    })
  }

  /** Start the host CLI on a config of the scenario's own (closed at the end, checked for crashes). */
  async launch(options: {
    readonly name: string
    readonly yaml: string
    readonly env: Readonly<Record<string, string>>
    readonly port?: number
  }): Promise<ChildHost> {
    const host = this.track(
      await launchHost({ ...options, dir: await this.dir(), logs: this.logs }),
    )
    this.#hosts.push({ name: options.name, host })
    return host
  }

  /** Hosts of this scenario that exited without being killed or closed. */
  crashes(): string[] {
    return this.#hosts
      .filter(({ host }) => host.crashed())
      .map(({ name, host }) => `${name} (pid ${host.pid})`)
  }

  /** Close hosts and fakes (newest first), then the log scanner. */
  async shutdown(): Promise<void> {
    for (const item of this.#running.splice(0).reverse()) await item.close().catch(() => undefined)
    await this.logs.close()
  }

  /** Shut down and remove the temp folder. */
  async dispose(): Promise<void> {
    await this.shutdown()
    if (this.#dir) await rm(this.#dir, { recursive: true, force: true })
  }
}

/** The routes every scenario drives: each connector alone, and all four behind the fan-out URL. */
export const ROUTES: ReadonlyArray<{
  readonly target: string
  readonly vendors: readonly Vendor[]
  readonly path: string
}> = [
  ...VENDORS.map((v) => ({ target: v, vendors: [v], path: `/hooks/${v}/SendEvent1` })),
  { target: 'fan-out', vendors: VENDORS, path: '/hooks/SendEvent1' },
]

/** Queue groups by target. */
export type QueueGroups = Map<string, SimQueue[]>

/** `count` events per route, spread over `queues` queues each. */
export function queueGroups(options: {
  readonly name: string
  readonly target: () => Target
  /** Another replica: where each queue's concurrent copies and re-deliveries go. */
  readonly twin?: () => Target
  readonly count: number
  readonly queues: number
  readonly badRate: number
  readonly markers?: readonly BadMarker[]
}): QueueGroups {
  const { twin } = options
  const groups: QueueGroups = new Map()
  for (const route of ROUTES) {
    const group: SimQueue[] = []
    for (let q = 0; q < options.queues; q++) {
      const prefix = `${options.name}-${route.target}-q${q}-`
      group.push({
        name: `${route.target}#${q}`,
        url: () => `${options.target().url}${route.path}`,
        ...(twin ? { twinUrl: () => `${twin().url}${route.path}` } : {}),
        vendors: route.vendors,
        events: generateEvents({
          prefix,
          count: Math.ceil(options.count / options.queues),
          rng: rngFor(prefix),
          badRate: options.badRate,
          ...(options.markers ? { markers: options.markers } : {}),
        }),
      })
    }
    groups.set(route.target, group)
  }
  return groups
}

/** Every queue of every group, in one list (what the simulator runs). */
export const allQueues = (groups: QueueGroups): SimQueue[] => [...groups.values()].flat()

/** Figures per group, from the results of `allQueues(groups)`. */
export function analyseGroups(options: {
  readonly scenario: string
  readonly groups: QueueGroups
  readonly results: readonly QueueResult[]
  readonly fakes: FakeSet
  readonly notes?: (target: string) => Record<string, unknown>
}): Figures[] {
  const all = allQueues(options.groups)
  return [...options.groups].map(([target, queues]) =>
    analyse({
      scenario: options.scenario,
      target,
      deadlineMs: MODE.deadlineMs,
      queues,
      results: queues.map((q) => options.results[all.indexOf(q)]!),
      ledgers: Object.fromEntries(VENDORS.map((v) => [v, options.fakes.fakes[v].ledger])),
      ...(options.notes ? { notes: options.notes(target) } : {}),
    }),
  )
}
