/**
 * Request shapes of the HTTP API, as TypeBox schemas: Fastify validates with them, OpenAPI is
 * generated from them and the web client uses the inferred types.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import {
  ActionTypeSchema,
  ChannelSchema,
  EventStateSchema,
  InboxBoxSchema,
  IntakeChannelSchema,
  PrioritySchema,
  RatingSchema,
  SlaStatusSchema,
} from './domain.ts'
import { BigintId, Cursor, Instant, Int4Id, Version } from './schema.ts'

const Phone = T.String({ pattern: '^1[3-9][0-9]{9}$', description: 'mainland mobile number' })
const Latitude = T.Number({ minimum: -90, maximum: 90 })
const Longitude = T.Number({ minimum: -180, maximum: 180 })

export const LoginBody = T.Object(
  {
    username: T.String({ minLength: 1, maxLength: 64 }),
    password: T.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
)
export type LoginBody = Static<typeof LoginBody>

export const OtpBody = T.Object({ phone: Phone }, { additionalProperties: false })
export type OtpBody = Static<typeof OtpBody>

export const ResidentLoginBody = T.Object(
  {
    phone: Phone,
    code: T.String({ pattern: '^[0-9]{6}$' }),
    name: T.Optional(T.String({ minLength: 2, maxLength: 30 })),
    idNumber: T.Optional(T.String({ pattern: '^[0-9]{17}[0-9Xx]$', description: '18-digit resident ID number' })),
  },
  { additionalProperties: false },
)
export type ResidentLoginBody = Static<typeof ResidentLoginBody>

/** The real-name step of a signed-in resident who skipped it at login. */
export const RealNameBody = T.Object(
  {
    name: T.String({ minLength: 2, maxLength: 30 }),
    idNumber: T.String({ pattern: '^[0-9]{17}[0-9Xx]$', description: '18-digit resident ID number' }),
  },
  { additionalProperties: false },
)
export type RealNameBody = Static<typeof RealNameBody>

const ReportFields = {
  /** without it the classifier chooses (issue 16): routed when confident, else held for the district center */
  category: T.Optional(T.String({ minLength: 1, maxLength: 64 })),
  title: T.Optional(T.String({ minLength: 1, maxLength: 100 })),
  description: T.String({ minLength: 2, maxLength: 4000 }),
  lat: T.Optional(Latitude),
  lng: T.Optional(Longitude),
  address: T.Optional(T.String({ maxLength: 200 })),
  communityCode: T.Optional(T.String({ pattern: '^[0-9]{12}$' })),
  /** photos uploaded first through `POST /attachments` by the same caller */
  attachmentIds: T.Optional(T.Array(BigintId(), { maxItems: 9, uniqueItems: true })),
}

/** A resident's own report (我要报事). */
export const ResidentEventBody = T.Object(
  { ...ReportFields, anonymous: T.Optional(T.Boolean({ description: 'hide my name from the public' })) },
  { additionalProperties: false },
)
export type ResidentEventBody = Static<typeof ResidentEventBody>

