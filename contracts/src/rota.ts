/**
 * Departments stationed at the center (部门轮流入驻, issue 19 item 5): the city center's weekly rota of
 * the city departments stationed in its hall, its history, a suggestion from the categories with the
 * most open matters, who is on duty today, and the hall's list of dispatches to stationed departments
 * (to be signed by the end of the same working day). A district center's 政法 units (court,
 * procuratorate, public security, justice) are stationed there permanently, every working day.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { literals } from './domain.ts'
import { Day, Int4Id, Nullable, Shape } from './schema.ts'
import { UnitRef } from './views.ts'

/** The department functions a district center has stationed permanently (政法: 法院、检察院、公安、司法局). */
export const STATIONED_FUNCTIONS = ['court', 'procuratorate', 'public_security', 'justice'] as const

/** The most departments one day of the rota holds. */
export const ROTA_DAY_MAX = 12

export const RotaWeekQuery = T.Object(
  { week: T.Optional(Day('any day of the week (its Monday is the week); this week by default')) },
  { additionalProperties: false },
)
export type RotaWeekQuery = Static<typeof RotaWeekQuery>

export const RotaDay = Shape({
  date: T.String(),
  /** a working day of the calendar: only those hold departments */
  working: T.Boolean(),
  units: T.Array(UnitRef),
})
export type RotaDay = Static<typeof RotaDay>

export const RotaWeekView = Shape({
  /** the week's Monday */
  week: T.String(),
  /** 0 for a week never edited */
  version: T.Integer(),
  days: T.Array(RotaDay),
  /** the city departments the rota may hold */
  candidates: T.Array(UnitRef),
  /** whether the caller may edit it (the city center's staff, admins) */
  editable: T.Boolean(),
})
export type RotaWeekView = Static<typeof RotaWeekView>

export const RotaWeekParams = T.Object({ week: Day("the week's Monday") }, { additionalProperties: false })

export const RotaWeekBody = T.Object(
  {
    /** the week's version as read (0 for a week never edited); a stale one is 409 */
    version: T.Integer({ minimum: 0, maximum: 2_147_483_647 }),
    days: T.Array(
      T.Object({ date: Day(), unitIds: T.Array(Int4Id(), { maxItems: ROTA_DAY_MAX, uniqueItems: true }) }, { additionalProperties: false }),
      { maxItems: 7 },
    ),
    reason: T.Optional(T.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
)
export type RotaWeekBody = Static<typeof RotaWeekBody>

/** One edit of a week: who, when, why, and per day the departments added and removed. */
export const RotaChangeView = Shape({
  id: T.Integer(),
  week: T.String(),
  at: T.String(),
  username: T.String(),
  reason: Nullable(T.String()),
  days: T.Array(Shape({ date: T.String(), added: T.Array(UnitRef), removed: T.Array(UnitRef) })),
})
export type RotaChangeView = Static<typeof RotaChangeView>

/** The rota as the categories with the most open matters of the last weeks would have it; the editor accepts or changes it. */
export const RotaSuggestionView = Shape({
  week: T.String(),
  /** the weeks of open matters counted */
  weeks: T.Integer(),
  days: T.Array(Shape({ date: T.String(), units: T.Array(UnitRef) })),
  /** why: each suggested department with the open matters of the categories it owns */
  reasons: T.Array(Shape({ unit: UnitRef, open: T.Integer(), categories: T.Array(T.String()) })),
})
export type RotaSuggestionView = Static<typeof RotaSuggestionView>

export const RotaDutyQuery = T.Object({ scope: T.Optional(T.String({ pattern: '^[0-9]{6,12}$' })) }, { additionalProperties: false })
export type RotaDutyQuery = Static<typeof RotaDutyQuery>

/** Who is stationed at a center today: the rota's departments (city) or the permanent 政法 units (district). */
export const RotaDutyView = Shape({
  date: T.String(),
  center: Nullable(UnitRef),
  units: T.Array(Shape({ unit: UnitRef, permanent: T.Boolean() })),
})
export type RotaDutyView = Static<typeof RotaDutyView>

export const RotaHallQuery = T.Object({ date: T.Optional(Day()) }, { additionalProperties: false })
export type RotaHallQuery = Static<typeof RotaHallQuery>

export const ROTA_DISPATCH_STATES = ['pending', 'signed', 'late'] as const
export type RotaDispatchState = (typeof ROTA_DISPATCH_STATES)[number]

/** A dispatch to a department stationed at the caller's center, to be signed by the end of the same working day. */
export const RotaDispatchView = Shape({
  eventId: T.Integer(),
  number: T.String(),
  unit: UnitRef,
  dispatchedAt: T.String(),
  signBy: T.String(),
  signedAt: Nullable(T.String()),
  state: literals(ROTA_DISPATCH_STATES),
})
export type RotaDispatchView = Static<typeof RotaDispatchView>

export const RotaHallView = Shape({
  date: T.String(),
  center: UnitRef,
  /** the departments stationed there that day */
  stationed: T.Array(Shape({ unit: UnitRef, permanent: T.Boolean() })),
  items: T.Array(RotaDispatchView),
})
export type RotaHallView = Static<typeof RotaHallView>
