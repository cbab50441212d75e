/** The results as short markdown tables, with every judged target checked. @module */
import { mb, num, table } from './stats.mjs'

/** Judged targets: [target, measured, met]. */
export function targets({ overhead, connectors, memory, journal }) {
  const rows = []
  if (overhead) {
    const f = overhead.fixed
    rows.push([
      `host p99 ≤ 10 ms at ${num(overhead.rate)} req/s over ${overhead.connections} connections`,
      `${num(f.p99Ms, 2)} ms (worst round ${num(f.worstP99Ms, 2)} ms)`,
      f.p99Ms <= 10 && f.failed === 0,
    ])
  }
  for (const r of connectors?.results ?? []) {
    rows.push(
      [
        `${r.id}: vendor calls per event ≤ ${r.maxCalls}`,
        num(r.callsPerEvent, 2),
        r.callsPerEvent <= r.maxCalls,
      ],
      [
        `${r.id}: new connections per 100 events ≤ 1`,
        num(r.connectionsPer100, 2),
        r.connectionsPer100 <= 1,
      ],
      [`${r.id}: time added per event ≤ 2 ms`, `${num(r.addedMs, 2)} ms`, r.addedMs <= 2],
    )
  }
  for (const r of memory?.results ?? []) {
    rows.push([
      `RSS flat over ${num(r.events)} events, ${r.store} store (2nd-half median − 1st-half median < 10 % of start)`,
      `${mb(r.before)} → ${mb(r.after)}; medians ${mb(r.growth)}`,
      r.growth <= 0.1 * r.before,
    ])
  }
  if (journal) {
    rows.push(
      [
        'journal on: saturated req/s ≥ 0.8 × journal off (SQLite)',
        `${num(journal.on.rps)} vs ${num(journal.off.rps)} req/s = ${num(journal.ratio, 2)} ×`,
        journal.ratio >= 0.8,
      ],
      [
        'journal on: time added per event ≤ 1 ms (CPU per request, on − off)',
        `${num(journal.addedCpuUs)} µs`,
        journal.addedCpuUs <= 1000,
      ],
    )
  }
  return rows
}

export function targetsMarkdown(rows) {
  return table(
    ['target', 'measured', 'result'],
    rows.map(([target, measured, met]) => [target, measured, met ? 'met' : '**missed**']),
  )
}

export function overheadMarkdown(o) {
  const row = (name, s) => [
    name,
    num(s.rps),
    num(s.cpuUsPerReq),
    num(s.p50Ms, 2),
    num(s.p99Ms, 2),
    String(s.failed),
  ]
  return [
    `${o.tool}, ${o.connections} connections, ${o.rounds} rounds of ${o.seconds} s per server (host and Express alternating), then the host at ${num(o.rate)} req/s; server on CPU 0, load on CPU 1; every request a different token and a unique bhid. Medians over the rounds. Req/s beside Express is context, not a target.`,
    '',
    table(
      ['server', 'req/s', 'CPU µs/req', 'p50 ms', 'p99 ms', 'errors + not sent'],
      [
        row('host, saturated', o.host),
        row('Express (SendEvent1 page), saturated', o.express),
        row(`host at ${num(o.rate)} req/s`, o.fixed),
      ],
      ['l', 'r', 'r', 'r', 'r', 'r'],
    ),
  ].join('\n')
}

export function connectorsMarkdown(c) {
  return [
    `${c.results[0]?.events ?? 0} events per connector, one at a time, after a ${c.warmup}-event warm-up; the fake vendor adds ${c.latencyMs} ms. Added = end-to-end p50 − bare receiver p50 − round(calls per event) × the fake's own p50.`,
    '',
    table(
      [
        'connector',
        'calls / event',
        'new conns / 100 events',
        'end-to-end p50 ms',
        'fake p50 ms',
        'bare receiver p50 ms',
        'added ms',
        'outcomes',
      ],
      c.results.map((r) => [
        r.id,
        num(r.callsPerEvent, 2),
        num(r.connectionsPer100, 2),
        num(r.p50Ms, 2),
        num(r.fakeP50Ms, 2),
        num(r.bareP50Ms, 2),
        num(r.addedMs, 2),
        Object.entries(r.outcomes)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  ].join('\n')
}

export function memoryMarkdown(m) {
  return [
    `${num(m.events)} events per store after a ${num(m.warmup)}-event warm-up, ${m.concurrency} in flight; RSS from /proc every tenth of the run.`,
    '',
    table(
      ['store', 'RSS before', 'RSS after', '2nd-half − 1st-half median', 'RSS samples (MB)'],
      m.results.map((r) => [
        r.store,
        mb(r.before),
        mb(r.after),
        mb(r.growth),
        r.samples.map((s) => num(s.rss / 1048576)).join(' · '),
      ]),
      ['l', 'r', 'r', 'r', 'l'],
    ),
  ].join('\n')
}

export function journalMarkdown(j) {
  const row = (name, s) => [
    name,
    num(s.rps),
    num(s.cpuUsPerReq),
    num(s.p50Ms, 2),
    num(s.p99Ms, 2),
    String(s.failed),
  ]
  return [
    `${j.tool}, ${j.connections} connections, SQLite store, no-op connector; ${j.rounds} rounds of ${j.seconds} s saturated, then ${j.seconds} s at ${num(j.rate)} req/s, per host (journal on and off alternating). Medians over the rounds; p50 and p99 are from the fixed-rate runs (context: on a busy machine they are mostly queueing).`,
    '',
    table(
      ['host', 'req/s', 'CPU µs/req', 'p50 ms', 'p99 ms', 'errors + not sent'],
      [row('journal on (bodies: failures)', j.on), row('journal off', j.off)],
      ['l', 'r', 'r', 'r', 'r', 'r'],
    ),
  ].join('\n')
}
