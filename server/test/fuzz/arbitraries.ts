/**
 * Requests for the fuzz test (server/test/api/fuzz.test.ts), generated from each route's own
 * schema as @fastify/swagger publishes it (so a new route is fuzzed without being listed here),
 * plus the hostile classes of issue 12: NUL bytes, lone surrogates, integers past 2^31 / 2^53 /
 * 2^63, non-finite and non-canonical numbers, impossible dates and years 0000 / 9999, huge arrays,
 * deep nesting, duplicate and prototype keys, over-long strings, wrong types, malformed cursors,
 * wrong content types and broken multipart bodies.
 */
import fc from 'fast-check'

/** The JSON Schema subset the contracts use, as it appears in the OpenAPI document. */
export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  pattern?: string
  format?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minItems?: number
  maxItems?: number
  uniqueItems?: boolean
}

/** One route of the table: its path in OpenAPI form (`/api/v1/events/{id}`) and its inputs. */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  path: string
  /** the OpenAPI tags (module areas: admin, residents, hotline, …) */
  tags: string[]
  params: Record<string, JsonSchema>
  query: Record<string, { schema: JsonSchema; required: boolean }>
  /** The JSON body schema; undefined for a write without one (logout, the multipart upload). */
  body?: JsonSchema
}

interface OpenApiOperation {
  tags?: string[]
  parameters?: Array<{ in: string; name: string; required?: boolean; schema: JsonSchema }>
  requestBody?: { content: Record<string, { schema: JsonSchema }> }
}

/**
 * Every API route of the OpenAPI document: `/api/v1/*` and Open311's `/open311/v2/*`. The document does not list
 * /api/docs (swagger-ui hides its own routes) nor the web app's pages, which take no input.
 */
export function routesOf(doc: { paths: Record<string, Record<string, OpenApiOperation>> }): RouteSpec[] {
  const routes: RouteSpec[] = []
  for (const [path, operations] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/') && !path.startsWith('/open311/v2/')) continue
    for (const [method, op] of Object.entries(operations)) {
      const route: RouteSpec = { method: method.toUpperCase() as RouteSpec['method'], path, tags: op.tags ?? [], params: {}, query: {} }
      for (const p of op.parameters ?? []) {
        if (p.in === 'path') route.params[p.name] = p.schema
        if (p.in === 'query') route.query[p.name] = { schema: p.schema, required: p.required === true }
      }
      route.body = op.requestBody?.content['application/json']?.schema
      routes.push(route)
    }
  }
  return routes
}

/** Real values of the demo city, so that generated requests get past "not found" into the handlers. */
export interface Pools {
  eventIds: number[]
  eventNumbers: string[]
  attachmentIds: number[]
  unitIds: number[]
  /** users that are not one of the fuzzing identities (an admin edit of those would end the run's sessions) */
  userIds: number[]
  usernames: string[]
  orgCodes: string[]
  communityCodes: string[]
  districtCodes: string[]
  categoryCodes: string[]
  phones: string[]
  /** resident ID numbers with a valid checksum */
  idNumbers: string[]
  /** the demo accounts' password, so that some logins succeed */
  password: string
  points: Array<{ lat: number; lng: number }>
}

/** A JSON token written as is (`1e999` parses to Infinity, 2^63 has no exact double), or a query/path text sent encoded as is. */
export class Raw {
  constructor(readonly text: string) {}
  toJSON() {
    return `<raw ${this.text.length > 80 ? `${this.text.slice(0, 80)}…` : this.text}>`
  }
}
const raw = (text: string) => new Raw(text)

/** JSON text of a value that may hold Raw tokens and own `__proto__` keys. */
export function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}:${toJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** An object with an own key, even `__proto__` (plain assignment would set the prototype). */
function withKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...object }
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true })
  return copy
}

const b64 = (s: string) => Buffer.from(s).toString('base64url')
const deep = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth)

// ---- hostile classes --------------------------------------------------------------------------

