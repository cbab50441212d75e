/** HTML text for the console: escaping, and a tagged template that escapes what it is given. @module */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** HTML already escaped (or written by us). */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

/** Escape text for an element or a quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

type Part = string | number | Html | undefined | null | false | readonly Part[]

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return ''
  if (part instanceof Html) return part.text
  if (Array.isArray(part)) return part.map(render).join('')
  return escapeHtml(String(part))
}

/**
 * @example
 * html`<td>${entry.bhid}</td>` // the bhid escaped
 */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0]!
  parts.forEach((part, i) => {
    out += render(part) + strings[i + 1]!
  })
  return new Html(out)
}
