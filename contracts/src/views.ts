/**
 * Response shapes the server returns and the web app reads, as TypeBox schemas: Fastify
 * serialises each answer with its schema (a field not listed here is never sent), OpenAPI shows
 * them, and the types are what the web client reads.
 */
import { type Static, Type as T, type TSchema } from '@sinclair/typebox'
import {
  ActionTypeSchema,
  ChannelSchema,
  EVENT_STATES,
  EventStateSchema,
  InboxBoxSchema,
  LogActionSchema,
  literals,
  OrgKindSchema,
  PrioritySchema,
  RATINGS,
  RoleSchema,
  SlaStatusSchema,
  WorkbenchTabSchema,
} from './domain.ts'
import { At, CountsOf, Nullable, Shape } from './schema.ts'

export const UnitRef = Shape({ id: T.Integer(), code: T.String(), name: T.String(), kind: OrgKindSchema, level: T.Integer() })
export type UnitRef = Static<typeof UnitRef>

/** Free-form details of a log entry or an audit entry (whatever the step recorded). */
const Details = T.Record(T.String(), T.Unknown())

export const TimelineEntry = Shape({
  seq: T.Integer(),
  action: LogActionSchema,
  fromState: Nullable(EventStateSchema),
  toState: EventStateSchema,
  fromUnit: Nullable(UnitRef),
  toUnit: Nullable(UnitRef),
  /** The acting unit; residents and the system have none. */
  actorUnit: Nullable(UnitRef),
  actorKind: T.Union([T.Literal('staff'), T.Literal('resident'), T.Literal('system')]),
  note: Nullable(T.String()),
  data: Details,
  at: At(),
  /** a comment the handling unit addressed to the reporter (two-way messages) */
  toReporter: T.Optional(T.Boolean()),
  /** ids of the photos this step attached (report or result) */
  photoIds: T.Optional(T.Array(T.Integer())),
})
export type TimelineEntry = Static<typeof TimelineEntry>

/** A photo of an event: `report` from its reporter, `result` from the unit that resolved it. */
export const Photo = Shape({ id: T.Integer(), url: T.String(), kind: T.Union([T.Literal('report'), T.Literal('result')]) })
export type Photo = Static<typeof Photo>

/** `POST /api/v1/attachments`: the stored photo, to name in a report or an action. */
export const UploadedPhoto = Shape({ id: T.Integer(), url: T.String() })
export type UploadedPhoto = Static<typeof UploadedPhoto>

export const SummonedUnit = Shape({ unitId: T.Integer(), lead: T.Boolean(), checkInBy: At(), checkedInAt: Nullable(At()) })
export type SummonedUnit = Static<typeof SummonedUnit>

/** One 督办: who urged which holder, and the holder's reply once given. */
export const SupervisionView = Shape({
  seq: T.Integer(),
  at: At(),
  by: Nullable(UnitRef),
  to: Nullable(UnitRef),
  note: Nullable(T.String()),
  reply: Nullable(Shape({ at: At(), by: Nullable(UnitRef), note: Nullable(T.String()) })),
})
export type SupervisionView = Static<typeof SupervisionView>