const HOSTILE_NUMBERS: unknown[] = [
  raw('1e999'),
  raw('-1e999'),
  raw('9223372036854775808'),
  raw('-9223372036854775809'),
  raw('18446744073709551616'),
  raw('9007199254740993'),
  raw('1e3'),
  raw('-0'),
  raw('1.0'),
  raw('1e-400'),
  2 ** 31,
  2 ** 31 - 1,
  2 ** 32,
  2 ** 53,
  2 ** 63,
  -(2 ** 63),
  -1,
  0,
  1.5,
  1e308,
  -1e308,
  'Infinity',
  'NaN',
  '1e3',
  '0x10',
  ' 1',
  '1 ',
  '-0',
  '01',
  '+1',
  '1',
]

const HOSTILE_DATES = [
  '0000-01-01',
  '9999-12-31',
  '2024-13-45',
  '2024-02-30',
  '2023-02-29',
  '1899-12-31',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2024-13-45T00:00:00Z',
  '2024-02-30T10:00:00+08:00',
  '2024-01-01T24:00:00Z',
  '2024-01-01T23:59:60Z',
  '2024-01-01T10:00:00+99:00',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '2024-01-01',
  '2024-01-01T10:00:00',
]

const cursor = (key: unknown) => b64(JSON.stringify(key))
const HOSTILE_CURSORS = [
  b64('[99999999999999999999999]'),
  b64('[1e400]'),
  cursor([2147483648]),
  cursor([9007199254740992]),
  cursor([0]),
  cursor([-1]),
  cursor([1.5]),
  cursor(['1']),
  cursor([null]),
  cursor([]),
  cursor([1, 2]),
  cursor([[1]]),
  cursor({ 0: 1, length: 1 }),
  `${cursor([1])}=`,
  `${cursor([1])}.`,
  b64('99999999999999999999999'),
  b64('9223372036854775808'),
  b64('9007199254740993'),
  b64('2147483648'),
  b64('1e400'),
  b64('Infinity'),
  b64('-1'),
  b64('0'),
  b64('0x10'),
  b64(' 1'),
  b64('1.5'),
  b64('\u0000'),
  b64('{"id":1}'),
  b64('1; drop table events; --'),
  'garbage!!',
  '====',
  '%%%',
  '',
  'MQ',
]

const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uDBFF',
  '\uDC00\uD800',
  '',
  ' ',
  '\t\n',
  'x'.repeat(70_000),
  '长'.repeat(5000),
  '__proto__',
  'constructor',
  'prototype',
  "'; drop table events; --",
  '%00',
  '\u202Eabc',
  '😀',
  '１３８０００００００１',
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  '{{7*7}}',
]

const HOSTILE_STRUCTURES: unknown[] = [
  true,
  false,
  null,
  [],
  {},
  [null],
  [[[]]],
  { a: 1 },
  Array.from({ length: 20_000 }, (_, i) => i + 1),
  Array.from({ length: 2_000 }, () => 'x'.repeat(100)),
  raw(deep(5_000, '[', ']')),
  raw(deep(5_000, '{"a":', '}')),
  raw('{"__proto__":{"polluted":true}}'),
  raw('{"constructor":{"prototype":{"polluted":true}}}'),
]

const hostileJson = (schema?: JsonSchema, name?: string): fc.Arbitrary<unknown> => {
  const typed: unknown[] = []
  const types = typesOf(schema)
  if (types.has('integer') || types.has('number')) typed.push(...HOSTILE_NUMBERS)
  if (schema?.format === 'date' || schema?.format === 'date-time' || /date|from|to/i.test(name ?? '')) typed.push(...HOSTILE_DATES)
  if (name === 'next') typed.push(...HOSTILE_CURSORS)
  const all = fc.constantFrom(...HOSTILE_NUMBERS, ...HOSTILE_DATES, ...HOSTILE_STRINGS, ...HOSTILE_STRUCTURES, ...HOSTILE_CURSORS)
  const nested = fc.constantFrom(...HOSTILE_NUMBERS, ...HOSTILE_STRINGS).map((v) => [v])
  return typed.length ? fc.oneof(fc.constantFrom(...typed), all, nested) : fc.oneof(all, nested)
}

