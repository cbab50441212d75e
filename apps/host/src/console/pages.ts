/**
 * The console's pages, server-rendered: routes (ok / held since, by which connector and code),
 * recent events with a filter, and one event's detail with its body (redacted unless revealed)
 * and Replay buttons; each page is one tenant's, with links to the others. A few lines of CSS,
 * no script, nothing from a CDN.
 * @module
 */
import { type JournalEntry, OUTCOMES } from '@bubblehouse-hooks/core'
import type { RouteStatus } from '../alerts/watch'
import { DEFAULT_TENANT } from '../config/schema'
import { Html, html } from './html'
import { shownBody } from './redact'

const iso = (ms: number) => new Date(ms).toISOString()

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left;vertical-align:top}
.failure{color:#b00020;font-weight:600}.invalid_data,.unsubscribed{color:#a05a00}.sent{color:#176c2e}
.held{color:#b00020;font-weight:600}pre{background:#f6f6f6;padding:.8rem;overflow:auto}
form.inline{display:inline}.note{color:#666}`

/**
 * A console link for `tenant`'s page (the default tenant's links carry no `tenant`).
 * @example
 * consoleHref('/console/event', 'acme', { bhid: 'b1' }) // '/console/event?tenant=acme&bhid=b1'
 */
export function consoleHref(
  path: string,
  tenant: string,
  params: Readonly<Record<string, string>> = {},
): string {
  const query = new URLSearchParams({
    ...(tenant === DEFAULT_TENANT ? {} : { tenant }),
    ...params,
  }).toString()
  return query === '' ? path : `${path}?${query}`
}

/** Which tenant a page shows, and every tenant serving now. */
export interface TenantScope {
  readonly tenant: string
  readonly tenants: readonly string[]
}

/** Links to every tenant's console, the current one in bold; nothing with a single tenant. */
function tenantNav({ tenant, tenants }: TenantScope): Html {
  if (tenants.length < 2) return html``
  return html`<nav id="tenants">tenant: ${tenants.map(
    (id, i) =>
      html`${i > 0 ? ' · ' : ''}${
        id === tenant
          ? html`<strong>${id}</strong>`
          : html`<a href="${consoleHref('/console', id)}">${id}</a>`
      }`,
  )}</nav>`
}

/** The whole page around `body`, for `scope`'s tenant. */
export function layout(title: string, body: Html, scope: TenantScope): string {
  const of = scope.tenant === DEFAULT_TENANT ? '' : ` · ${scope.tenant}`
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="referrer" content="no-referrer">
<title>${title}${of} · bubblehouse-hooks</title><style>${new Html(STYLE)}</style></head>
<body><h1><a href="${consoleHref('/console', scope.tenant)}">bubblehouse-hooks</a>${of} · ${title}</h1>${tenantNav(scope)}${body}</body></html>`
    .text
}

/** The event page of `bhid` in `tenant`. */
const eventHref = (tenant: string, bhid: string) => consoleHref('/console/event', tenant, { bhid })

function routesTable(routes: readonly RouteStatus[], tenant: string): Html {
  if (routes.length === 0)
    return html`<p class="note">No SendEvent1 answered since the host started.</p>`
  return html`<table id="routes"><tr><th>route</th><th>state</th><th>last event</th></tr>
${routes.map(
  (r) =>
    html`<tr><td>${r.route}</td><td>${
      r.held
        ? html`<span class="held">held since ${iso(r.held.since)}</span> by ${r.held.connector ?? '?'} (${r.held.code ?? '?'}), bhid <a href="${eventHref(tenant, r.held.bhid)}">${r.held.bhid}</a>`
        : html`ok`
    }</td><td>${iso(r.lastEventAt)}</td></tr>`,
)}</table>`
}

/** The filter the list was asked for. */
export interface ListFilter {
  readonly outcome?: string | undefined
  readonly connector?: string | undefined
  readonly bhid?: string | undefined
}

function filterForm(filter: ListFilter, connectors: readonly string[], tenant: string): Html {
  const option = (value: string, current: string | undefined) =>
    html`<option value="${value}"${current === value ? html` selected` : ''}>${value || 'any'}</option>`
  return html`<form method="get" action="/console" id="filter">${
    tenant === DEFAULT_TENANT ? '' : html`<input type="hidden" name="tenant" value="${tenant}">`
  }
<label>outcome <select name="outcome">${['', ...OUTCOMES].map((o) => option(o, filter.outcome ?? ''))}</select></label>
<label>connector <select name="connector">${['', ...connectors].map((c) => option(c, filter.connector ?? ''))}</select></label>
<label>bhid <input name="bhid" value="${filter.bhid ?? ''}"></label>
<button type="submit">Filter</button></form>`
}

function eventsTable(entries: readonly JournalEntry[], tenant: string): Html {
  if (entries.length === 0) return html`<p class="note">No journaled events match.</p>`
  return html`<table id="events"><tr><th>last attempt</th><th>bhid</th><th>event</th><th>connector</th><th>outcome</th><th>code</th><th>attempts</th><th>vendor</th></tr>
${entries.map(
  (
    e,
  ) => html`<tr data-bhid="${e.bhid}" data-connector="${e.connector}"><td>${iso(e.lastAttemptAt)}</td>
<td><a href="${eventHref(tenant, e.bhid)}">${e.bhid}</a></td><td>${e.name}</td><td>${e.connector}</td>
<td class="outcome ${e.outcome}">${e.outcome}</td><td>${e.code}</td><td>${e.attempts}</td><td>${e.vendorStatus ?? ''}</td></tr>`,
)}</table>`
}

/** `GET /console[?tenant=…]`. */
export function indexPage(
  options: TenantScope & {
    routes: readonly RouteStatus[]
    entries: readonly JournalEntry[]
    filter: ListFilter
    connectors: readonly string[]
  },
): string {
  const { tenant } = options
  return layout(
    'console',
    html`<h2>Routes</h2>${routesTable(options.routes, tenant)}
<h2>Recent events</h2>${filterForm(options.filter, options.connectors, tenant)}${eventsTable(options.entries, tenant)}`,
    options,
  )
}

/** `GET /console/event?bhid=…[&tenant=…]`. */
export function eventPage(
  options: TenantScope & {
    bhid: string
    entries: readonly JournalEntry[]
    reveal: boolean
    csrf: string
    message?: string | undefined
  },
): string {
  const { bhid, entries, reveal, csrf, tenant } = options
  const body = entries.find((e) => e.body !== undefined)?.body
  const link = eventHref(tenant, bhid)
  const replayForm = (e: JournalEntry) =>
    e.body === undefined
      ? html`<span class="note">no body kept</span>`
      : html`<form class="inline" method="post" action="/console/replay">
<input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="tenant" value="${tenant}"><input type="hidden" name="bhid" value="${bhid}">
<input type="hidden" name="connector" value="${e.connector}">${e.outcome === 'sent' ? html`<input type="hidden" name="force" value="1">` : ''}
<button type="submit" id="replay-${e.connector}">${e.outcome === 'sent' ? 'Replay again (already sent)' : 'Replay'}</button></form>`
  return layout(
    `event ${bhid}`,
    html`${options.message ? html`<p id="message">${options.message}</p>` : ''}
${
  entries.length === 0
    ? html`<p class="note">No journal line for this bhid.</p>`
    : html`<p>${entries[0]!.name} at ${entries[0]!.eventTime}, posted to ${entries[0]!.route}</p>
<table id="lines"><tr><th>connector</th><th>outcome</th><th>code</th><th>attempts</th><th>first attempt</th><th>last attempt</th><th>vendor</th><th>ms</th><th></th></tr>
${entries.map(
  (
    e,
  ) => html`<tr data-connector="${e.connector}"><td>${e.connector}</td><td class="outcome ${e.outcome}">${e.outcome}</td><td>${e.code}</td>
<td>${e.attempts}</td><td>${iso(e.firstAttemptAt)}</td><td>${iso(e.lastAttemptAt)}</td><td>${e.vendorStatus ?? ''}</td><td>${e.durationMs}</td><td>${replayForm(e)}</td></tr>`,
)}</table>`
}
<h2>Body</h2>${
      body === undefined
        ? html`<p class="note">No body kept (journal.bodies keeps failure and invalid_data).</p>`
        : html`<p>${
            reveal
              ? html`Shown in full. <a href="${link}">Redact</a>`
              : html`Customer fields and property values are redacted. <a id="reveal" href="${link}&amp;reveal=1">Reveal</a>`
          }</p><pre id="body">${shownBody(body, reveal)}</pre>`
    }`,
    options,
  )
}