/** A work order as staff and its reporter see it. Reporter contact is masked unless unmasked. */
export const EventView = Shape({
  id: T.Integer(),
  number: T.String(),
  title: T.String(),
  description: T.String(),
  category: T.String(),
  priority: PrioritySchema,
  channel: ChannelSchema,
  state: EventStateSchema,
  lat: Nullable(T.Number()),
  lng: Nullable(T.Number()),
  address: Nullable(T.String()),
  community: Nullable(UnitRef),
  district: Nullable(UnitRef),
  currentUnit: Nullable(UnitRef),
  reporter: Shape({ name: Nullable(T.String()), phone: Nullable(T.String()), anonymous: T.Boolean(), masked: T.Boolean() }),
  supervised: T.Boolean(),
  supervisionPending: T.Boolean(),
  extensionPending: Nullable(Shape({ days: T.Integer(), reason: T.String() })),
  summoned: T.Array(SummonedUnit),
  reopenCount: T.Integer(),
  pressCount: T.Integer(),
  /** The earliest moment the reporter may press (催办) again: a day after the last press; null before the first. */
  nextPressAt: Nullable(At()),
  evaluation: Nullable(literals([...RATINGS, 'default_satisfied', 'not_reached'])),
  mergedInto: Nullable(T.Integer()),
  signDeadline: Nullable(At()),
  resolveDeadline: Nullable(At()),
  /** normal → warning (75 % of the time used) → overdue; kept by the SLA scan and every transition. */
  slaStatus: SlaStatusSchema,
  /** How many times the event has been supervised (督办). */
  supervisionCount: T.Integer(),
  /** On the single-event read: each 督办 with the holder's reply. */
  supervisions: T.Optional(T.Array(SupervisionView)),
  version: T.Integer(),
  createdAt: At(),
  updatedAt: At(),
  photos: T.Array(Photo),
  timeline: T.Optional(T.Array(TimelineEntry)),
  /** On the single-event read: the actions the caller may take now (the lifecycle tried for each). */
  allowedActions: T.Optional(T.Array(ActionTypeSchema)),
})
export type EventView = Static<typeof EventView>

/** `POST /api/v1/events/:id/contact`: the reporter's contact, unmasked (each look is audited). */
export const ReporterContact = Shape({ name: Nullable(T.String()), phone: Nullable(T.String()) })
export type ReporterContact = Static<typeof ReporterContact>

/**
 * Who took a step, as the public may know it: the reporter (their report in the app, their rating,
 * 催办), the 12345 hotline (an operator's intake, screening, answer), the system (routing, overdue,
 * reminders, auto-close), or the handling unit.
 */
export const PublicActor = T.Union([T.Literal('reporter'), T.Literal('hotline'), T.Literal('system'), T.Literal('unit')])
export type PublicActor = Static<typeof PublicActor>

/** One step of the public timeline; its note is masked (and null for a hide-my-name reporter's own words). */
export const PublicTimelineEntry = Shape({
  seq: T.Integer(),
  action: LogActionSchema,
  toState: EventStateSchema,
  at: At(),
  note: Nullable(T.String()),
  actor: PublicActor,
  /** the acting unit's name, only when `actor` is 'unit' */
  unit: Nullable(T.String()),
  /** where the step sent the event, when it moved it to another unit */
  toUnit: Nullable(T.String()),
})
export type PublicTimelineEntry = Static<typeof PublicTimelineEntry>

/** An event as listed: the fields every summary of one (the desk's look-ups, the screen) starts with. */
export const EventSummaryFields = {
  id: T.Integer(),
  number: T.String(),
  title: T.String(),
  category: T.String(),
  state: EventStateSchema,
  createdAt: At(),
}

/** What the public may know of an event: places by name, no person. */
const PublicEventFields = {
  number: T.String(),
  /** null when the reporter chose to hide their name and words from the public */
  title: Nullable(T.String()),
  category: T.String(),
  state: EventStateSchema,
  district: Nullable(T.String()),
  community: Nullable(T.String()),
  createdAt: At(),
}

/** What anyone with the number may see: no names, phones or ID numbers. */
export const PublicTrackView = Shape({
  ...PublicEventFields,
  /** the event's id: what a signed-in resident follows it by (POST /resident/events/:id/follow) */
  id: T.Integer(),
  timeline: T.Array(PublicTimelineEntry),
})
export type PublicTrackView = Static<typeof PublicTrackView>

/** One row of the public list (公开): masked; an anonymous report shows its category instead of its own words. */
export const PublicEventView = Shape({
  ...PublicEventFields,
  /** the unit handling it now */
  unit: Nullable(T.String()),
  updatedAt: At(),
})
export type PublicEventView = Static<typeof PublicEventView>