/** Hostile text of a query or path value: encoded as is (Raw) or a string to encode. */
const hostileText = (schema?: JsonSchema, name?: string): fc.Arbitrary<string | Raw> => {
  const plain = [...HOSTILE_NUMBERS, ...HOSTILE_DATES, ...HOSTILE_STRINGS, ...HOSTILE_CURSORS]
    .filter((v) => typeof v === 'string' || typeof v === 'number')
    .map(String)
  const typed: Array<string | Raw> = []
  const types = typesOf(schema)
  if (types.has('integer') || types.has('number')) {
    typed.push('9223372036854775808', '18446744073709551616', '2147483648', '9007199254740993', '1e999', 'Infinity', '-Infinity', 'NaN')
    typed.push('1e3', '0x10', ' 1', '-0', '01', '+1', '1.0', '0', '-1', '1.5', '')
  }
  if (schema?.format === 'date' || schema?.format === 'date-time') typed.push(...HOSTILE_DATES)
  if (name === 'next') typed.push(...HOSTILE_CURSORS)
  const encoded = [
    raw('%00'),
    raw('a%00b'),
    raw('%ED%A0%80'), // a lone surrogate, as CESU-style UTF-8 (not valid UTF-8)
    raw('%uD800'),
    raw('%F0%9F'),
    raw('%'),
    raw('%zz'),
    raw('%C0%80'), // an overlong NUL
    raw('x'.repeat(20_000)),
  ]
  return fc.oneof(fc.constantFrom(...plain, ...encoded), typed.length ? fc.constantFrom(...typed) : fc.constantFrom(...encoded))
}

// ---- valid values from a schema ---------------------------------------------------------------

export function typesOf(schema: JsonSchema | undefined): Set<string> {
  const types = new Set<string>()
  if (!schema) return types
  if (typeof schema.type === 'string') types.add(schema.type)
  else if (Array.isArray(schema.type)) for (const t of schema.type) types.add(t)
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) for (const t of typesOf(branch)) types.add(t)
  return types
}

const TEXT = '小区门口垃圾三天没人清运路灯不亮噪音扰民楼道堆物占用消防通道请尽快处理谢谢 abc123'
const text = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...TEXT), minLength, maxLength: Math.max(minLength, Math.min(maxLength, 60)) })
const day = (d: Date) => d.toISOString().slice(0, 10)
const instants = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true })
const recent = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })

/** What the demo city would put in a field of this name, when it has such values. */
function realValues(name: string, path: string, pools: Pools): fc.Arbitrary<unknown> | null {
  const pick = <T>(values: T[]) => (values.length ? fc.constantFrom(...values) : null)
  switch (name) {
    case 'id':
      if (path.includes('/attachments/')) return pick(pools.attachmentIds)
      if (path.includes('/users/')) return pick(pools.userIds)
      return pick(pools.eventIds)
    case 'eventId':
    case 'intoEventId':
      return pick(pools.eventIds)
    case 'unitId':
    case 'leadUnitId':
      return pick(pools.unitIds)
    case 'units':
      return pools.unitIds.length ? fc.uniqueArray(fc.constantFrom(...pools.unitIds), { minLength: 1, maxLength: 3 }) : null
    case 'attachmentIds':
      return pools.attachmentIds.length ? fc.uniqueArray(fc.constantFrom(...pools.attachmentIds), { maxLength: 2 }) : null
    case 'attachmentId':
      return pick(pools.attachmentIds)
    case 'idNumber':
      return pick(pools.idNumbers)
    case 'name':
      return fc.constantFrom('王小兰', '李 明', '城关区民生服务中心')
    case 'number':
      return pick(pools.eventNumbers)
    case 'code':
      return path.includes('/categories/') ? pick(pools.categoryCodes) : pick(pools.orgCodes)
    case 'parent':
    case 'scope':
    case 'unit':
    case 'unitCode':
      return pick(pools.orgCodes)
    case 'communityCode':
      return pick(pools.communityCodes)
    case 'district':
      return pick(pools.districtCodes)
    case 'category':
      return pick(pools.categoryCodes)
    case 'phone':
    case 'reporterPhone':
      return pick(pools.phones)
    case 'actor':
    case 'username':
      return pick(pools.usernames)
    case 'password':
      return fc.constant(pools.password)
    case 'lat':
      return pools.points.length ? fc.constantFrom(...pools.points.map((p) => p.lat)) : null
    case 'lng':
      return pools.points.length ? fc.constantFrom(...pools.points.map((p) => p.lng)) : null
    case 'version':
      return fc.integer({ min: 1, max: 8 })
    case 'year':
      return fc.integer({ min: 2025, max: 2027 })
    case 'date':
      return recent.map(day)
    case 'from':
    case 'to':
      return recent.map((d) => d.toISOString())
    case 'next':
      return pools.eventIds.length ? fc.constantFrom(...pools.eventIds).map((id) => cursor([id + 1])) : null
    default:
      return null
  }
}

