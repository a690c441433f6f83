/**
 * The rollups of migrations 0002 and 0011, kept exact without hot rows: a pure `addDeltas(into,
 * change, areas)` says what each change adds, and `writeDeltas`, inside the change's transaction,
 * appends a transaction's deltas to `rollup_pending` (0020) in one INSERT; the fold job (fold.ts)
 * moves them into the rollup tables, and readers read folded + pending (the *_exact views). The
 * bench's bulk loader sums the same deltas in memory and writes them straight into the rollup
 * tables with `writeFolded`.
 */
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import { chinaDateOf } from '../../china-time.ts'
import type { AppContext, EventChange } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import type { EventState } from '../events/lifecycle.ts'
import type { OrgDirectory } from '../orgs/directory.ts'

/** A row of one of 0002's tables as the deltas hold it (the tables are in db/types.ts, generated). */
type RollupRow<T extends 'rollup_daily' | 'rollup_created' | 'rollup_unit_day' | 'rollup_unit_state' | 'rollup_unit_due'> = Selectable<
  DB[T]
>

export const OPEN_STATES: ReadonlyArray<EventState['state']> = ['assigned', 'in_progress']
/** Real ratings that count as satisfied; a lapsed window (默认满意, 未回访) is no rating (issue 18 item 3). */
const SATISFIED = new Set(['satisfied', 'basically_satisfied'])
/** The counts of a `rollup_unit_day` row (0002, 0037), in the order `rollup_pending` holds them too. */
export const UNIT_DAY_COUNTS = [
  'created',
  'resolved',
  'resolved_on_time',
  'evaluated',
  'satisfied',
  'default_closed',
  'not_reached',
  'callback_rated',
] as const
type UnitDayCounts = Record<(typeof UNIT_DAY_COUNTS)[number], number>
const noCounts = (): UnitDayCounts => Object.fromEntries(UNIT_DAY_COUNTS.map((c) => [c, 0])) as UnitDayCounts
/** The advisory lock of the rollup tables' one writer at a time: the fold job, or a bulk `writeFolded`. */
export const FOLD_LOCK = 'xiaolan_rollup_fold'
const HOUR_MS = 3600_000

/**
 * The row of an area's open events with a deadline, whatever the hour (0007): overdue = it minus
 * the hours still ahead, so old hours are never read.
 */
export const ALL_DUE = new Date('9999-12-31T00:00:00Z')

/** The end of the hour a deadline falls in: the bucket counts as overdue once that hour is over. */
export function dueHour(deadline: string | Date): Date {
  return new Date(Math.ceil(new Date(deadline).getTime() / HOUR_MS) * HOUR_MS)
}

/** What one change adds to each rollup, keyed rows with signed counts. */
export interface RollupDeltas {
  daily: Map<string, RollupRow<'rollup_daily'>>
  created: Map<string, RollupRow<'rollup_created'>>
  unitDay: Map<string, RollupRow<'rollup_unit_day'>>
  state: Map<string, RollupRow<'rollup_unit_state'>>
  due: Map<string, RollupRow<'rollup_unit_due'>>
}

export const emptyDeltas = (): RollupDeltas => ({
  daily: new Map(),
  created: new Map(),
  unitDay: new Map(),
  state: new Map(),
  due: new Map(),
})

/**
 * The area centers whose subtree holds an event: city, district, street, community (fewer when
 * the event has no place yet). Cached per community: the tree changes rarely and ids stay.
 */
export function areaResolver(orgs: OrgDirectory) {
  const cache = new Map<number, number[]>()
  return (event: { communityId: number | null; districtId: number | null }): number[] => {
    const leaf = event.communityId ?? event.districtId
    if (leaf === null) return [orgs.root().id]
    let ids = cache.get(leaf)
    if (!ids) {
      const unit = orgs.unit(leaf)
      const codes = unit ? unit.path.split('.').filter(Boolean) : []
      ids = codes.map((code) => orgs.byCode(code)?.id).filter((id): id is number => id !== undefined)
      if (ids.length === 0) ids = [orgs.root().id]
      cache.set(leaf, ids)
    }
    return ids
  }
}

/**
 * The first deadline an open event can miss, as the SLA status counts it (sla/status.ts): signing
 * while assigned, resolving while assigned or in progress. (Whistle check-ins are left out.)
 */
export function firstDeadline(s: EventState | null): string | null {
  if (s === null || !OPEN_STATES.includes(s.state)) return null
  const open = [s.state === 'assigned' ? s.signDeadline : null, s.resolveDeadline].filter((d): d is string => d !== null)
  if (open.length === 0) return null
  return open.reduce((a, b) => (new Date(a) <= new Date(b) ? a : b))
}

