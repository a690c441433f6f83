/**
 * Deadlines and performance (issue 5): admin edits of the calendar and the SLA rules, KPI queries
 * and their answers, report queries.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { ListEventsQuery } from './api.ts'
import { PrioritySchema, ReviewedKindSchema } from './domain.ts'
import { At, Day, Instant, Nullable, Shape } from './schema.ts'

const Reason = T.String({ minLength: 2, maxLength: 500, description: 'why: kept in the change log' })
const Amount = T.Optional(T.Union([T.Number({ minimum: 0, maximum: 1000 }), T.Null()]))

/** Enter or change one day of the calendar (e.g. next year's State Council notice). */
export const CalendarOverrideBody = T.Object(
  {
    date: Day(),
    kind: T.Union([T.Literal('workday'), T.Literal('holiday')]),
    name: T.Optional(T.String({ maxLength: 40 })),
    reason: Reason,
  },
  { additionalProperties: false },
)
export type CalendarOverrideBody = Static<typeof CalendarOverrideBody>

export const DeleteOverrideBody = T.Object({ date: Day(), reason: Reason }, { additionalProperties: false })
export type DeleteOverrideBody = Static<typeof DeleteOverrideBody>

export const CalendarQuery = T.Object({ year: T.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false })
export type CalendarQuery = Static<typeof CalendarQuery>

/** A rule per category × priority; category '*' is the default. Hours and days add up. */
export const SlaRuleBody = T.Object(
  {
    category: T.String({ minLength: 1, maxLength: 64 }),
    priority: PrioritySchema,
    signHours: Amount,
    signDays: Amount,
    resolveHours: Amount,
    resolveDays: Amount,
    natural: T.Boolean(),
    checkInHours: T.Number({ exclusiveMinimum: 0, maximum: 100 }),
    evaluationDays: T.Integer({ minimum: 1, maximum: 30 }),
    reason: Reason,
  },
  { additionalProperties: false },
)
export type SlaRuleBody = Static<typeof SlaRuleBody>

/** 办结审核 on or off for one kind of handler. */
export const ReviewSettingBody = T.Object(
  { kind: ReviewedKindSchema, review: T.Boolean(), reason: Reason },
  { additionalProperties: false },
)
export type ReviewSettingBody = Static<typeof ReviewSettingBody>

export const ReviewSettingView = Shape({
  kind: ReviewedKindSchema,
  review: T.Boolean(),
  reason: T.String(),
  updatedAt: At(),
})
export type ReviewSettingView = Static<typeof ReviewSettingView>

const DayKind = T.Union([T.Literal('workday'), T.Literal('holiday')])

export const CalendarDayView = Shape({ date: Day(), kind: DayKind, name: Nullable(T.String()), reason: T.String(), updatedAt: At() })
export type CalendarDayView = Static<typeof CalendarDayView>

export const CalendarView = Shape({
  year: T.Integer(),
  /** Whether the shipped official arrangement covers the year (else enter it as overrides). */
  official: T.Boolean(),
  overrides: T.Array(CalendarDayView),
})
export type CalendarView = Static<typeof CalendarView>

export const SlaRuleView = Shape({
  category: T.String(),
  priority: PrioritySchema,
  signHours: Nullable(T.Number()),
  signDays: Nullable(T.Number()),
  resolveHours: Nullable(T.Number()),
  resolveDays: Nullable(T.Number()),
  natural: T.Boolean(),
  checkInHours: T.Number(),
  evaluationDays: T.Integer(),
  reason: T.String(),
  updatedAt: At(),
})
export type SlaRuleView = Static<typeof SlaRuleView>

/** One edit of the SLA settings, as the change log keeps it. */
export const ChangeView = Shape({
  subject: T.String(),
  key: T.String(),
  actor: Nullable(T.String()),
  reason: T.String(),
  before: T.Unknown(),
  after: T.Unknown(),
  at: At(),
})
export type ChangeView = Static<typeof ChangeView>

