/**
 * Admin edits of the calendar and the SLA rules. Each edit records who, when and why in
 * change_log (before and after), then every instance reloads its settings (NOTIFY xiaolan_sla).
 */
import {
  type CalendarOverrideBody,
  type CalendarView,
  type ChangeView,
  type DeleteOverrideBody,
  PRIORITIES,
  REVIEWED_KINDS,
  type ReviewSettingBody,
  type ReviewSettingView,
  type SlaRuleBody,
  type SlaRuleView,
} from '@xiaolan/contracts'
import { type Selectable, sql, type Transaction } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { DB, SlaRulesTable } from '../../db/types.ts'
import { invalid, notFound } from '../../errors.ts'
import { usernames } from '../accounts/users.ts'
import { changes, recordChange as writeChange } from '../audit/log.ts'
import { OFFICIAL_CALENDAR_YEARS } from './calendar.ts'
import { ANY_CATEGORY, loadSlaSettings, SLA_CHANNEL, type SlaSettings } from './settings.ts'

/** Reloads the calendar and the rules of this instance. */
export async function reloadSla(app: AppContext) {
  installSla(app, await loadSlaSettings(app.database.db))
}

function installSla(app: AppContext, settings: SlaSettings) {
  app.sla = settings
  app.calendar = settings.calendar
}

async function recordChange(
  tx: Transaction<DB>,
  change: { subject: string; key: string; actor: number; reason: string; before: unknown; after: unknown },
) {
  await writeChange(tx, {
    subject: change.subject,
    key: change.key,
    actorUserId: change.actor,
    reason: change.reason,
    before: change.before,
    after: change.after,
  })
  await sql`select pg_notify(${SLA_CHANNEL}, ${change.subject})`.execute(tx)
}

const iso = (d: Date | string) => new Date(d).toISOString()

export async function calendarYear(app: AppContext, year: number): Promise<CalendarView> {
  const rows = await app.database.db
    .selectFrom('calendar_overrides')
    .select([sql<string>`to_char(date, 'YYYY-MM-DD')`.as('date'), 'kind', 'name', 'reason', 'updated_at'])
    .where('year', '=', year)
    .orderBy('date')
    .execute()
  return {
    year,
    official: OFFICIAL_CALENDAR_YEARS.includes(year),
    overrides: rows.map((r) => ({
      date: r.date,
      kind: r.kind as 'workday' | 'holiday',
      name: r.name,
      reason: r.reason,
      updatedAt: iso(r.updated_at),
    })),
  }
}

/** A real calendar day within the years a deadline can fall in (as `GET /calendar` offers them). */
function checkDate(date: string) {
  const d = new Date(`${date}T00:00:00Z`)
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) throw invalid('date', `No such date ${date}`)
  const year = d.getUTCFullYear()
  if (year < 2000 || year > 2100) throw invalid('date', 'Give a date from 2000 to 2100')
}

export async function putOverride(app: AppContext, actor: number, body: CalendarOverrideBody) {
  checkDate(body.date)
  const settings = await app.database.db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('calendar_overrides')
      .select(['kind', 'name'])
      .where('date', '=', body.date)
      .forUpdate()
      .executeTakeFirst()
    const after = { kind: body.kind, name: body.name?.trim() || null }
    await tx
      .insertInto('calendar_overrides')
      .values({ date: body.date, ...after, year: Number(body.date.slice(0, 4)), updated_by: actor, reason: body.reason.trim() })
      .onConflict((oc) =>
        oc.column('date').doUpdateSet({ ...after, updated_by: actor, updated_at: sql`now()`, reason: body.reason.trim() }),
      )
      .execute()
    await recordChange(tx, {
      subject: 'calendar_override',
      key: body.date,
      actor,
      reason: body.reason.trim(),
      before: before ?? null,
      after,
    })
    // built before commit: settings that cannot be loaded are never written
    return loadSlaSettings(tx)
  })
  installSla(app, settings)
}

export async function deleteOverride(app: AppContext, actor: number, body: DeleteOverrideBody) {
  checkDate(body.date)
  const settings = await app.database.db.transaction().execute(async (tx) => {
    const before = await tx.deleteFrom('calendar_overrides').where('date', '=', body.date).returning(['kind', 'name']).executeTakeFirst()
    if (!before) throw notFound('Calendar override')
    await recordChange(tx, { subject: 'calendar_override', key: body.date, actor, reason: body.reason.trim(), before, after: null })
    return loadSlaSettings(tx)
  })
  installSla(app, settings)
}

