/**
 * The primitives every request schema is built from, so that each value is bounded by what it
 * is stored as. The server's validator (server/src/validation.ts) adds what holds for every
 * schema at once: no string carries a NUL or an unpaired surrogate, numbers are finite, query
 * and path numbers are canonical decimals, and `date` / `date-time` are real calendar dates
 * within DATE_RANGE. It refuses to compile an integer without a maximum.
 */
import {
  type IntegerOptions,
  type ObjectOptions,
  type Static,
  Type as T,
  type TInteger,
  type TProperties,
  type TSchema,
} from '@sinclair/typebox'

/** Largest value of a PostgreSQL `integer` (int4): ids of units, users, residents, categories. */
export const INT4_MAX = 2_147_483_647
/** `bigint` ids (events, log entries, photos) as far as JavaScript holds them exactly. */
export const BIGINT_ID_MAX = Number.MAX_SAFE_INTEGER
/** The years a date or timestamp in a request may name. */
export const DATE_RANGE = { minYear: 2000, maxYear: 2100 } as const

/** An id of an int4 table (org units, users, residents). */
export const Int4Id = (options: IntegerOptions = {}) => T.Integer({ minimum: 1, maximum: INT4_MAX, ...options })
/** An id of a bigint table (events, event_actions, attachments). */
export const BigintId = (options: IntegerOptions = {}) => T.Integer({ minimum: 1, maximum: BIGINT_ID_MAX, ...options })

/** An events row's version (int4), as the caller last saw it. */
export const Version = () => T.Integer({ minimum: 1, maximum: INT4_MAX, description: 'the version the caller saw' })

/** `:id` of a path, canonical decimal only (" 1", "1e3", "0x10" are refused). */
export const Int4IdParams = T.Object({ id: Int4Id() }, { additionalProperties: false })
export const BigintIdParams = T.Object({ id: BigintId() }, { additionalProperties: false })

/** A list's keyset cursor: opaque, the `next` of the previous page (the server checks what it carries). */
export const Cursor = () =>
  T.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$', description: 'the next of the previous page' })

/** A China calendar day, `YYYY-MM-DD`, that exists. */
export const Day = (description = 'YYYY-MM-DD, China date') => T.String({ format: 'date', description })
/** An instant with its time zone (RFC 3339). */
export const Instant = (description?: string) => T.String({ format: 'date-time', ...(description ? { description } : {}) })

/** The one error shape of the API: every 4xx and 5xx answer. `code` is stable; `message` is for people. */
export const ApiError = T.Object(
  {
    error: T.Object(
      {
        code: T.String(),
        message: T.String(),
        details: T.Optional(T.Record(T.String(), T.Unknown())),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)
export type ApiError = Static<typeof ApiError>

/** A route's `response`: its success answers, and the error shape for everything else. */
export const replies = <R extends Record<number, TSchema>>(ok: R) => ({ ...ok, '4xx': ApiError, '5xx': ApiError })

/**
 * A response object. Fastify's serialiser writes exactly the listed fields, so a field a handler
 * adds by mistake is never sent. No `additionalProperties: false` here: the serialiser tells the
 * branches of a union (`X | null`, staff or resident) apart by validating against each, and a
 * value with one field more would then match none and fail the request.
 */
export const Shape = <P extends TProperties>(properties: P, options: ObjectOptions = {}) => T.Object(properties, options)
/** An object with one count per value of a vocabulary list (events per state, per inbox tab). */
export const CountsOf = <const V extends readonly string[]>(values: V) =>
  T.Object(Object.fromEntries(values.map((v) => [v, T.Integer()])) as { [K in V[number]]: TInteger })

/**
 * `X | null`, as OpenAPI 3.0 says it (`nullable`, and null among an enum's values), which the
 * serialiser writes without trying each branch of a union; a schema without a `type` of its own
 * (a union) takes the union with null.
 */
export const Nullable = <S extends TSchema>(schema: S) =>
  T.Unsafe<Static<S> | null>(
    schema.type === undefined
      ? { anyOf: [schema, { type: 'null' }] }
      : { ...schema, nullable: true, ...(schema.enum ? { enum: [...schema.enum, null] } : {}) },
  )
/** An instant as responses carry it (ISO 8601 in UTC). */
export const At = () => T.String({ format: 'date-time' })

/** The media types of the answers that are files or streams rather than JSON. */
export const MEDIA = {
  sse: 'text/event-stream',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  photos: ['image/jpeg', 'image/png', 'image/webp'],
  /** Prometheus' text exposition format (GET /metrics) */
  metrics: 'text/plain',
  /** the open dataset (issue 17 item 8) */
  csv: 'text/csv',
  geojson: 'application/geo+json',
} as const

/**
 * A route's `response` when it answers with a file or a stream: the media types it sends (shown in
 * OpenAPI), with no JSON schema to serialise by — Fastify sends a stream or a buffer as it is, and
 * the SSE route writes its own answer.
 */
export const streamed = (mediaTypes: string | readonly string[], description: string) => ({
  200: {
    description,
    content: Object.fromEntries([mediaTypes].flat().map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
  },
  '4xx': ApiError,
  '5xx': ApiError,
})