/** A value that satisfies the schema (most of the time: patterns and bounds are followed). */
export function generatedValue(schema: JsonSchema, name: string, path: string, pools: Pools): fc.Arbitrary<unknown> {
  const real = realValues(name, path, pools)
  // a user id from the schema would soon be a fuzzing identity's own (the demo accounts have small
  // ids): an admin disabling it ends that identity's session for the rest of the run. Hostile ids
  // still come from the mutations.
  if (real && name === 'id' && path.includes('/users/')) return real
  const fromSchema = schemaValue(schema, name, path, pools)
  return real ? fc.oneof({ arbitrary: real, weight: 5 }, { arbitrary: fromSchema, weight: 1 }) : fromSchema
}

function schemaValue(schema: JsonSchema, name: string, path: string, pools: Pools): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const branches = schema.anyOf ?? schema.oneOf
  if (branches) return fc.oneof(...branches.map((b) => schemaValue(b, name, path, pools)))
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return fc.boolean()
    case 'integer': {
      const min = Math.ceil(schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -(2 ** 31)))
      const max = Math.floor(schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 2 ** 31 - 1))
      return fc.oneof(
        fc.integer({ min, max: Math.min(max, min + 100) }),
        fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number),
        fc.constantFrom(min, max),
      )
    }
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e9
      const max = schema.maximum ?? schema.exclusiveMaximum ?? 1e9
      return fc.double({
        min,
        max,
        minExcluded: schema.exclusiveMinimum !== undefined,
        maxExcluded: schema.exclusiveMaximum !== undefined,
        noNaN: true,
        noDefaultInfinity: true,
      })
    }
    case 'string': {
      if (schema.format === 'date-time') return instants.map((d) => d.toISOString())
      if (schema.format === 'date') return instants.map(day)
      const minLength = schema.minLength ?? 0
      const maxLength = schema.maxLength ?? 200
      if (schema.pattern) {
        return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= maxLength)
      }
      return fc.oneof(text(minLength, maxLength), fc.string({ minLength, maxLength: Math.min(maxLength, 40) }))
    }
    case 'array': {
      // the items of `units` / `attachmentIds` are one unit or photo id each
      const itemName = name === 'units' ? 'unitId' : name === 'attachmentIds' ? 'attachmentId' : `${name}[]`
      const items = schema.items ? generatedValue(schema.items, itemName, path, pools) : fc.anything()
      const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 5) }
      return schema.uniqueItems ? fc.uniqueArray(items, { ...constraints, selector: (v) => toJson(v) }) : fc.array(items, constraints)
    }
    case 'object':
      return objectOf(schema, path, pools)
    default:
      return fc.oneof(fc.string(), fc.integer(), fc.boolean())
  }
}

