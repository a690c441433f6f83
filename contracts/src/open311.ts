/**
 * Open311 GeoReport v2 (issue 17 item 5), served at `/open311/v2/`: the request and answer shapes
 * of the spec (http://wiki.open311.org/GeoReport_v2), with its snake_case names. Each resource
 * answers in the format its path ends with (`.json` or `.xml`); these are the JSON shapes, which the
 * XML answers carry element for element.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { literals } from './domain.ts'
import { Instant, Nullable, Shape } from './schema.ts'

export const OPEN311_FORMATS = ['json', 'xml'] as const
export type Open311Format = (typeof OPEN311_FORMATS)[number]
const Format = literals(OPEN311_FORMATS)

/** Every request may name a jurisdiction; there is one (the city), so any value, empty too, is accepted. */
const JurisdictionId = T.Optional(T.String({ maxLength: 64 }))
const ServiceCode = T.String({ minLength: 1, maxLength: 64 })
/** Our event number, e.g. LZ20261128-000123. */
const RequestId = T.String({ minLength: 1, maxLength: 40 })

export const Open311FormatParams = T.Object({ format: Format }, { additionalProperties: false })
export const Open311ServiceParams = T.Object({ service_code: ServiceCode, format: Format }, { additionalProperties: false })
export const Open311RequestParams = T.Object({ id: RequestId, format: Format }, { additionalProperties: false })
export const Open311TokenParams = T.Object({ token: RequestId, format: Format }, { additionalProperties: false })
export type Open311FormatParams = Static<typeof Open311FormatParams>
export type Open311ServiceParams = Static<typeof Open311ServiceParams>
export type Open311RequestParams = Static<typeof Open311RequestParams>
export type Open311TokenParams = Static<typeof Open311TokenParams>

export const Open311Query = T.Object({ jurisdiction_id: JurisdictionId }, { additionalProperties: false })
export type Open311Query = Static<typeof Open311Query>

/** `GET requests/{id}` */
export const Open311RequestQuery = T.Object(
  { jurisdiction_id: JurisdictionId, extensions: T.Optional(literals(['true', 'false'] as const)) },
  { additionalProperties: false },
)
export type Open311RequestQuery = Static<typeof Open311RequestQuery>

/** `GET requests`: without dates, the last 90 days; start and end at most 90 days apart. */
export const Open311RequestsQuery = T.Object(
  {
    jurisdiction_id: JurisdictionId,
    /** comma-separated event numbers; the other filters are then ignored, as the spec says */
    service_request_id: T.Optional(T.String({ minLength: 1, maxLength: 2000 })),
    /** one service code or several, comma-separated */
    service_code: T.Optional(T.String({ minLength: 1, maxLength: 1000 })),
    start_date: T.Optional(Instant('ISO 8601 with an offset or Z, with or without fractions of a second')),
    end_date: T.Optional(Instant('ISO 8601 with an offset or Z, with or without fractions of a second')),
    status: T.Optional(literals(['open', 'closed'] as const)),
    /** the common extension: only requests changed after this instant (within the created span, which the index serves) */
    updated_after: T.Optional(Instant()),
    /** `true`: each request carries `extended_attributes` (our state, its areas and public timeline) */
    extensions: T.Optional(literals(['true', 'false'] as const)),
  },
  { additionalProperties: false },
)
export type Open311RequestsQuery = Static<typeof Open311RequestsQuery>

/** A decimal degree as a form sends it (form bodies are text and are not coerced). */
const Degrees = T.String({ pattern: '^-?[0-9]{1,3}(\\.[0-9]{1,15})?$' })
const Said = T.String({ maxLength: 30 })

/**
 * `POST requests` (application/x-www-form-urlencoded): a place by `lat` + `long` or `address_string`.
 * `attribute[code]` fields are accepted; our services declare no attributes, so they are not kept.
 * The e-mail address is accepted and not kept; the phone is kept private, as on every channel.
 */