/** Adds one change's contribution to `into` (a fresh or a running sum). */
export function addDeltas(into: RollupDeltas, change: Omit<EventChange, 'entryId'>, areas: number[]): RollupDeltas {
  const { event, before, after, entry } = change
  const created = chinaDateOf(event.createdAt)
  // the daily and created rows are kept by top-level category: a recategorize across tops moves the event's counts
  const top = (s: EventState) => s.category.split('.')[0]
  const stateMoves: Array<[string, number]> = []
  const placed: Array<[category: string, state: string, n: number]> = []
  const createdIn: Array<[category: string, n: number]> = []
  if (before === null) {
    stateMoves.push([after.state, 1])
    placed.push([top(after), after.state, 1])
    createdIn.push([top(after), 1])
  } else {
    if (before.state !== after.state) stateMoves.push([before.state, -1], [after.state, 1])
    if (before.state !== after.state || top(before) !== top(after))
      placed.push([top(before), before.state, -1], [top(after), after.state, 1])
    if (top(before) !== top(after)) createdIn.push([top(before), -1], [top(after), 1])
  }

  const day = chinaDateOf(entry.at)
  const activity = noCounts()
  if (before === null) activity.created = 1
  if (after.state === 'resolved' && before?.state !== 'resolved') {
    activity.resolved = 1
    const deadline = before?.resolveDeadline ?? after.resolveDeadline
    if (deadline === null || new Date(entry.at) <= new Date(deadline)) activity.resolved_on_time = 1
  }
  if (after.evaluation !== null && after.evaluation !== (before?.evaluation ?? null)) {
    if (after.evaluation === 'default_satisfied') activity.default_closed = 1
    else if (after.evaluation === 'not_reached') activity.not_reached = 1
    else {
      activity.evaluated = 1
      if (SATISFIED.has(after.evaluation)) activity.satisfied = 1
      // a caller's rating: an operator's 回访 call, or the system for the holder of the SMS link
      if (entry.actorKind !== 'resident') activity.callback_rated = 1
    }
  }
  const active = Object.values(activity).some((v) => v !== 0)

  const firstBefore = firstDeadline(before)
  const firstAfter = firstDeadline(after)
  const dueBefore = firstBefore ? dueHour(firstBefore) : null
  const dueAfter = firstAfter ? dueHour(firstAfter) : null
  const dueMoves: Array<[Date, number]> = []
  if (dueBefore?.getTime() !== dueAfter?.getTime()) {
    if (dueBefore) dueMoves.push([dueBefore, -1])
    if (dueAfter) dueMoves.push([dueAfter, 1])
    if (!dueBefore || !dueAfter) dueMoves.push([ALL_DUE, dueAfter ? 1 : -1])
  }

  for (const unit_id of areas) {
    for (const [category, n] of createdIn) {
      bump(into.created, `${unit_id}|${created}|${category}|${event.channel}`, {
        unit_id,
        day: created,
        category,
        channel: event.channel,
        n,
      })
    }
    for (const [category, state, n] of placed) {
      bump(into.daily, `${unit_id}|${created}|${category}|${event.channel}|${state}`, {
        unit_id,
        day: created,
        category,
        channel: event.channel,
        state,
        n,
      })
    }
    for (const [state, n] of stateMoves) bump(into.state, `${unit_id}|${state}`, { unit_id, state, n })
    if (active) {
      const key = `${unit_id}|${day}`
      const row = into.unitDay.get(key) ?? { unit_id, day, ...noCounts() }
      for (const c of UNIT_DAY_COUNTS) row[c] += activity[c]
      into.unitDay.set(key, row)
    }
    for (const [due_hour, n] of dueMoves) bump(into.due, `${unit_id}|${due_hour.getTime()}`, { unit_id, due_hour, n })
  }
  return into
}

function bump<R extends { n: number }>(map: Map<string, R>, key: string, row: R) {
  const found = map.get(key)
  if (found) found.n += row.n
  else map.set(key, { ...row })
}

/** The rows of `deltas` that change a count, in the shape of `rollup_pending` (0020). */
function pendingRows(deltas: RollupDeltas) {
  const rows = {
    kind: [] as string[],
    unit_id: [] as number[],
    day: [] as Array<string | null>,
    category: [] as Array<string | null>,
    channel: [] as Array<string | null>,
    state: [] as Array<string | null>,
    due_hour: [] as Array<Date | null>,
    n: [] as number[],
    counts: UNIT_DAY_COUNTS.map(() => [] as number[]),
  }
  const push = (
    kind: string,
    r: { unit_id: number; day?: string; category?: string; channel?: string; state?: string; due_hour?: Date; n?: number },
    counts: UnitDayCounts = noCounts(),
  ) => {
    rows.kind.push(kind)
    rows.unit_id.push(r.unit_id)
    rows.day.push(r.day ?? null)
    rows.category.push(r.category ?? null)
    rows.channel.push(r.channel ?? null)
    rows.state.push(r.state ?? null)
    rows.due_hour.push(r.due_hour ?? null)
    rows.n.push(r.n ?? 0)
    for (const [i, c] of UNIT_DAY_COUNTS.entries()) rows.counts[i].push(counts[c])
  }
  for (const r of deltas.daily.values()) if (r.n !== 0) push('daily', r)
  for (const r of deltas.created.values()) if (r.n !== 0) push('created', r)
  for (const r of deltas.state.values()) if (r.n !== 0) push('unit_state', r)
  for (const r of deltas.unitDay.values()) push('unit_day', { unit_id: r.unit_id, day: r.day }, r)
  for (const r of deltas.due.values()) if (r.n !== 0) push('unit_due', r)
  return rows
}

