/**
 * The XML of GeoReport v2's answers, written by hand: the answers are flat records of text, numbers
 * and booleans (a few lists inside), so escaping text and naming a list's items is all it takes —
 * less than a builder library's configuration, and no dependency on the serving path. A list's
 * items are named as the spec names them (`services` → `service`, `attributes` → `attribute`).
 */

/** The element of a list's items, by the list's name. */
const ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  timeline: 'entry',
}

/** XML 1.0 text: the five specials escaped; characters XML cannot carry at all are dropped. */
export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  )
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`
  if (Array.isArray(value)) {
    const item = ITEM[name] ?? 'item'
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => element(k, v))
      .join('')
    return `<${name}>${inner}</${name}>`
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

/** A document whose root is `root` holding `value` (a list's items named by `ITEM`, an object's fields by their keys). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`
}
