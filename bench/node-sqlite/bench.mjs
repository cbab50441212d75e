// node:sqlite (Node 22+) against better-sqlite3 (Node 20/22/24) on the SQLite store's hot path:
// the same table, pragmas and prepared statements as packages/store-sqlite, one file in WAL mode.
//
//   node bench/node-sqlite/bench.mjs                     # every driver this Node has, 5 rounds
//   node bench/node-sqlite/bench.mjs --node /usr/bin/node --node .cache/node/22.23.5/bin/node \
//     --node .cache/node/24.22.3/bin/node --rounds 7 --ops 20000 --json results.json
//
// On Node 22/24, better-sqlite3 needs an addon built for that Node's ABI; `scripts/test-node.sh <major>`
// builds it into .cache/node/<version>/native/, and this script passes it as `nativeBinding`.
//
// Each round runs every (Node, driver) pair in a fresh child process, in alternating order so machine
// noise hits all alike; the parent prints the median ops/s per operation and the min–max.
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

// The store's statements, copied from packages/store-sqlite/src/schema.ts (hot path only: the
// sweep runs once a minute). The upsert-acquire is the store's "insert, or take an expired lock".
const TABLE = 'hook_store'
const SQL = {
  createTable: `
CREATE TABLE IF NOT EXISTS ${TABLE} (
  key TEXT PRIMARY KEY NOT NULL,
  outcome TEXT,
  code TEXT,
  at INTEGER,
  result_expires_at INTEGER,
  lock_token TEXT,
  lock_expires_at INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ${TABLE}_result_expires_at ON ${TABLE} (result_expires_at);`,
  get: `SELECT outcome, code, at FROM ${TABLE} WHERE key = @key AND result_expires_at > @now`,
  acquire: `
INSERT INTO ${TABLE} (key, lock_token, lock_expires_at) VALUES (@key, @token, @lockExpiresAt)
ON CONFLICT (key) DO UPDATE SET
  lock_token = excluded.lock_token,
  lock_expires_at = excluded.lock_expires_at
WHERE ${TABLE}.lock_token IS NULL OR ${TABLE}.lock_expires_at <= @now`,
  complete: `
INSERT INTO ${TABLE} (key, outcome, code, at, result_expires_at)
VALUES (@key, @outcome, @code, @at, @resultExpiresAt)
ON CONFLICT (key) DO UPDATE SET
  outcome = excluded.outcome,
  code = excluded.code,
  at = excluded.at,
  result_expires_at = excluded.result_expires_at,
  lock_token = CASE WHEN lock_token = @token THEN NULL ELSE lock_token END,
  lock_expires_at = CASE WHEN lock_token = @token THEN NULL ELSE lock_expires_at END`,
}

const OPERATIONS = [
  ['acquire', 'acquire a new key (upsert insert)'],
  ['getHit', 'get a stored result (select hit)'],
  ['getMiss', 'get an unknown key (select miss)'],
  ['complete', 'complete a held lock (upsert update)'],
  ['cycle', 'one event: get miss + acquire + complete'],
]

// --- drivers -------------------------------------------------------------------------------------

/** better-sqlite3 from the store package, with the addon for this Node's ABI. */
function betterSqlite3() {
  const require = createRequire(join(root, 'packages/store-sqlite/package.json'))
  const pkgDir = dirname(require.resolve('better-sqlite3/package.json'))
  const { version } = require('better-sqlite3/package.json')
  const Database = require('better-sqlite3')
  const installed = join(pkgDir, 'build/Release/better_sqlite3.node')
  const rebuilt = join(
    root,
    `.cache/node/${process.versions.node}/native/better-sqlite3@${version}/build/Release/better_sqlite3.node`,
  )
  // The installed addon when it loads on this Node (the install Node), else the rebuilt one.
  let nativeBinding
  try {
    process.dlopen({ exports: {} }, installed)
  } catch {
    if (!existsSync(rebuilt)) {
      throw new Error(
        `better-sqlite3 ${version} has no addon for Node ${process.version}: run scripts/test-node.sh ${process.versions.node.split('.')[0]}`,
      )
    }
    nativeBinding = rebuilt
  }
  return {
    label: `better-sqlite3 ${version}`,
    open(path) {
      const db = new Database(path, { timeout: 2_000, nativeBinding })
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.exec(SQL.createTable)
      return {
        prepare: (sql) => db.prepare(sql),
        sqliteVersion: db.prepare('select sqlite_version() as v').get().v,
        close: () => db.close(),
      }
    },
  }
}

