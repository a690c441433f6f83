/**
 * The SLA settings held in memory: the working-day calendar with the admin's overrides, the
 * rules per category × priority and who has its resolutions reviewed (办结审核). Loaded at start and reloaded on every instance when an admin
 * edits them (NOTIFY xiaolan_sla), so a deadline never waits for a restart.
 */
import type { Priority, ReviewedKind } from '@xiaolan/contracts'
import { type Kysely, sql } from 'kysely'
import type { DB } from '../../db/types.ts'
import { type CalendarOverride, createCalendar, type SlaRule, type WorkingCalendar } from './calendar.ts'

export const SLA_CHANNEL = 'xiaolan_sla'
/** The fallback category of the rules table. */
export const ANY_CATEGORY = '*'

export interface EffectiveRule extends SlaRule {
  natural: boolean
  checkInHours: number
  evaluationDays: number
  /** The rule row that applied: the category itself, its top-level category, or '*'. */
  categoryCode: string
}

export interface SlaSettings {
  calendar: WorkingCalendar
  /** The rule of a category × priority: the category's own, else its top-level one's, else the default. */
  ruleFor(category: string, priority: string): EffectiveRule
  /** 办结审核: whether this kind of handler's resolutions go to the dispatching center for review first. */
  reviews(kind: ReviewedKind): boolean
}

const num = (v: unknown) => (v === null || v === undefined ? undefined : Number(v))

export async function loadSlaSettings(db: Kysely<DB>): Promise<SlaSettings> {
  const [overrides, rules, reviewRows] = await Promise.all([
    db
      .selectFrom('calendar_overrides')
      .select([sql<string>`to_char(date, 'YYYY-MM-DD')`.as('date'), 'kind', 'name'])
      .orderBy('date')
      .execute(),
    db.selectFrom('sla_rules').selectAll().execute(),
    db.selectFrom('review_settings').select(['kind', 'review']).execute(),
  ])
  // 0018 seeds a row per kind of REVIEWED_KINDS; no other kind is ever reviewed
  const reviewed = new Set(reviewRows.filter((r) => r.review).map((r) => r.kind))
  const calendar = createCalendar(
    overrides.map((o) => ({ date: o.date, kind: o.kind as CalendarOverride['kind'], name: o.name ?? undefined })),
  )
  const byKey = new Map<string, EffectiveRule>()
  for (const r of rules) {
    byKey.set(`${r.category_code}/${r.priority}`, {
      categoryCode: r.category_code,
      signHours: num(r.sign_hours),
      signDays: num(r.sign_days),
      resolveHours: num(r.resolve_hours),
      resolveDays: num(r.resolve_days),
      natural: r.natural_time,
      checkInHours: Number(r.check_in_hours),
      evaluationDays: Number(r.evaluation_days),
    })
  }
  const fallback: Record<Priority, EffectiveRule> = {
    urgent: { categoryCode: ANY_CATEGORY, signHours: 2, resolveHours: 24, natural: true, checkInHours: 2, evaluationDays: 3 },
    high: { categoryCode: ANY_CATEGORY, signHours: 4, resolveDays: 3, natural: false, checkInHours: 2, evaluationDays: 3 },
    normal: { categoryCode: ANY_CATEGORY, signDays: 1, resolveDays: 5, natural: false, checkInHours: 2, evaluationDays: 3 },
  }
  return {
    calendar,
    ruleFor(category, priority) {
      const top = category.split('.')[0]
      return (
        byKey.get(`${category}/${priority}`) ??
        byKey.get(`${top}/${priority}`) ??
        byKey.get(`${ANY_CATEGORY}/${priority}`) ??
        fallback[priority as Priority] ??
        fallback.normal
      )
    },
    reviews: (kind) => reviewed.has(kind),
  }
}