export const Open311PostBody = T.Object(
  {
    api_key: T.Optional(T.String({ maxLength: 100 })),
    jurisdiction_id: JurisdictionId,
    service_code: ServiceCode,
    lat: T.Optional(Degrees),
    long: T.Optional(Degrees),
    address_string: T.Optional(T.String({ maxLength: 200 })),
    address_id: T.Optional(T.String({ maxLength: 64 })),
    description: T.Optional(T.String({ maxLength: 3500 })),
    media_url: T.Optional(T.String({ maxLength: 400, format: 'uri' })),
    first_name: T.Optional(Said),
    last_name: T.Optional(Said),
    email: T.Optional(T.String({ maxLength: 254 })),
    phone: T.Optional(T.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
    device_id: T.Optional(T.String({ maxLength: 100 })),
    account_id: T.Optional(T.String({ maxLength: 100 })),
  },
  {
    additionalProperties: false,
    patternProperties: {
      '^attribute\\[[^\\]]{1,64}\\](\\[\\])?$': T.Union([
        T.String({ maxLength: 500 }),
        T.Array(T.String({ maxLength: 500 }), { maxItems: 20 }),
      ]),
    },
  },
)
export type Open311PostBody = Static<typeof Open311PostBody>
/** `api_key` may also come in the query string, as swagger.json of the spec declares it. */
export const Open311PostQuery = T.Object(
  { api_key: T.Optional(T.String({ maxLength: 100 })), jurisdiction_id: JurisdictionId },
  { additionalProperties: false },
)
export type Open311PostQuery = Static<typeof Open311PostQuery>

/** The spec's error list: `code` is the HTTP status, `description` names the field or the reason. */
export const Open311Errors = T.Array(Shape({ code: T.Integer(), description: T.String() }))
export type Open311Errors = Static<typeof Open311Errors>

export const Open311Discovery = Shape({
  changeset: T.String({ format: 'date-time' }),
  contact: T.String(),
  key_service: T.String(),
  endpoints: T.Array(
    Shape({
      specification: T.String(),
      url: T.String(),
      changeset: T.String({ format: 'date-time' }),
      type: literals(['production', 'test'] as const),
      formats: T.Array(T.String()),
    }),
  ),
})
export type Open311Discovery = Static<typeof Open311Discovery>

/** A service: one of our subcategories (service_code = its code, group = its top-level name). */
export const Open311Service = Shape({
  service_code: T.String(),
  service_name: T.String(),
  description: Nullable(T.String()),
  metadata: T.Boolean(),
  type: literals(['realtime', 'batch', 'blackbox'] as const),
  keywords: Nullable(T.String()),
  group: Nullable(T.String()),
})
export type Open311Service = Static<typeof Open311Service>
export const Open311Services = T.Array(Open311Service)

/** Our services have no attributes: the definition says so with an empty list. */
export const Open311ServiceDefinition = Shape({ service_code: T.String(), attributes: T.Array(Shape({ code: T.String() })) })
export type Open311ServiceDefinition = Static<typeof Open311ServiceDefinition>

/** `extensions=true`: our own state, the areas by name and the public timeline. */
export const Open311Extensions = Shape({
  state: T.String(),
  district: Nullable(T.String()),
  street: Nullable(T.String()),
  community: Nullable(T.String()),
  timeline: T.Array(
    Shape({
      at: T.String({ format: 'date-time' }),
      action: T.String(),
      state: T.String(),
      actor: T.String(),
      unit: Nullable(T.String()),
      note: Nullable(T.String()),
    }),
  ),
})

/** A service request: one of our events as the public may see it (masked, no person in it). */
export const Open311Request = Shape({
  service_request_id: T.String(),
  status: literals(['open', 'closed'] as const),
  status_notes: Nullable(T.String()),
  service_name: Nullable(T.String()),
  service_code: T.String(),
  description: Nullable(T.String()),
  agency_responsible: Nullable(T.String()),
  service_notice: Nullable(T.String()),
  requested_datetime: T.String({ format: 'date-time' }),
  updated_datetime: Nullable(T.String({ format: 'date-time' })),
  expected_datetime: Nullable(T.String({ format: 'date-time' })),
  address: Nullable(T.String()),
  address_id: Nullable(T.String()),
  zipcode: Nullable(T.String()),
  lat: Nullable(T.Number()),
  long: Nullable(T.Number()),
  media_url: Nullable(T.String()),
  extended_attributes: T.Optional(Open311Extensions),
})
export type Open311Request = Static<typeof Open311Request>
export const Open311Requests = T.Array(Open311Request)

/** `POST requests`: the new request's id at once (the token is the same number). */
export const Open311Created = T.Array(
  Shape({ service_request_id: T.String(), token: T.String(), service_notice: Nullable(T.String()), account_id: Nullable(T.String()) }),
)
export type Open311Created = Static<typeof Open311Created>

export const Open311Token = T.Array(Shape({ service_request_id: T.String(), token: T.String() }))
export type Open311Token = Static<typeof Open311Token>