export async function listRules(app: AppContext): Promise<SlaRuleView[]> {
  const rows = await app.database.db.selectFrom('sla_rules').selectAll().orderBy('category_code').execute()
  const rank = (p: string) => PRIORITIES.indexOf(p as (typeof PRIORITIES)[number])
  return rows.sort((a, b) => a.category_code.localeCompare(b.category_code) || rank(a.priority) - rank(b.priority)).map(ruleView)
}

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v))

function ruleView(r: Selectable<SlaRulesTable>): SlaRuleView {
  return {
    category: r.category_code,
    priority: r.priority as SlaRuleView['priority'],
    signHours: n(r.sign_hours),
    signDays: n(r.sign_days),
    resolveHours: n(r.resolve_hours),
    resolveDays: n(r.resolve_days),
    natural: r.natural_time,
    checkInHours: Number(r.check_in_hours),
    evaluationDays: Number(r.evaluation_days),
    reason: r.reason,
    updatedAt: iso(r.updated_at),
  }
}

export async function putRule(app: AppContext, actor: number, body: SlaRuleBody): Promise<SlaRuleView> {
  if (body.category !== ANY_CATEGORY && !app.categories.get(body.category)) throw invalid('category', `Unknown category ${body.category}`)
  if ((body.signHours ?? 0) + (body.signDays ?? 0) <= 0) throw invalid('signHours', 'Give a sign time in hours or days')
  if ((body.resolveHours ?? 0) + (body.resolveDays ?? 0) <= 0) throw invalid('resolveDays', 'Give a resolve time in hours or days')
  const values = {
    sign_hours: body.signHours ?? null,
    sign_days: body.signDays ?? null,
    resolve_hours: body.resolveHours ?? null,
    resolve_days: body.resolveDays ?? null,
    natural_time: body.natural,
    check_in_hours: body.checkInHours,
    evaluation_days: body.evaluationDays,
    updated_by: actor,
    reason: body.reason.trim(),
  }
  const saved = await app.database.db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('sla_rules')
      .selectAll()
      .where('category_code', '=', body.category)
      .where('priority', '=', body.priority)
      .forUpdate()
      .executeTakeFirst()
    const row = await tx
      .insertInto('sla_rules')
      .values({ category_code: body.category, priority: body.priority, ...values })
      .onConflict((oc) => oc.columns(['category_code', 'priority']).doUpdateSet({ ...values, updated_at: sql`now()` }))
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordChange(tx, {
      subject: 'sla_rule',
      key: `${body.category}/${body.priority}`,
      actor,
      reason: body.reason.trim(),
      before: before ? ruleView(before) : null,
      after: ruleView(row),
    })
    return { row, settings: await loadSlaSettings(tx) }
  })
  installSla(app, saved.settings)
  return ruleView(saved.row)
}

/** 办结审核 per kind of handler, in REVIEWED_KINDS order (0018 seeds a row for each). */
export async function listReviewSettings(app: AppContext): Promise<ReviewSettingView[]> {
  const rows = await app.database.db.selectFrom('review_settings').selectAll().execute()
  return rows
    .map((r) => ({ kind: r.kind as ReviewSettingView['kind'], review: r.review, reason: r.reason, updatedAt: iso(r.updated_at) }))
    .sort((a, b) => REVIEWED_KINDS.indexOf(a.kind) - REVIEWED_KINDS.indexOf(b.kind))
}

/** Turns 办结审核 on or off for one kind of handler; resolutions from then on follow it (one under review stays). */
export async function putReviewSetting(app: AppContext, actor: number, body: ReviewSettingBody): Promise<ReviewSettingView[]> {
  const reason = body.reason.trim()
  const settings = await app.database.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('review_settings').select('review').where('kind', '=', body.kind).forUpdate().executeTakeFirst()
    await tx
      .insertInto('review_settings')
      .values({ kind: body.kind, review: body.review, reason, updated_by: actor })
      .onConflict((oc) => oc.column('kind').doUpdateSet({ review: body.review, reason, updated_by: actor, updated_at: sql`now()` }))
      .execute()
    await recordChange(tx, {
      subject: 'review_setting',
      key: body.kind,
      actor,
      reason,
      before: before ? { review: before.review } : null,
      after: { review: body.review },
    })
    return loadSlaSettings(tx)
  })
  installSla(app, settings)
  return listReviewSettings(app)
}

export async function slaHistory(app: AppContext): Promise<ChangeView[]> {
  const rows = await changes(app.database.db, ['calendar_override', 'sla_rule', 'review_setting'], 200)
  const names = await usernames(
    app.database.db,
    rows.map((r) => r.actor_user_id),
  )
  return rows.map((r) => ({
    subject: r.subject,
    key: r.subject_key,
    actor: r.actor_user_id === null ? null : (names.get(r.actor_user_id) ?? null),
    reason: r.reason,
    before: r.before,
    after: r.after,
    at: iso(r.at),
  }))
}
