/**
 * Shapes of the staff areas (issue 3): the workbench inbox, the 12345 hotline desk and the admin
 * console. Requests and responses are TypeBox schemas (Fastify validates and serialises with them).
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { CategoryFields } from './categories.ts'
import { INBOX_BOXES, PrioritySchema, RoleSchema } from './domain.ts'
import { At, BigintId, CountsOf, Cursor, Instant, Nullable, Shape, Version } from './schema.ts'
import { EventSummaryFields, UnitRef } from './views.ts'

/** `GET /api/v1/events/inbox`: the count of each tab for the caller's unit, at most INBOX_COUNT_CAP. */
export const InboxCounts = CountsOf(INBOX_BOXES)
export type InboxCounts = Static<typeof InboxCounts>
/** A tab's count stops here; the workbench shows one less with a plus ("999+"). */
export const INBOX_COUNT_CAP = 1000

/** `GET /api/v1/workbench/dispatch-targets`: where the caller's center may dispatch (and whom it may summon). */
export const DispatchTargets = Shape({
  center: UnitRef,
  items: T.Array(Shape({ ...UnitRef.properties, function: Nullable(T.String()) })),
})
export type DispatchTargets = Static<typeof DispatchTargets>

const Phone = T.String({ pattern: '^[0-9+\\- ]{5,20}$' })

/**
 * `POST /api/v1/hotline/callers/events`: a caller's past events (masked). The number is in the
 * body, not the URL, so no access log or proxy holds it (issue 12 §8).
 */
export const CallerEventsBody = T.Object({ phone: Phone }, { additionalProperties: false })
export type CallerEventsBody = Static<typeof CallerEventsBody>

/**
 * `POST /api/v1/hotline/duplicates`: open events near the call's point (or its community's seat)
 * with similar text, by the duplicate finder. A body, since the text is the caller's own words.
 */