/** node:sqlite (DatabaseSync), Node 22.5+. */
async function nodeSqlite() {
  const { DatabaseSync } = await import('node:sqlite')
  return {
    label: 'node:sqlite',
    open(path) {
      const db = new DatabaseSync(path)
      db.exec('PRAGMA busy_timeout = 2000')
      db.exec('PRAGMA journal_mode = WAL')
      db.exec('PRAGMA synchronous = NORMAL')
      db.exec(SQL.createTable)
      return {
        prepare: (sql) => db.prepare(sql),
        sqliteVersion: db.prepare('select sqlite_version() as v').get().v,
        close: () => db.close(),
      }
    },
  }
}

const DRIVERS = { 'better-sqlite3': betterSqlite3, 'node:sqlite': nodeSqlite }

// --- one round in a child process -----------------------------------------------------------------

async function child(driverName, ops) {
  const loadStart = process.hrtime.bigint()
  const driver = await DRIVERS[driverName]()
  const dir = mkdtempSync(join(tmpdir(), 'bh-sqlite-bench-'))
  const db = driver.open(join(dir, 'hooks.db'))
  const get = db.prepare(SQL.get)
  const acquire = db.prepare(SQL.acquire)
  const complete = db.prepare(SQL.complete)
  const openMs = Number(process.hrtime.bigint() - loadStart) / 1e6

  const now = Date.now()
  const ttl = 60_000
  const prefix = `bench:${randomUUID()}:`
  const keys = Array.from({ length: ops }, (_, i) => `${prefix}${i}`)
  const tokens = keys.map(() => randomUUID())
  let n = 0
  const fresh = () => `${prefix}fresh:${n++}`
  const check = (ok, what) => {
    if (!ok) throw new Error(`${driver.label}: ${what} did not behave like the store expects`)
  }

  // Both clocks: wall time, and the CPU time (user + system) the process spent, which a busy
  // machine disturbs much less (a descheduled process is not charged for waiting).
  const time = (fn) => {
    const cpu0 = process.cpuUsage()
    const wall0 = process.hrtime.bigint()
    fn()
    const wallS = Number(process.hrtime.bigint() - wall0) / 1e9
    const cpu = process.cpuUsage(cpu0)
    return { wall: ops / wallS, cpu: ops / ((cpu.user + cpu.system) / 1e6) }
  }
  // Warm-up: JIT and SQLite's page cache, on keys the timed loops do not use.
  for (let i = 0; i < Math.min(2_000, ops); i++) {
    const k = fresh()
    acquire.run({ key: k, token: 't', lockExpiresAt: now + ttl, now })
    complete.run({
      key: k,
      token: 't',
      outcome: 'sent',
      code: 'X',
      at: now,
      resultExpiresAt: now + ttl,
    })
    get.get({ key: k, now })
  }

  const result = {}
  result.acquire = time(() => {
    for (let i = 0; i < ops; i++) {
      const r = acquire.run({ key: keys[i], token: tokens[i], lockExpiresAt: now + ttl, now })
      if (r.changes !== 1) check(false, 'acquire')
    }
  })
  result.complete = time(() => {
    for (let i = 0; i < ops; i++) {
      complete.run({
        key: keys[i],
        token: tokens[i],
        outcome: 'sent',
        code: 'HTTP_2XX',
        at: now,
        resultExpiresAt: now + ttl,
      })
    }
  })
  result.getHit = time(() => {
    for (let i = 0; i < ops; i++) {
      const row = get.get({ key: keys[(i * 7919) % ops], now })
      if (row?.outcome !== 'sent') check(false, 'get (hit)')
    }
  })
  result.getMiss = time(() => {
    for (let i = 0; i < ops; i++) {
      if (get.get({ key: `${prefix}missing:${i}`, now }) !== undefined) check(false, 'get (miss)')
    }
  })
  result.cycle = time(() => {
    for (let i = 0; i < ops; i++) {
      const k = fresh()
      if (get.get({ key: k, now }) !== undefined) check(false, 'cycle get')
      if (acquire.run({ key: k, token: 't', lockExpiresAt: now + ttl, now }).changes !== 1) {
        check(false, 'cycle acquire')
      }
      complete.run({
        key: k,
        token: 't',
        outcome: 'sent',
        code: 'X',
        at: now,
        resultExpiresAt: now + ttl,
      })
    }
  })
  const sqliteVersion = db.sqliteVersion
  db.close()
  rmSync(dir, { recursive: true, force: true })
  process.stdout.write(
    `${JSON.stringify({ label: driver.label, sqliteVersion, openMs, ...result })}\n`,
  )
}