/** A grid worker's patrol check-in. */
export const PatrolView = Shape({
  id: T.Integer(),
  lat: T.Number(),
  lng: T.Number(),
  note: Nullable(T.String()),
  grid: Nullable(UnitRef),
  community: Nullable(UnitRef),
  at: At(),
})
export type PatrolView = Static<typeof PatrolView>

/** A list that is not paged. */
export const Items = <S extends TSchema>(item: S) => Shape({ items: T.Array(item) })
export type Items<S> = { items: S[] }

/** A page of a keyset-paged list; `next` is the cursor of the following page, null on the last. */
export const Page = <S extends TSchema>(item: S) => Shape({ items: T.Array(item), next: Nullable(T.String()) })
export interface Page<S> {
  items: S[]
  next: string | null
}

/** GET /map: the deployment's map tiles, when it has a tile server (Web Mercator, 256 px tiles). */
export const MapSettings = Shape({ tiles: Nullable(Shape({ url: T.String(), attribution: Nullable(T.String()) })) })
export type MapSettings = Static<typeof MapSettings>

export const StaffMe = Shape({
  kind: T.Literal('staff'),
  id: T.Integer(),
  username: T.String(),
  displayName: T.String(),
  role: RoleSchema,
  unit: UnitRef,
  csrfToken: T.String(),
})
/** A resident's own account: their own phone and name, never anyone else's. */
export const ResidentMe = Shape({
  kind: T.Literal('resident'),
  id: T.Integer(),
  phone: T.String(),
  name: Nullable(T.String()),
  verified: T.Boolean(),
  csrfToken: T.String(),
})
export const Me = T.Union([StaffMe, ResidentMe])
export type Me = Static<typeof Me>

/** `GET /api/v1/session`: who is signed in, without a 401 when nobody is. */
export const SessionView = Shape({ me: Nullable(Me) })
export type SessionView = Static<typeof SessionView>

/** `POST /api/v1/resident/otp`: the code went out; demo mode (no SMS gateway) returns it. */
export const OtpSent = Shape({ sent: T.Boolean(), devCode: T.Optional(T.String()) })
export type OtpSent = Static<typeof OtpSent>

/** An answer with nothing to say but that it worked. */
export const Ok = Shape({ ok: T.Boolean() })
export type Ok = Static<typeof Ok>

/** `GET /api/v1/health`. */
export const Health = Shape({ status: T.Literal('ok'), db: T.String({ description: 'pglite or postgres' }) })
export type Health = Static<typeof Health>

/** A unit of the org tree as `GET /api/v1/orgs` lists it; `geometry` (GeoJSON) only when asked for. */
export const OrgView = Shape({
  ...UnitRef.properties,
  parentId: Nullable(T.Integer()),
  function: Nullable(T.String()),
  seat: Nullable(Shape({ lat: T.Number(), lng: T.Number() })),
  geometry: T.Optional(T.Unknown({ description: 'GeoJSON geometry, or null' })),
})
export type OrgView = Static<typeof OrgView>

export const OrgList = Shape({
  total: T.Integer(),
  /** how many centers each level (1 city … 4 community) has among the listed units */
  centersByLevel: Shape({ 1: T.Integer(), 2: T.Integer(), 3: T.Integer(), 4: T.Integer() }),
  items: T.Array(OrgView),
})
export type OrgList = Static<typeof OrgList>

/** `GET /api/v1/orgs/:code`: one unit with its geometry and its children. */
export const OrgDetail = Shape({
  ...OrgView.properties,
  /** codes from the city down, each followed by '.' */
  path: T.String(),
  active: T.Boolean(),
  children: T.Array(Nullable(UnitRef)),
})
export type OrgDetail = Static<typeof OrgDetail>

