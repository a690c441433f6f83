/**
 * Deadlines and performance (issue 5): admin edits of the calendar and the SLA rules, KPI queries
 * and their answers, report queries.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { PrioritySchema } from './api.ts'
import { Day, Instant } from './schema.ts'

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

export interface CalendarDayView {
  date: string
  kind: 'workday' | 'holiday'
  name: string | null
  reason: string
  updatedAt: string
}

export interface CalendarView {
  year: number
  /** Whether the shipped official arrangement covers the year (else enter it as overrides). */
  official: boolean
  overrides: CalendarDayView[]
}

export interface SlaRuleView {
  category: string
  priority: 'urgent' | 'high' | 'normal'
  signHours: number | null
  signDays: number | null
  resolveHours: number | null
  resolveDays: number | null
  natural: boolean
  checkInHours: number
  evaluationDays: number
  reason: string
  updatedAt: string
}

export interface ChangeView {
  subject: string
  key: string
  actor: string | null
  reason: string
  before: unknown
  after: unknown
  at: string
}

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

/** Counts behind the rates, all from the action log within the period. */
export interface KpiCounts {
  /** assignments received */
  assigned: number
  /** assignments whose sign deadline passed or that were handled (taken or passed on) */
  signDue: number
  signedOnTime: number
  resolved: number
  resolvedOnTime: number
  evaluated: number
  /** 满意 + 基本满意 + 默认满意 */
  satisfied: number
  returned: number
  reopened: number
  handlingHours: number
  supervised: number
  pressed: number
  /** deadlines missed (sign, resolve, check-in) */
  overdue: number
  missedCheckIns: number
}

export interface KpiRates {
  /** 签收及时率 signedOnTime / signDue */
  signRate: number | null
  /** 按时办结率 resolvedOnTime / resolved */
  onTimeRate: number | null
  /** 满意率 satisfied / evaluated */
  satisfactionRate: number | null
  /** 退单率 returned / assigned */
  returnRate: number | null
  /** 重办率 reopened / resolved */
  reopenRate: number | null
  /** 平均办理时长 (hours, assignment → resolution) */
  avgHandlingHours: number | null
}

export interface KpiRow extends KpiCounts, KpiRates {
  unit: { id: number; code: string; name: string; kind: string; level: number }
}

export interface KpiReport {
  scope: { code: string; name: string }
  from: string
  to: string
  groupBy: 'unit' | 'level'
  level: number | null
  rows: KpiRow[]
  total: KpiRow
}

export interface RankingView {
  level: number
  from: string
  to: string
  /** 红榜: best first */
  red: KpiRow[]
  /** 黑榜: worst first */
  black: KpiRow[]
}

export const PublicKpiQuery = T.Object({ from: T.Optional(Instant()), to: T.Optional(Instant()) }, { additionalProperties: false })
export type PublicKpiQuery = Static<typeof PublicKpiQuery>

/** Aggregates only: no event, no person. */
export interface PublicKpiRow {
  code: string
  name: string
  resolved: number
  onTimeRate: number | null
  evaluated: number
  satisfactionRate: number | null
}

export interface PublicKpiView {
  from: string
  to: string
  districts: PublicKpiRow[]
  departments: PublicKpiRow[]
}

export const ReportQuery = T.Object(
  {
    kind: T.Union([T.Literal('daily'), T.Literal('weekly')]),
    date: T.Optional(Day()),
    scope: T.Optional(T.String({ pattern: '^[0-9A-Z]{6,20}$' })),
  },
  { additionalProperties: false },
)
export type ReportQuery = Static<typeof ReportQuery>

/** 日报/周报: the period's figures for a scope, its units one level down and the ranking. */
export interface ReportView {
  kind: 'daily' | 'weekly'
  scope: { code: string; name: string }
  /** China dates, inclusive */
  start: string
  end: string
  summary: { created: number; overdueNow: number; warningNow: number }
  kpis: KpiReport
  ranking: RankingView
}
