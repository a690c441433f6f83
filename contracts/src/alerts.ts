/**
 * Early warning (研判预警, issue 16 item 5): alerts raised by the scan (hotspot, surge, repeat
 * reporter) or at intake (sensitive content), each with its evidence events and a life: open →
 * assigned → acknowledged → closed with a disposition.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { literals } from './domain.ts'
import { At, BigintId, Int4Id, Nullable, Shape, Version } from './schema.ts'
import { UnitRef } from './views.ts'

export const ALERT_KINDS = ['hotspot', 'surge', 'sensitive', 'repeat_reporter'] as const
export type AlertKind = (typeof ALERT_KINDS)[number]
export const ALERT_STATES = ['open', 'assigned', 'acknowledged', 'closed'] as const
export type AlertState = (typeof ALERT_STATES)[number]
/** 已处置 / 误报 / 已合并到事件 / 已启动联排 */
export const ALERT_DISPOSITIONS = ['handled', 'false_alarm', 'merged', 'joint_action'] as const
export type AlertDisposition = (typeof ALERT_DISPOSITIONS)[number]

/** A consolidated work order (主单) made from an alert: its id and public number. */
export const AlertOrderRef = Shape({ id: T.Integer(), number: T.String() })
export type AlertOrderRef = Static<typeof AlertOrderRef>

export const AlertView = Shape({
  id: T.Integer(),
  kind: literals(ALERT_KINDS),
  state: literals(ALERT_STATES),
  /** the center it goes to (a district's) */
  unit: Nullable(UnitRef),
  /** the names of the district, street and community its point lies in (安宁区, 刘家堡街道, 幸福里社区); empty without a point */
  areaNames: T.Array(T.String()),
  category: Nullable(T.String()),
  lat: Nullable(T.Number()),
  lng: Nullable(T.Number()),
  windowStart: At(),
  windowEnd: At(),
  score: T.Number(),
  words: T.Array(T.String()),
  evidenceCount: T.Integer(),
  assigneeUserId: Nullable(T.Integer()),
  assigneeUnit: Nullable(UnitRef),
  disposition: Nullable(literals(ALERT_DISPOSITIONS)),
  version: T.Integer(),
  firstSeen: At(),
  lastSeen: At(),
  /** the work orders staff made from it by whistling the departments (吹哨), oldest first */
  orders: T.Array(AlertOrderRef),
})
export type AlertView = Static<typeof AlertView>

export const AlertEvidenceView = Shape({
  id: T.Integer(),
  number: T.String(),
  /** masked as public views mask it (privacy/masker.ts) */
  title: T.String(),
  category: T.String(),
  state: T.String(),
  lat: Nullable(T.Number()),
  lng: Nullable(T.Number()),
  createdAt: At(),
})
export type AlertEvidenceView = Static<typeof AlertEvidenceView>

export const AlertTransitionView = Shape({
  action: T.String(),
  from: Nullable(T.String()),
  to: T.String(),
  userId: Nullable(T.Integer()),
  /** who, by username; null for the system (a raise) */
  username: Nullable(T.String()),
  note: Nullable(T.String()),
  /** an `act`: the work order it made */
  order: Nullable(AlertOrderRef),
  at: At(),
})

export const AlertDetail = Shape({
  alert: AlertView,
  evidence: T.Array(AlertEvidenceView),
  transitions: T.Array(AlertTransitionView),
})
export type AlertDetail = Static<typeof AlertDetail>

export const AlertsQuery = T.Object(
  {
    state: T.Optional(literals([...ALERT_STATES, 'all'] as const)),
    kind: T.Optional(literals(ALERT_KINDS)),
    /** a unit code of the caller's subtree (the screen's scope); the caller's own unit when absent */
    scope: T.Optional(T.String({ pattern: '^[0-9A-Za-z]{1,32}$' })),
    limit: T.Optional(T.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
)
export type AlertsQuery = Static<typeof AlertsQuery>

export const AlertIdParams = T.Object({ id: BigintId() })

export const AlertActionBody = T.Union([
  T.Object(
    {
      type: T.Literal('assign'),
      version: Version(),
      userId: T.Optional(Int4Id()),
      unitId: T.Optional(Int4Id()),
      note: T.Optional(T.String({ maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
  T.Object(
    { type: T.Literal('acknowledge'), version: Version(), note: T.String({ minLength: 1, maxLength: 500 }) },
    { additionalProperties: false },
  ),
  T.Object(
    {
      type: T.Literal('close'),
      version: Version(),
      disposition: literals(ALERT_DISPOSITIONS),
      note: T.Optional(T.String({ maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
  T.Object(
    { type: T.Literal('note'), version: Version(), note: T.String({ minLength: 1, maxLength: 500 }) },
    { additionalProperties: false },
  ),
])
export type AlertActionBody = Static<typeof AlertActionBody>

/**
 * `POST /alerts/:id/whistle` (吹哨): a center at street level or above makes one consolidated work
 * order from the alert and summons ≥ 2 units it may dispatch to, one of them leading.
 */
export const AlertWhistleBody = T.Object(
  {
    version: Version(),
    units: T.Array(Int4Id(), { minItems: 2, maxItems: 20, uniqueItems: true }),
    leadUnitId: Int4Id(),
    note: T.String({ minLength: 1, maxLength: 500, pattern: '\\S' }),
  },
  { additionalProperties: false },
)
export type AlertWhistleBody = Static<typeof AlertWhistleBody>

export const AlertWhistleResult = Shape({ order: AlertOrderRef, detail: AlertDetail })
export type AlertWhistleResult = Static<typeof AlertWhistleResult>

/** A rule's thresholds (only those of its kind apply; an edit names the ones it changes). */
export const AlertRuleParams = T.Object(
  {
    minEvents: T.Optional(T.Integer({ minimum: 2, maximum: 100 })),
    radiusMeters: T.Optional(T.Integer({ minimum: 50, maximum: 5000 })),
    days: T.Optional(T.Integer({ minimum: 1, maximum: 90 })),
    baselineDays: T.Optional(T.Integer({ minimum: 7, maximum: 90 })),
    minCount: T.Optional(T.Integer({ minimum: 1, maximum: 10000 })),
    pValue: T.Optional(T.Number({ minimum: 1e-9, maximum: 0.1 })),
  },
  { additionalProperties: false },
)
export type AlertRuleParams = Static<typeof AlertRuleParams>

export const AlertRuleView = Shape({
  kind: literals(ALERT_KINDS),
  enabled: T.Boolean(),
  params: AlertRuleParams,
  version: T.Integer(),
  updatedAt: At(),
})
export type AlertRuleView = Static<typeof AlertRuleView>

export const AlertRuleKindParams = T.Object({ kind: literals(ALERT_KINDS) })

/** `POST /admin/alert-rules/:kind`: switch a rule on or off or change its thresholds, with a reason (change_log). */
export const AlertRuleBody = T.Object(
  {
    version: Version(),
    enabled: T.Optional(T.Boolean()),
    params: T.Optional(AlertRuleParams),
    reason: T.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  },
  { additionalProperties: false },
)
export type AlertRuleBody = Static<typeof AlertRuleBody>
