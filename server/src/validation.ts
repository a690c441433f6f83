/**
 * The one validator of every request (Fastify's validator compiler): what holds for every route
 * is enforced here once, so no route can forget it.
 *
 * - No string anywhere in the input (values or keys) holds a NUL or an unpaired UTF-16 surrogate:
 *   PostgreSQL refuses the first and the second is not text.
 * - Nesting is bounded before anything walks the value.
 * - Numbers are finite (`strictNumbers`); an integer schema without a maximum does not compile,
 *   so every integer is bounded by its column's type (contracts/src/schema.ts).
 * - Query and path values are strings on the wire: a number is taken only when it is written as a
 *   canonical decimal (" 1", "1e3", "0x10", "01" are refused), a boolean only as true / false.
 *   Bodies are JSON and are never coerced.
 * - `date` and `date-time` are real calendar dates within DATE_RANGE.
 */
import { DATE_RANGE } from '@xiaolan/contracts'
import { Ajv, type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'

const MAX_DEPTH = 32

type Schema = {
  type?: string | string[]
  anyOf?: Schema[]
  oneOf?: Schema[]
  properties?: Record<string, Schema>
  items?: Schema
  maximum?: number
  exclusiveMaximum?: number
  [key: string]: unknown
}

const ajv = new Ajv({
  coerceTypes: false,
  useDefaults: true,
  removeAdditional: false,
  allErrors: false,
  strictNumbers: true,
  // TypeBox adds its own keywords (`kind`, `modifier`) that Ajv does not know
  strict: false,
})
addFormats.default(ajv, { mode: 'full' })

const inRange = (year: number) => year >= DATE_RANGE.minYear && year <= DATE_RANGE.maxYear

/** `YYYY-MM-DD` that names a day of the calendar. */
export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return inRange(year) && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** RFC 3339 with a zone, on a real date, with a real time of day. */
export function isRealInstant(value: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/.exec(value)
  if (!m || !isRealDate(m[1] as string)) return false
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4])]
  const zone = m[6] === 'Z' || m[6] === 'z' ? [0, 0] : [Number(m[7]), Number(m[8])]
  return hour < 24 && minute < 60 && second < 60 && (zone[0] as number) < 24 && (zone[1] as number) < 60 && !Number.isNaN(Date.parse(value))
}

ajv.addFormat('date', { type: 'string', validate: isRealDate })
ajv.addFormat('date-time', { type: 'string', validate: isRealInstant })

/** Where the value first breaks a rule that holds for every input, or null. */
export function hostileValue(value: unknown): { path: string; message: string } | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }]
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as (typeof stack)[number]
    if (typeof value === 'string') {
      if (!isCleanText(value)) return { path, message: 'must not contain NUL characters or unpaired surrogates' }
      continue
    }
    if (value === null || typeof value !== 'object') continue
    if (depth >= MAX_DEPTH) return { path, message: `is nested too deeply (more than ${MAX_DEPTH} levels)` }
    for (const [key, child] of Object.entries(value)) {
      const childPath = `${path}/${key}`
      if (!isCleanText(key)) return { path, message: 'has a key with NUL characters or unpaired surrogates' }
      stack.push({ value: child, path: childPath, depth: depth + 1 })
    }
  }
  return null
}

// a NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this looks for
const UNCLEAN = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const isCleanText = (s: string) => !UNCLEAN.test(s)

/** The types a schema admits, through unions. */
function typesOf(schema: Schema | undefined): Set<string> {
  const types = new Set<string>()
  if (!schema) return types
  const own = schema.type
  if (typeof own === 'string') types.add(own)
  else if (Array.isArray(own)) for (const t of own) types.add(t)
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) for (const t of typesOf(branch)) types.add(t)
  return types
}

const CANONICAL_INTEGER = /^-?(0|[1-9][0-9]*)$/
const CANONICAL_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/

/** A query or path string as the value its schema asks for, when it is written canonically; else unchanged. */
function fromWire(value: unknown, schema: Schema | undefined): unknown {
  const types = typesOf(schema)
  if (Array.isArray(value)) {
    return types.has('array') ? value.map((v) => fromWire(v, schema?.items)) : value
  }
  if (types.has('array')) return [fromWire(value, schema?.items)]
  if (typeof value !== 'string' || types.has('string')) return value
  if (types.has('integer') && CANONICAL_INTEGER.test(value)) return Number(value)
  if (types.has('number') && CANONICAL_NUMBER.test(value)) return Number(value)
  if (types.has('boolean') && (value === 'true' || value === 'false')) return value === 'true'
  return value
}

/** Refuses at start-up a schema with an unbounded integer: its value could overflow the column. */
function assertBounded(schema: Schema, where: string, path = ''): void {
  if (typesOf(schema).has('integer') && schema.maximum === undefined && schema.exclusiveMaximum === undefined) {
    throw new Error(`${where}: the integer at "${path || '/'}" has no maximum; bound it by its column's type (contracts/src/schema.ts)`)
  }
  for (const [key, child] of Object.entries(schema.properties ?? {})) assertBounded(child, where, `${path}/${key}`)
  for (const child of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) assertBounded(child, where, path)
  if (schema.items) assertBounded(schema.items, where, `${path}/*`)
}

export class RequestValidationError extends Error {
  readonly statusCode = 400
  readonly code = 'FST_ERR_VALIDATION'
  constructor(readonly validation: Array<Pick<ErrorObject, 'instancePath' | 'params' | 'message'>>) {
    super(validation[0]?.message ?? 'invalid input')
  }
}

type HttpPart = 'body' | 'querystring' | 'params' | 'headers'

export function compileValidator({ schema, method, url, httpPart }: { schema: unknown; method: string; url: string; httpPart?: string }) {
  const part = (httpPart ?? 'body') as HttpPart
  const s = schema as Schema
  assertBounded(s, `${method} ${url} ${part}`)
  const validate: ValidateFunction = ajv.compile(s as AnySchema)
  const onTheWire = part === 'querystring' || part === 'params' || part === 'headers'
  return (data: unknown) => {
    const hostile = hostileValue(data)
    if (hostile) return { error: new RequestValidationError([{ instancePath: hostile.path, params: {}, message: hostile.message }]) }
    let value = data
    if (onTheWire && data && typeof data === 'object') {
      value = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, fromWire(v, s.properties?.[k])]))
    }
    if (!validate(value)) return { error: new RequestValidationError(validate.errors ?? []) }
    // headers are a getter on the request: leave them in place
    return part === 'headers' ? true : { value }
  }
}