// --- the parent: rounds, medians, table -----------------------------------------------------------

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i === -1 ? fallback : process.argv[i + 1]
}

function args(name) {
  return process.argv.flatMap((a, i) => (a === `--${name}` ? [process.argv[i + 1]] : []))
}

/** The drivers a Node version has: node:sqlite arrived unflagged in 22.5. */
function driversOf(version) {
  const [major, minor] = version.split('.').map(Number)
  const names = ['better-sqlite3']
  if (major > 22 || (major === 22 && minor >= 5)) names.push('node:sqlite')
  return names
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const fmt = (x) => Math.round(x).toLocaleString('en-US')

async function parent() {
  const rounds = Number(arg('rounds', 5))
  const ops = Number(arg('ops', 20_000))
  const only = arg('drivers')?.split(',')
  const nodes = args('node').length > 0 ? args('node') : [process.execPath]
  const here = fileURLToPath(import.meta.url)

  // One target per (Node, driver); every round runs each target once in a fresh process.
  const targets = []
  for (const node of nodes) {
    const version = spawnSync(node, ['-p', 'process.versions.node'], {
      encoding: 'utf8',
    }).stdout.trim()
    if (!version) throw new Error(`${node} is not a working node`)
    for (const driver of driversOf(version)) {
      if (!only || only.includes(driver)) targets.push({ node, version, driver, samples: [] })
    }
  }
  for (let round = 0; round < rounds; round++) {
    // Alternate the order, so a noisy neighbour does not always hit the same target.
    for (const t of round % 2 ? [...targets].reverse() : targets) {
      const run = spawnSync(
        t.node,
        ['--disable-warning=ExperimentalWarning', here, '--child', t.driver, '--ops', String(ops)],
        { encoding: 'utf8' },
      )
      if (run.status !== 0) {
        process.stderr.write(run.stderr)
        throw new Error(`${t.driver} failed on Node ${t.version} (exit ${run.status})`)
      }
      t.samples.push(JSON.parse(run.stdout.trim().split('\n').at(-1)))
      process.stderr.write('.')
    }
  }
  process.stderr.write('\n')

  const summary = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    rounds,
    ops,
    targets: targets.map(({ version, driver, samples }) => ({
      node: version,
      driver,
      label: samples[0].label,
      sqliteVersion: samples[0].sqliteVersion,
      openMs: median(samples.map((x) => x.openMs)),
      ...Object.fromEntries(
        OPERATIONS.map(([op]) => [
          op,
          Object.fromEntries(
            ['cpu', 'wall'].map((clock) => {
              const xs = samples.map((x) => x[op][clock])
              return [clock, { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) }]
            }),
          ),
        ]),
      ),
    })),
  }

  console.log(
    `${summary.cores} × ${summary.cpu}; ${rounds} rounds × ${fmt(ops)} ops per operation; file db, WAL, synchronous=NORMAL`,
  )
  const head = summary.targets.map((t) => `${t.label}, Node ${t.node}`).join(' | ')
  for (const [clock, title] of [
    ['cpu', 'ops per CPU-second (user + system), median [min–max]'],
    ['wall', 'ops per wall-clock second, median [min–max]'],
  ]) {
    console.log(`\n| ${title} | ${head} |`)
    console.log(`|---|${summary.targets.map(() => '---:').join('|')}|`)
    for (const [op, text] of OPERATIONS) {
      const cells = summary.targets.map((t) => {
        const r = t[op][clock]
        return `${fmt(r.median)} [${fmt(r.min)}–${fmt(r.max)}]`
      })
      console.log(`| ${text} | ${cells.join(' | ')} |`)
    }
  }
  console.log(
    `\n| load module + open + prepare, ms (median) | ${summary.targets.map((t) => t.openMs.toFixed(1)).join(' | ')} |`,
  )
  console.log(`| SQLite version | ${summary.targets.map((t) => t.sqliteVersion).join(' | ')} |`)
  const out = arg('json')
  if (out) writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`)
}

const childDriver = arg('child')
if (childDriver) await child(childDriver, Number(arg('ops', 20_000)))
else await parent()