function objectOf(schema: JsonSchema, path: string, pools: Pools): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [key, child] of Object.entries(schema.properties ?? {})) model[key] = generatedValue(child, key, path, pools)
  const record = fc.record(model, { requiredKeys: schema.required ?? [] }) as fc.Arbitrary<Record<string, unknown>>
  const required = schema.required ?? []
  if (!model.lat || !model.lng || required.includes('lat') || required.includes('lng') || pools.points.length === 0) return record
  // optional lat and lng go together (one alone is refused): mostly both, at one real place
  const place = fc.option(fc.constantFrom(...pools.points), { freq: 4 })
  return fc.tuple(record, place).map(([r, p]) => {
    const { lat: _lat, lng: _lng, ...rest } = r
    return p ? { ...rest, lat: p.lat, lng: p.lng } : rest
  })
}

// ---- requests ---------------------------------------------------------------------------------

/** One generated request: who sends it and exactly what goes on the wire. */
export interface FuzzRequest {
  identity: string
  method: RouteSpec['method']
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
  /** what kind of request this is, for the failure message */
  kind: string
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
/** Percent-encoding that also writes a lone surrogate (as its WTF-8 bytes), which encodeURIComponent refuses. */
const encode = (v: string | Raw) =>
  v instanceof Raw
    ? v.text
    : v
        .split(LONE_SURROGATE)
        .map(encodeURIComponent)
        .reduce((out, part, i) => {
          const u = (v.match(LONE_SURROGATE) ?? [])[i - 1]?.charCodeAt(0) as number
          const wtf8 = [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)]
          return `${out}${wtf8.map((b) => `%${b.toString(16).toUpperCase()}`).join('')}${part}`
        })
const textOf = (v: unknown): string | Raw => (v instanceof Raw ? v : typeof v === 'string' ? v : toJson(v))

type Mutation =
  | { at: 'param'; name: string; value: string | Raw }
  | { at: 'query'; name: string; value: string | Raw | Array<string | Raw> }
  | { at: 'body'; name: string; value: unknown }

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString']

function mutationOf(route: RouteSpec): fc.Arbitrary<Mutation> {
  const options: fc.Arbitrary<Mutation>[] = []
  const params = Object.entries(route.params)
  if (params.length) {
    options.push(
      fc
        .constantFrom(...params)
        .chain(([name, schema]) => hostileText(schema, name).map((value): Mutation => ({ at: 'param', name, value }))),
    )
  }
  const queryNames = Object.entries(route.query)
  const queryTarget: fc.Arbitrary<[string, JsonSchema | undefined]> = queryNames.length
    ? fc.oneof(
        { arbitrary: fc.constantFrom(...queryNames.map(([n, q]): [string, JsonSchema | undefined] => [n, q.schema])), weight: 4 },
        { arbitrary: fc.constantFrom(...PROTO_KEYS, 'unknown').map((n): [string, JsonSchema | undefined] => [n, undefined]), weight: 1 },
      )
    : fc.constantFrom(...PROTO_KEYS, 'limit', 'next').map((n): [string, JsonSchema | undefined] => [n, undefined])
  options.push(
    queryTarget.chain(([name, schema]) =>
      fc
        .oneof(
          hostileText(schema, name),
          // the same name twice, or many times
          fc.tuple(hostileText(schema, name), hostileText(schema, name)).map(([a, b]) => [a, b]),
          fc.constant(Array.from({ length: 500 }, () => '1')),
        )
        .map((value): Mutation => ({ at: 'query', name, value })),
    ),
  )
  if (route.method !== 'GET') {
    const props = Object.entries(route.body?.properties ?? {})
    const bodyTarget: fc.Arbitrary<[string, JsonSchema | undefined]> = props.length
      ? fc.oneof(
          { arbitrary: fc.constantFrom(...props.map(([n, s]): [string, JsonSchema | undefined] => [n, s])), weight: 4 },
          { arbitrary: fc.constantFrom(...PROTO_KEYS, 'unknown').map((n): [string, JsonSchema | undefined] => [n, undefined]), weight: 1 },
        )
      : fc.constantFrom(...PROTO_KEYS, 'unknown').map((n): [string, JsonSchema | undefined] => [n, undefined])
    options.push(bodyTarget.chain(([name, schema]) => hostileJson(schema, name).map((value): Mutation => ({ at: 'body', name, value }))))
  }
  return fc.oneof(...options)
}