/** Staff intake: a hotline call, a grid worker's collection, a netizen message typed in. */
export const CreateEventBody = T.Object(
  {
    ...ReportFields,
    channel: IntakeChannelSchema,
    priority: T.Optional(PrioritySchema),
    reporterName: T.Optional(T.String({ maxLength: 30 })),
    reporterPhone: T.Optional(T.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
    anonymous: T.Optional(T.Boolean()),
    /** 来电弹屏: the CTI's id of the call this hotline event is made during (answered at the caller's desk); the call keeps the event */
    callId: T.Optional(T.String({ pattern: '^[0-9A-Za-z._:-]{1,64}$' })),
    /** 即办即结: a grid worker reports a matter already handled on the spot, with its result (and result photos) */
    resolvedOnSpot: T.Optional(
      T.Object(
        {
          note: T.String({ minLength: 1, maxLength: 2000 }),
          attachmentIds: T.Optional(T.Array(BigintId(), { maxItems: 9, uniqueItems: true })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type CreateEventBody = Static<typeof CreateEventBody>

export const ListEventsQuery = T.Object(
  {
    state: T.Optional(EventStateSchema),
    unit: T.Optional(T.String({ maxLength: 20, description: 'org code of the current unit' })),
    category: T.Optional(T.String({ maxLength: 64 })),
    district: T.Optional(T.String({ pattern: '^[0-9]{6}$' })),
    channel: T.Optional(ChannelSchema),
    from: T.Optional(Instant()),
    to: T.Optional(Instant()),
    text: T.Optional(T.String({ minLength: 1, maxLength: 100 })),
    box: T.Optional(InboxBoxSchema),
    sla: T.Optional(SlaStatusSchema),
    limit: T.Optional(T.Integer({ minimum: 1, maximum: 100 })),
    next: T.Optional(Cursor()),
  },
  { additionalProperties: false },
)
export type ListEventsQuery = Static<typeof ListEventsQuery>

/** One body for every action; which fields are required depends on `type` (see the lifecycle). */
export const ActionBody = T.Object(
  {
    type: ActionTypeSchema,
    version: Version(),
    note: T.Optional(T.String({ maxLength: 2000 })),
    unitId: T.Optional(Int4Id()),
    rating: T.Optional(RatingSchema),
    days: T.Optional(T.Integer({ minimum: 1, maximum: 60 })),
    intoEventId: T.Optional(BigintId()),
    units: T.Optional(T.Array(Int4Id(), { minItems: 1, maxItems: 12, uniqueItems: true })),
    leadUnitId: T.Optional(Int4Id()),
    /** comment only: a message to the reporter (shown in their timeline); other staff comments stay internal */
    toReporter: T.Optional(T.Boolean()),
    /** recategorize (改分类), and accept with a corrected category: the new category's code */
    category: T.Optional(T.String({ minLength: 1, maxLength: 64 })),
    /** resolve (result photos) and comment: photos uploaded first through `POST /attachments` */
    attachmentIds: T.Optional(T.Array(BigintId(), { maxItems: 9, uniqueItems: true })),
  },
  { additionalProperties: false },
)
export type ActionBody = Static<typeof ActionBody>

export const OrgsQuery = T.Object(
  {
    level: T.Optional(T.Integer({ minimum: 1, maximum: 5 })),
    parent: T.Optional(T.String({ maxLength: 20, description: 'org code of the parent' })),
    code: T.Optional(T.String({ maxLength: 20 })),
    kind: T.Optional(T.String({ maxLength: 20 })),
    geometry: T.Optional(T.Boolean()),
    /** with `code`: that unit and its ancestors below the city (a community, its street and its district) */
    ancestors: T.Optional(T.Boolean()),
    /** with `geometry`: outlines simplified for drawing, to this tolerance in metres (about a pixel of the map) */
    simplify: T.Optional(T.Integer({ minimum: 1, maximum: 10_000 })),
  },
  { additionalProperties: false },
)
export type OrgsQuery = Static<typeof OrgsQuery>

export const LocateQuery = T.Object({ lat: Latitude, lng: Longitude }, { additionalProperties: false })
export type LocateQuery = Static<typeof LocateQuery>

/** The public list of events (公开): masked, no names, phones or ID numbers. */
export const PublicEventsQuery = T.Object(
  {
    district: T.Optional(T.String({ pattern: '^[0-9]{6}$' })),
    limit: T.Optional(T.Integer({ minimum: 1, maximum: 50 })),
    next: T.Optional(Cursor()),
  },
  { additionalProperties: false },
)
export type PublicEventsQuery = Static<typeof PublicEventsQuery>

/** A grid worker's patrol check-in (巡查打卡) at where they stand. */
export const PatrolBody = T.Object(
  {
    lat: Latitude,
    lng: Longitude,
    note: T.Optional(T.String({ maxLength: 500 })),
    idempotencyKey: T.Optional(
      T.String({ format: 'uuid', description: 'made by the client once per check-in: a resend answers the first one' }),
    ),
  },
  { additionalProperties: false },
)
export type PatrolBody = Static<typeof PatrolBody>

/** The big screen's one call (issue 4): every widget of one area over the last `days` days. */
export const DashboardQuery = T.Object(
  {
    scope: T.Optional(T.String({ pattern: '^[0-9A-Za-z]{1,20}$', description: 'org code of an area center; default the caller’s unit' })),
    days: T.Optional(T.Integer({ minimum: 1, maximum: 31, default: 7 })),
  },
  { additionalProperties: false },
)
export type DashboardQuery = Static<typeof DashboardQuery>

/**
 * The live change stream (server-sent events); Last-Event-ID resumes. `view=workbench`: the changes
 * that touch the caller's own unit's inbox tabs, each saying which (no `scope` with it), and with
 * `tab=all` (the workbench shows 全部) also those of the events in the unit's data scope; else the
 * changes in the area of the caller's unit or of `scope` (the big screen).
 */
export const StreamQuery = T.Object(
  {
    scope: T.Optional(T.String({ pattern: '^[0-9A-Za-z]{1,20}$', description: 'org code; default the caller’s unit' })),
    view: T.Optional(
      T.Union([T.Literal('workbench'), T.Literal('me')], {
        description:
          'workbench: the changes that touch the caller’s unit’s workbench tabs; me: the caller’s own notices and calls (no changes)',
      }),
    ),
    tab: T.Optional(T.Literal('all', { description: 'with view=workbench: 全部 is shown, so the changes in the unit’s data scope too' })),
  },
  { additionalProperties: false },
)
export type StreamQuery = Static<typeof StreamQuery>