export const DuplicatesBody = T.Object(
  {
    text: T.String({ minLength: 2, maxLength: 4000 }),
    communityCode: T.Optional(T.String({ pattern: '^[0-9]{12}$' })),
    lat: T.Optional(T.Number({ minimum: -90, maximum: 90 })),
    lng: T.Optional(T.Number({ minimum: -180, maximum: 180 })),
    category: T.Optional(T.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
)
export type DuplicatesBody = Static<typeof DuplicatesBody>

export const DuplicateCandidate = Shape({
  ...EventSummaryFields,
  community: Nullable(UnitRef),
  version: T.Integer(),
  /** 0..1: the duplicate finder's score (text, distance, age) */
  score: T.Number(),
  /** metres from the reported point, when one was given */
  distanceM: T.Optional(T.Number()),
  /** days since the event was created */
  ageDays: T.Optional(T.Number()),
})
export type DuplicateCandidate = Static<typeof DuplicateCandidate>

/** `POST /api/v1/hotline/callers/events`: one of a caller's past events, newest first. */
export const CallerEvent = Shape({ ...EventSummaryFields, currentUnit: Nullable(UnitRef) })
export type CallerEvent = Static<typeof CallerEvent>

/** `POST /api/v1/hotline/answered`: a policy question answered on the call, recorded and closed at once. */
export const AnsweredCallBody = T.Object(
  {
    category: T.String({ minLength: 1, maxLength: 64 }),
    description: T.String({ minLength: 2, maxLength: 4000 }),
    answer: T.String({ minLength: 2, maxLength: 4000 }),
    title: T.Optional(T.String({ minLength: 1, maxLength: 100 })),
    reporterPhone: T.Optional(Phone),
    reporterName: T.Optional(T.String({ maxLength: 30 })),
    communityCode: T.Optional(T.String({ pattern: '^[0-9]{12}$' })),
  },
  { additionalProperties: false },
)
export type AnsweredCallBody = Static<typeof AnsweredCallBody>

/** `POST /api/v1/hotline/link`: the caller reports what an open event already covers. */
export const LinkCallBody = T.Object(
  {
    eventId: BigintId(),
    version: Version(),
    description: T.String({ minLength: 2, maxLength: 4000 }),
    reporterPhone: T.Optional(Phone),
  },
  { additionalProperties: false },
)
export type LinkCallBody = Static<typeof LinkCallBody>

const Reason = T.String({ minLength: 2, maxLength: 500, description: 'why: kept in the change log' })

export const AdminOrgsQuery = T.Object(
  {
    parent: T.Optional(T.String({ maxLength: 20, description: 'org code; default the root' })),
    q: T.Optional(T.String({ minLength: 1, maxLength: 50, description: 'name or code contains' })),
  },
  { additionalProperties: false },
)
export type AdminOrgsQuery = Static<typeof AdminOrgsQuery>

export const AdminOrg = Shape({
  ...UnitRef.properties,
  parentCode: Nullable(T.String()),
  active: T.Boolean(),
  childCount: T.Integer(),
  function: Nullable(T.String()),
})
export type AdminOrg = Static<typeof AdminOrg>

export const AdminOrgPatch = T.Object(
  { name: T.Optional(T.String({ minLength: 2, maxLength: 60 })), active: T.Optional(T.Boolean()), reason: Reason },
  { additionalProperties: false },
)
export type AdminOrgPatch = Static<typeof AdminOrgPatch>

const Username = T.String({ pattern: '^[a-zA-Z0-9._-]{3,40}$' })
const Password = T.String({ minLength: 8, maxLength: 128 })

export const AdminUsersQuery = T.Object(
  {
    q: T.Optional(T.String({ minLength: 1, maxLength: 50 })),
    role: T.Optional(RoleSchema),
    unit: T.Optional(T.String({ maxLength: 20 })),
    next: T.Optional(Cursor()),
    limit: T.Optional(T.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
)
export type AdminUsersQuery = Static<typeof AdminUsersQuery>

export const AdminUser = Shape({
  id: T.Integer(),
  username: T.String(),
  displayName: T.String(),
  role: RoleSchema,
  unit: Nullable(UnitRef),
  disabled: T.Boolean(),
  createdAt: At(),
  /** Set while too many wrong passwords lock the account (ISO instant); an admin may unlock it. */
  lockedUntil: Nullable(At()),
  /** 坐席号: the agent number the hall's CTI names this operator by (来电弹屏); null when none */
  agentNumber: Nullable(T.String()),
})
export type AdminUser = Static<typeof AdminUser>

export const AdminUserBody = T.Object(
  {
    username: Username,
    displayName: T.String({ minLength: 1, maxLength: 40 }),
    role: RoleSchema,
    unitCode: T.String({ maxLength: 20 }),
    password: Password,
  },
  { additionalProperties: false },
)
export type AdminUserBody = Static<typeof AdminUserBody>

export const AdminUserPatch = T.Object(
  {
    displayName: T.Optional(T.String({ minLength: 1, maxLength: 40 })),
    role: T.Optional(RoleSchema),
    unitCode: T.Optional(T.String({ maxLength: 20 })),
    disabled: T.Optional(T.Boolean()),
    /** 坐席号 (3–8 digits, unique), for the desk's roles; null takes it away */
    agentNumber: T.Optional(T.Union([T.String({ pattern: '^[0-9]{3,8}$' }), T.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type AdminUserPatch = Static<typeof AdminUserPatch>

export const AdminPasswordBody = T.Object({ password: Password }, { additionalProperties: false })
export type AdminPasswordBody = Static<typeof AdminPasswordBody>

/** A category as the admin console edits it: inactive ones too, without the classifier's keywords. */
export const AdminCategory = Shape({ ...CategoryFields, active: T.Boolean() })
export type AdminCategory = Static<typeof AdminCategory>

export const AdminCategoryPatch = T.Object(
  {
    owner: T.Optional(T.String({ pattern: '^[a-z_]{2,40}$' })),
    communityResolvable: T.Optional(T.Boolean()),
    priority: T.Optional(PrioritySchema),
    reason: Reason,
  },
  { additionalProperties: false },
)
export type AdminCategoryPatch = Static<typeof AdminCategoryPatch>

export const AuditQuery = T.Object(
  {
    actor: T.Optional(T.String({ maxLength: 40, description: 'username' })),
    action: T.Optional(T.String({ maxLength: 40 })),
    from: T.Optional(Instant()),
    to: T.Optional(Instant()),
    next: T.Optional(Cursor()),
    limit: T.Optional(T.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
)
export type AuditQuery = Static<typeof AuditQuery>

export const AuditEntry = Shape({
  id: T.Integer(),
  actor: Nullable(T.String({ description: 'username' })),
  action: T.String(),
  targetKind: T.String(),
  targetId: T.String(),
  detail: T.Record(T.String(), T.Unknown()),
  at: At(),
})
export type AuditEntry = Static<typeof AuditEntry>