/** What replaces or wraps a write's generated JSON body. */
type WholeBody =
  | { kind: 'replace'; payload: string | Buffer; contentType?: string; note: string }
  | { kind: 'duplicate'; key: string; value: unknown; first: boolean }
  | { kind: 'content-type'; contentType: string }

/** Whole bodies that no schema accepts or that stress the parser before any schema runs. */
const hostileBodies: fc.Arbitrary<WholeBody> = fc.oneof(
  fc
    .constantFrom(
      '',
      'null',
      '[]',
      '"text"',
      '123',
      'true',
      '{',
      '{"a":',
      "{'a':1}",
      '{"a":1}}',
      '\u0000',
      '\uFEFF{}',
      deep(10_000, '[', ']'),
      deep(10_000, '{"a":', '}'),
      `[${'1,'.repeat(200_000)}1]`,
      `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":1`).join(',')}}`,
      `{"a":"${'x'.repeat(1_100_000)}"}`,
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
    )
    .map((payload): WholeBody => ({ kind: 'replace', payload, note: 'hostile JSON body' })),
  // a key of the body given twice, the hostile value first or last
  fc
    .record({
      key: fc.constantFrom(...PROTO_KEYS, 'type', 'version', 'id', 'reason', 'category'),
      value: hostileJson(),
      first: fc.boolean(),
    })
    .map((d): WholeBody => ({ kind: 'duplicate', ...d })),
  fc
    .constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'application/json; charset=utf-16',
      'application/jsonx',
      '',
    )
    .map((contentType): WholeBody => ({ kind: 'content-type', contentType })),
  multipartBody().map((m): WholeBody => ({ kind: 'replace', payload: m.payload, contentType: m.contentType, note: m.kind })),
)

/** Multipart bodies for the photo upload (and every other write, where they are wrong). */
export function multipartBody(): fc.Arbitrary<{ payload: Buffer; contentType: string; kind: string }> {
  const boundary = 'xiaolanfuzz'
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF fuzz photo')])
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('png')])
  const part = (name: string, data: Buffer | string, filename?: string, type = 'application/octet-stream') =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"` : ''}\r\n` +
          (filename !== undefined ? `Content-Type: ${type}\r\n` : '') +
          '\r\n',
      ),
      Buffer.isBuffer(data) ? data : Buffer.from(data),
      Buffer.from('\r\n'),
    ])
  const end = Buffer.from(`--${boundary}--\r\n`)
  const body = (...parts: Buffer[]) => Buffer.concat([...parts, end])
  const ct = `multipart/form-data; boundary=${boundary}`
  const cases: Array<{ payload: Buffer; contentType: string; kind: string }> = [
    { payload: body(part('file', jpeg, 'a.jpg', 'image/jpeg')), contentType: ct, kind: 'multipart: a JPEG' },
    { payload: body(part('file', png, 'a.png', 'image/png')), contentType: ct, kind: 'multipart: a PNG' },
    { payload: body(part('file', Buffer.from('GIF89a'), 'a.gif', 'image/gif')), contentType: ct, kind: 'multipart: a GIF' },
    { payload: body(part('file', Buffer.alloc(0), 'empty.jpg', 'image/jpeg')), contentType: ct, kind: 'multipart: empty file' },
    { payload: body(part('photo', jpeg, 'a.jpg')), contentType: ct, kind: 'multipart: wrong field' },
    { payload: body(part('file', 'not a file')), contentType: ct, kind: 'multipart: a text field only' },
    { payload: body(part('file', jpeg, 'a.jpg'), part('file', jpeg, 'b.jpg')), contentType: ct, kind: 'multipart: two files' },
    {
      payload: body(...Array.from({ length: 8 }, (_, i) => part(`f${i}`, 'x')), part('file', jpeg, 'a.jpg')),
      contentType: ct,
      kind: 'multipart: too many fields',
    },
    { payload: body(part('file', jpeg, 'a\u0000.jpg')), contentType: ct, kind: 'multipart: NUL in the file name' },
    { payload: body(part('file', jpeg, '../../../etc/passwd')), contentType: ct, kind: 'multipart: path in the file name' },
    { payload: body(part('file', jpeg, 'x'.repeat(10_000))), contentType: ct, kind: 'multipart: long file name' },
    { payload: body(part('file', jpeg, 'a.jpg', 'image/jpeg\u0000')), contentType: ct, kind: 'multipart: NUL in the part type' },
    { payload: body(part('\uD800', jpeg, 'a.jpg')), contentType: ct, kind: 'multipart: lone surrogate field name' },
    { payload: part('file', jpeg, 'a.jpg'), contentType: ct, kind: 'multipart: no closing boundary' },
    { payload: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data\r\n\r\n`), contentType: ct, kind: 'multipart: cut off' },
    { payload: body(part('file', jpeg, 'a.jpg')), contentType: 'multipart/form-data; boundary=other', kind: 'multipart: wrong boundary' },
    { payload: body(part('file', jpeg, 'a.jpg')), contentType: 'multipart/form-data', kind: 'multipart: no boundary' },
    { payload: body(part('file', jpeg, 'a.jpg')), contentType: `multipart/mixed; boundary=${boundary}`, kind: 'multipart/mixed' },
    { payload: Buffer.from('garbage'), contentType: ct, kind: 'multipart: garbage' },
    {
      payload: body(part('file', Buffer.concat([jpeg, Buffer.alloc(5 * 1024 * 1024 + 16)]), 'big.jpg', 'image/jpeg')),
      contentType: ct,
      kind: 'multipart: over 5 MB',
    },
  ]
  return fc.oneof(fc.constantFrom(...cases.slice(0, 2)), fc.constantFrom(...cases.slice(2)))
}