export const KpiQuery = T.Object(
  {
    scope: T.Optional(T.String({ pattern: '^[0-9A-Z]{6,20}$', description: 'org code; default the caller’s unit' })),
    from: T.Optional(Instant()),
    to: T.Optional(Instant()),
    groupBy: T.Optional(T.Union([T.Literal('unit'), T.Literal('level')])),
    level: T.Optional(T.Integer({ minimum: 1, maximum: 4, description: 'with groupBy=level: roll up to the centers of this level' })),
  },
  { additionalProperties: false },
)
export type KpiQuery = Static<typeof KpiQuery>

/**
 * The language of an export's headers and words (state, priority, channel, rating): the web sends
 * the one its user reads; zh-CN by default.
 */
export const ExportLang = T.Union([T.Literal('zh-CN'), T.Literal('en')])
export type ExportLang = Static<typeof ExportLang>

export const KpiExportQuery = T.Object({ ...KpiQuery.properties, lang: T.Optional(ExportLang) }, { additionalProperties: false })
export type KpiExportQuery = Static<typeof KpiExportQuery>

const { limit: _limit, next: _next, ...listFilters } = ListEventsQuery.properties
/**
 * The events list's filters (not its paging: the export is every matching event), within `scope`:
 * a unit of the caller's subtree (403 outside it) whose events the file holds and whose name it bears.
 */
export const EventsExportQuery = T.Object(
  { ...listFilters, scope: KpiQuery.properties.scope, lang: T.Optional(ExportLang) },
  { additionalProperties: false },
)
export type EventsExportQuery = Static<typeof EventsExportQuery>

/** The figures of a scope over its period, one point per China day or per Monday–Sunday week. */
export const KpiSeriesQuery = T.Object(
  {
    scope: KpiQuery.properties.scope,
    from: T.Optional(Instant()),
    to: T.Optional(Instant()),
    bucket: T.Optional(T.Union([T.Literal('day'), T.Literal('week')], { description: 'default day' })),
  },
  { additionalProperties: false },
)
export type KpiSeriesQuery = Static<typeof KpiSeriesQuery>

const Count = T.Integer()
const Rate = Nullable(T.Number())

/** Counts behind the rates, all from the action log within the period. */
const KpiCountFields = {
  /** assignments received */
  assigned: Count,
  /** assignments whose sign deadline passed or that were handled (taken or passed on) */
  signDue: Count,
  signedOnTime: Count,
  resolved: Count,
  resolvedOnTime: Count,
  /** real ratings: in the app, by the SMS link, on a 回访 call */
  evaluated: Count,
  /** 满意 + 基本满意 */
  satisfied: Count,
  /** closed without a rating when the window lapsed: 默认满意 (app reporters) */
  defaultClosed: Count,
  /** … and 未回访 (callers without an account nobody reached) */
  notReached: Count,
  /** ratings of callers without an account (on a 回访 call or by the SMS link) */
  callbackRated: Count,
  returned: Count,
  reopened: Count,
  /** 办结审核 decisions on the unit's results (approved or sent back) */
  reviewed: Count,
  /** of those, sent back */
  sentBack: Count,
  handlingHours: T.Number(),
  supervised: Count,
  pressed: Count,
  /** deadlines missed (sign, resolve, check-in) */
  overdue: Count,
  missedCheckIns: Count,
}
export const KpiCounts = Shape(KpiCountFields)
export type KpiCounts = Static<typeof KpiCounts>