/** `GET /api/v1/orgs/locate`: the units covering a point, grid up to the city. */
export const Location = Shape({
  grid: Nullable(UnitRef),
  community: Nullable(UnitRef),
  street: Nullable(UnitRef),
  district: Nullable(UnitRef),
  city: Nullable(UnitRef),
})
export type Location = Static<typeof Location>

/** One area's figures on the big screen; `GET /api/v1/dashboard` (read from the rollups only). */
export const DashboardView = Shape({
  scope: UnitRef,
  /** the chain from the city down to the scope, for the breadcrumb */
  path: T.Array(UnitRef),
  days: T.Integer(),
  /** Asia/Shanghai days, oldest first, the last one today */
  dayList: T.Array(T.String({ format: 'date' })),
  generatedAt: At(),
  headline: Shape({
    todayNew: T.Integer(),
    /** assigned + in progress now */
    inProgress: T.Integer(),
    resolvedToday: T.Integer(),
    /** open events whose resolve deadline has passed (hour precision) */
    overdue: T.Integer(),
    /**
     * (satisfied + basically satisfied) / evaluated over the window: real ratings only (in the app, by the
     * SMS link, on a 回访 call); null without any
     */
    satisfactionRate: Nullable(T.Number()),
    /** the real ratings of the window */
    evaluated: T.Integer(),
    /** closed without a rating when the window lapsed: 默认满意 (an app reporter), 未回访 (a caller not reached) */
    defaultClosed: T.Integer(),
    notReached: T.Integer(),
    /** callers rated (on a callback or by the link) / (those + not reached); null when no caller was due */
    callbackCoverage: Nullable(T.Number()),
    /** resolved within the deadline / resolved over the window; null without resolutions */
    onTimeRate: Nullable(T.Number()),
  }),
  /** events now per state in the area */
  states: T.Partial(CountsOf(EVENT_STATES)),
  /** new events per day (dayList order) per channel */
  trend: T.Array(Shape({ channel: ChannelSchema, counts: T.Array(T.Integer()) })),
  /** new events of the window per top-level category, largest first */
  categories: T.Array(Shape({ category: T.String(), count: T.Integer() })),
  /** the area's child centers (districts of the city, streets of a district, …), most events first */
  units: T.Array(
    Shape({
      unit: UnitRef,
      created: T.Integer(),
      open: T.Integer(),
      overdue: T.Integer(),
      /** as the headline's, over the unit's area; null without evaluations */
      satisfactionRate: Nullable(T.Number()),
    }),
  ),
  /** newest events of the area, masked (no names, phones or ID numbers) */
  latest: T.Array(
    Shape({ ...EventSummaryFields, channel: ChannelSchema, district: Nullable(T.String()), community: Nullable(T.String()) }),
  ),
})
export type DashboardView = Static<typeof DashboardView>

/**
 * `data` of an `event: change` message of `GET /api/v1/stream`; `id:` is the change (action log) id.
 * On a workbench stream (`view=workbench`) it also says what of the unit's workbench the change
 * touches: `tabs`, the tabs whose list it alters (the event was or is in it; `all` when the stream
 * asked for 全部 and the event is in the unit's data scope), and `counts`, the inbox tabs whose count
 * it alters (the event entered or left it); the changes of one transaction (an intake's submit and
 * route) are told as one, by the last. A replayed change (Last-Event-ID) names at least what its
 * live message did (the tabs are found from the event's log, one entry at a time).
 */
export const ChangeMessage = Shape({
  eventId: T.Integer(),
  number: T.String(),
  state: EventStateSchema,
  action: LogActionSchema,
  currentUnitId: Nullable(T.Integer()),
  districtId: Nullable(T.Integer()),
  communityId: Nullable(T.Integer()),
  category: T.String(),
  channel: ChannelSchema,
  at: At(),
  tabs: T.Optional(T.Array(WorkbenchTabSchema)),
  counts: T.Optional(T.Array(InboxBoxSchema)),
})
export type ChangeMessage = Static<typeof ChangeMessage>