function urlOf(route: RouteSpec, params: Record<string, string | Raw>, query: Record<string, unknown>): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(params[name] ?? '1'))
  const pairs: string[] = []
  for (const key of Object.keys(query)) {
    const value = query[key]
    for (const v of Array.isArray(value) && !(key in route.query && typesOf(route.query[key]?.schema).has('array')) ? value : [value]) {
      pairs.push(`${encodeURIComponent(key)}=${encode(textOf(v))}`)
    }
  }
  return pairs.length ? `${path}?${pairs.join('&')}` : path
}

/**
 * Requests for one route: valid ones from its schema, ones with a hostile value, and hostile bodies;
 * half of them from the identities `likely` to be allowed (so that some get past 401 / 403).
 */
export function requestFor(route: RouteSpec, pools: Pools, identities: string[], likely: string[] = []): fc.Arbitrary<FuzzRequest> {
  const paramModel: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [name, schema] of Object.entries(route.params)) paramModel[name] = generatedValue(schema, name, route.path, pools)
  const queryModel: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [name, q] of Object.entries(route.query)) queryModel[name] = generatedValue(q.schema, name, route.path, pools)
  const requiredQuery = Object.entries(route.query)
    .filter(([, q]) => q.required)
    .map(([n]) => n)
  const valid = fc.record({
    params: fc.record(paramModel) as fc.Arbitrary<Record<string, unknown>>,
    query: fc.record(queryModel, { requiredKeys: requiredQuery }) as fc.Arbitrary<Record<string, unknown>>,
    body: route.body ? generatedValue(route.body, '', route.path, pools) : fc.constant(route.method === 'GET' ? undefined : {}),
  })
  const writes = route.method !== 'GET'
  return fc
    .record({
      identity: likely.length ? fc.oneof(fc.constantFrom(...identities), fc.constantFrom(...likely)) : fc.constantFrom(...identities),
      valid,
      mutations: fc.oneof(fc.constant([] as Mutation[]), fc.array(mutationOf(route), { minLength: 1, maxLength: 2 })),
      // a write without a JSON body schema (the photo upload) is sent multipart bodies half the time
      whole: !writes
        ? fc.constant(null)
        : route.body
          ? fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: hostileBodies, weight: 1 })
          : fc.oneof(
              fc.constant(null),
              hostileBodies,
              multipartBody().map((m): WholeBody => ({ kind: 'replace', payload: m.payload, contentType: m.contentType, note: m.kind })),
            ),
    })
    .map(({ identity, valid, mutations, whole }): FuzzRequest => {
      const params: Record<string, string | Raw> = {}
      for (const [k, v] of Object.entries(valid.params)) params[k] = textOf(v)
      const query: Record<string, unknown> = { ...valid.query }
      let body = valid.body
      for (const m of mutations) {
        if (m.at === 'param') params[m.name] = m.value
        if (m.at === 'query') {
          if (PROTO_KEYS.includes(m.name)) Object.defineProperty(query, m.name, { value: m.value, enumerable: true, configurable: true })
          else query[m.name] = m.value
        }
        if (m.at === 'body')
          body = withKey(
            body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {},
            m.name,
            m.value,
          )
      }
      const url = urlOf(route, params, query)
      const kind = mutations.length ? mutations.map((m) => `hostile ${m.at} ${m.name}`).join(', ') : 'from the schema'
      if (!writes) return { identity, method: route.method, url, headers: {}, kind }
      const json = body === undefined ? '' : toJson(body)
      const jsonHeaders = { 'content-type': 'application/json' }
      if (!whole) return { identity, method: route.method, url, headers: jsonHeaders, payload: json, kind }
      if (whole.kind === 'replace') {
        const headers: Record<string, string> = whole.contentType === undefined ? jsonHeaders : { 'content-type': whole.contentType }
        return { identity, method: route.method, url, headers, payload: whole.payload, kind: `${kind}; ${whole.note}` }
      }
      if (whole.kind === 'content-type') {
        const headers: Record<string, string> = whole.contentType ? { 'content-type': whole.contentType } : {}
        return { identity, method: route.method, url, headers, payload: json, kind: `${kind}; content type ${whole.contentType || 'none'}` }
      }
      const pair = `${JSON.stringify(whole.key)}:${toJson(whole.value)}`
      const inner = json.startsWith('{') && json !== '{}' ? json.slice(1, -1) : ''
      const payload = inner ? (whole.first ? `{${pair},${inner}}` : `{${inner},${pair}}`) : `{${pair}}`
      return { identity, method: route.method, url, headers: jsonHeaders, payload, kind: `${kind}; duplicate key ${whole.key}` }
    })
}

/** A short, exact account of a request for a failure message (long payloads cut, with their length). */
export function describe(req: FuzzRequest): string {
  const payload =
    req.payload === undefined
      ? ''
      : Buffer.isBuffer(req.payload)
        ? ` body (${req.payload.length} bytes) ${JSON.stringify(req.payload.subarray(0, 300).toString('latin1'))}`
        : ` body (${req.payload.length} chars) ${JSON.stringify(req.payload.length > 600 ? `${req.payload.slice(0, 600)}…` : req.payload)}`
  const headers = Object.keys(req.headers).length ? ` headers ${JSON.stringify(req.headers)}` : ''
  const url = req.url.length > 600 ? `${req.url.slice(0, 600)}… (${req.url.length} chars)` : req.url
  return `as ${req.identity}: ${req.method} ${url}${headers}${payload} [${req.kind}]`
}