const KpiRateFields = {
  /** 签收及时率 signedOnTime / signDue */
  signRate: Rate,
  /** 按时办结率 resolvedOnTime / resolved */
  onTimeRate: Rate,
  /** 满意率 satisfied / evaluated */
  satisfactionRate: Rate,
  /** 回访覆盖率 callbackRated / (callbackRated + notReached) */
  callbackCoverage: Rate,
  /** 退单率 returned / assigned */
  returnRate: Rate,
  /** 重办率 reopened / resolved */
  reopenRate: Rate,
  /** 审核退回率 sentBack / reviewed */
  sendBackRate: Rate,
  /** 平均办理时长 (hours, assignment → resolution) */
  avgHandlingHours: Rate,
}
export const KpiRates = Shape(KpiRateFields)
export type KpiRates = Static<typeof KpiRates>

export const KpiRow = Shape({
  ...KpiCountFields,
  ...KpiRateFields,
  unit: Shape({ id: T.Integer(), code: T.String(), name: T.String(), kind: T.String(), level: T.Integer() }),
})
export type KpiRow = Static<typeof KpiRow>

const ScopeName = Shape({ code: T.String(), name: T.String() })

export const KpiReport = Shape({
  scope: ScopeName,
  from: At(),
  to: At(),
  groupBy: T.Union([T.Literal('unit'), T.Literal('level')]),
  level: Nullable(T.Integer()),
  rows: T.Array(KpiRow),
  total: KpiRow,
})
export type KpiReport = Static<typeof KpiReport>

/** One bucket of a series: its China days (inclusive, clipped to the period) and the scope's figures. */
export const KpiPoint = Shape({ ...KpiCountFields, ...KpiRateFields, start: Day(), end: Day() })
export type KpiPoint = Static<typeof KpiPoint>

export const KpiSeries = Shape({
  scope: ScopeName,
  from: At(),
  to: At(),
  bucket: T.Union([T.Literal('day'), T.Literal('week')]),
  points: T.Array(KpiPoint),
})
export type KpiSeries = Static<typeof KpiSeries>

export const RankingView = Shape({
  level: T.Integer(),
  from: At(),
  to: At(),
  /** 红榜: best first */
  red: T.Array(KpiRow),
  /** 黑榜: worst first */
  black: T.Array(KpiRow),
})
export type RankingView = Static<typeof RankingView>

export const PublicKpiQuery = T.Object({ from: T.Optional(Instant()), to: T.Optional(Instant()) }, { additionalProperties: false })
export type PublicKpiQuery = Static<typeof PublicKpiQuery>

/** Aggregates only: no event, no person. */
export const PublicKpiRow = Shape({
  code: T.String(),
  name: T.String(),
  resolved: Count,
  onTimeRate: Rate,
  evaluated: Count,
  satisfactionRate: Rate,
  /** closed without a rating (默认满意 + 未回访), beside the rate */
  unrated: Count,
})
export type PublicKpiRow = Static<typeof PublicKpiRow>

export const PublicKpiView = Shape({ from: At(), to: At(), districts: T.Array(PublicKpiRow), departments: T.Array(PublicKpiRow) })
export type PublicKpiView = Static<typeof PublicKpiView>

export const ReportQuery = T.Object(
  {
    kind: T.Union([T.Literal('daily'), T.Literal('weekly')]),
    date: T.Optional(Day()),
    scope: T.Optional(T.String({ pattern: '^[0-9A-Z]{6,20}$' })),
  },
  { additionalProperties: false },
)
export type ReportQuery = Static<typeof ReportQuery>

export const ReportExportQuery = T.Object({ ...ReportQuery.properties, lang: T.Optional(ExportLang) }, { additionalProperties: false })
export type ReportExportQuery = Static<typeof ReportExportQuery>

/** 日报/周报: the period's figures for a scope, its units one level down and the ranking. */
export const ReportView = Shape({
  kind: T.Union([T.Literal('daily'), T.Literal('weekly')]),
  scope: ScopeName,
  /** China dates, inclusive */
  start: Day(),
  end: Day(),
  summary: Shape({ created: Count, overdueNow: Count, warningNow: Count }),
  kpis: KpiReport,
  ranking: RankingView,
})
export type ReportView = Static<typeof ReportView>