/**
 * The listener's write: appends all of a transaction's deltas to `rollup_pending` in one INSERT
 * (one array per column, so the statement's size does not grow with the rows). No upsert and no
 * lock: concurrent writers never wait on each other here, and the fold job (fold.ts) moves the rows
 * into the rollup tables after they commit.
 */
export async function writeDeltas(db: Kysely<DB> | Transaction<DB>, deltas: RollupDeltas) {
  const r = pendingRows(deltas)
  if (r.kind.length === 0) return
  await sql`
    insert into rollup_pending (kind, unit_id, day, category, channel, state, due_hour, n, ${sql.join(UNIT_DAY_COUNTS.map((c) => sql.id(c)))})
    select * from unnest(${r.kind}::text[], ${r.unit_id}::int[], ${r.day}::date[], ${r.category}::text[],
      ${r.channel}::text[], ${r.state}::text[], ${r.due_hour}::timestamptz[], ${r.n}::int[],
      ${sql.join(r.counts.map((col) => sql`${col}::int[]`))})`.execute(db)
}

/**
 * Adds `deltas` straight into the rollup tables, one multi-row upsert per table: for bulk sums
 * written where no app runs (the bench's loader, bench/load.ts), not for the write path. It holds
 * the fold's lock to commit, so the rollup tables keep one writer at a time (no deadlock with a
 * fold, whose rows come in another order).
 */
export async function writeFolded(db: Kysely<DB> | Transaction<DB>, deltas: RollupDeltas) {
  const sorted = <R>(map: Map<string, R>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r)
  const touched = [deltas.daily, deltas.created, deltas.state, deltas.unitDay, deltas.due].some((m) => m.size > 0)
  if (touched) await sql`select pg_advisory_xact_lock(hashtext(${FOLD_LOCK}))`.execute(db)
  const daily = sorted(deltas.daily).filter((r) => r.n !== 0)
  if (daily.length) {
    await db
      .insertInto('rollup_daily')
      .values(daily)
      .onConflict((oc) =>
        oc
          .columns(['unit_id', 'day', 'category', 'channel', 'state'])
          .doUpdateSet((eb) => ({ n: eb('rollup_daily.n', '+', eb.ref('excluded.n')) })),
      )
      .execute()
  }
  const fresh = sorted(deltas.created)
  if (fresh.length) {
    await db
      .insertInto('rollup_created')
      .values(fresh)
      .onConflict((oc) =>
        oc
          .columns(['unit_id', 'day', 'category', 'channel'])
          .doUpdateSet((eb) => ({ n: eb('rollup_created.n', '+', eb.ref('excluded.n')) })),
      )
      .execute()
  }
  const state = sorted(deltas.state).filter((r) => r.n !== 0)
  if (state.length) {
    await db
      .insertInto('rollup_unit_state')
      .values(state)
      .onConflict((oc) =>
        oc.columns(['unit_id', 'state']).doUpdateSet((eb) => ({ n: eb('rollup_unit_state.n', '+', eb.ref('excluded.n')) })),
      )
      .execute()
  }
  const unitDay = sorted(deltas.unitDay)
  if (unitDay.length) {
    await db
      .insertInto('rollup_unit_day')
      .values(unitDay)
      .onConflict((oc) =>
        oc
          .columns(['unit_id', 'day'])
          .doUpdateSet((eb) =>
            Object.fromEntries(UNIT_DAY_COUNTS.map((c) => [c, eb(`rollup_unit_day.${c}`, '+', eb.ref(`excluded.${c}`))])),
          ),
      )
      .execute()
  }
  const due = sorted(deltas.due).filter((r) => r.n !== 0)
  if (due.length) {
    await db
      .insertInto('rollup_unit_due')
      .values(due)
      .onConflict((oc) =>
        oc.columns(['unit_id', 'due_hour']).doUpdateSet((eb) => ({ n: eb('rollup_unit_due.n', '+', eb.ref('excluded.n')) })),
      )
      .execute()
    // hours whose events are all done go: the overdue sum then reads only the hours of open events
    await db
      .deleteFrom('rollup_unit_due')
      .where('n', '=', 0)
      .where('unit_id', 'in', [...new Set(due.map((r) => r.unit_id))])
      .where(
        'due_hour',
        'in',
        [...new Set(due.map((r) => r.due_hour.getTime()))].map((t) => new Date(t)),
      )
      .execute()
  }
}

/** The listener registered on `ctx.onEventChange` (reads `ctx.orgs` late: the directory is reloaded on changes). */
export function rollupListener(ctx: AppContext) {
  let orgs = ctx.orgs
  let areasOf = areaResolver(orgs)
  return async function keepRollups(tx: Transaction<DB>, changes: readonly EventChange[]) {
    if (ctx.orgs !== orgs) {
      orgs = ctx.orgs
      areasOf = areaResolver(orgs)
    }
    const deltas = emptyDeltas()
    for (const change of changes) addDeltas(deltas, change, areasOf(change.event))
    await writeDeltas(tx, deltas)
  }
}
