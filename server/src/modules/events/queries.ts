/** The SQL of the events module: row ↔ projection, scope, and the log. */
import { type ExpressionBuilder, type Kysely, type QueryCreator, type Selectable, sql, type Transaction } from 'kysely'
import type { DB, EventActionsTable, EventsTable } from '../../db/types.ts'
import type { Principal } from '../accounts/sessions.ts'
import type { OrgDirectory } from '../orgs/directory.ts'
import type { EventState, LogEntry } from './lifecycle.ts'

export type EventRow = Selectable<EventsTable>

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

export function toState(row: EventRow): EventState {
  return {
    state: row.state as EventState['state'],
    category: row.category_code,
    currentUnitId: row.current_unit_id,
    dispatcherUnitId: row.dispatcher_unit_id,
    lastHandlerUnitId: row.last_handler_unit_id,
    reporterResidentId: row.reporter_resident_id,
    mergedInto: row.merged_into,
    reopenCount: row.reopen_count,
    pressCount: row.press_count,
    lastPressedAt: iso(row.last_pressed_at),
    supervised: row.supervised,
    supervisionPending: row.supervision_pending,
    extensionPending: row.extension_pending as EventState['extensionPending'],
    summoned: row.summoned as unknown as EventState['summoned'],
    escalatedBy: row.escalated_by,
    evaluation: row.evaluation as EventState['evaluation'],
    signDeadline: iso(row.sign_deadline),
    resolveDeadline: iso(row.resolve_deadline),
    version: row.version,
    updatedAt: iso(row.updated_at) as string,
  }
}

export function stateColumns(s: EventState) {
  return {
    state: s.state,
    category_code: s.category,
    current_unit_id: s.currentUnitId,
    dispatcher_unit_id: s.dispatcherUnitId,
    last_handler_unit_id: s.lastHandlerUnitId,
    reporter_resident_id: s.reporterResidentId,
    merged_into: s.mergedInto,
    reopen_count: s.reopenCount,
    press_count: s.pressCount,
    last_pressed_at: s.lastPressedAt,
    supervised: s.supervised,
    supervision_pending: s.supervisionPending,
    extension_pending: s.extensionPending === null ? null : JSON.stringify(s.extensionPending),
    summoned: JSON.stringify(s.summoned),
    escalated_by: s.escalatedBy,
    evaluation: s.evaluation,
    sign_deadline: s.signDeadline,
    resolve_deadline: s.resolveDeadline,
    version: s.version,
    updated_at: s.updatedAt,
  }
}

/** A log entry as its `event_actions` row (the bench loader copies the same rows in bulk). */
export function actionRow(eventId: number, seq: number, entry: LogEntry) {
  return {
    event_id: eventId,
    seq,
    action: entry.action,
    actor_kind: entry.actorKind,
    actor_user_id: entry.actorUserId,
    actor_resident_id: entry.actorResidentId,
    actor_unit_id: entry.actorUnitId,
    from_state: entry.fromState,
    to_state: entry.toState,
    from_unit_id: entry.fromUnitId,
    to_unit_id: entry.toUnitId,
    note: entry.note,
    data: JSON.stringify(entry.changes),
    at: entry.at,
    to_reporter: entry.toReporter ?? false,
  }
}

/**
 * Appends one transaction's log entries of an event (each with its seq, the version it made) and
 * opens the event to the units they reach — the one each is assigned to, and every unit a whistle
 * summons (they check in and record their part, so they must see it) — in `event_units`, and to
 * every unit on their paths and on `place` (an intake's area path) in `event_scopes` (migration
 * 0012 says why). Returns the entries' ids in order.
 */
export async function appendLog(
  tx: Transaction<DB>,
  orgs: OrgDirectory,
  eventId: number,
  entries: ReadonlyArray<{ seq: number; entry: LogEntry }>,
  place?: string,
): Promise<number[]> {
  return (await appendLogs(tx, orgs, [{ eventId, entries, place }]))[0]
}

/**
 * `appendLog` for several events at once (a group commit): one statement for all of them, the unit
 * and scope rows written by its data-modifying WITH parts. Returns each event's entry ids in order.
 */
export async function appendLogs(
  tx: Transaction<DB>,
  orgs: OrgDirectory,
  events: ReadonlyArray<{ eventId: number; entries: ReadonlyArray<{ seq: number; entry: LogEntry }>; place?: string }>,
): Promise<number[][]> {
  const units: Array<{ event_id: number; unit_id: number }> = []
  const scopes: Array<{ event_id: number; unit_id: number }> = []
  for (const { eventId, entries, place } of events) {
    const reached = new Set<number>()
    for (const { entry } of entries) {
      if (entry.action === 'whistle') for (const s of entry.changes.summoned ?? []) reached.add(s.unitId)
      if (entry.toUnitId !== null && entry.toUnitId !== entry.fromUnitId) reached.add(entry.toUnitId)
    }
    for (const unitId of reached) units.push({ event_id: eventId, unit_id: unitId })
    for (const unitId of scopeUnits(orgs, [place, ...[...reached].map((id) => orgs.unit(id)?.path)])) {
      scopes.push({ event_id: eventId, unit_id: unitId })
    }
  }
  let query: QueryCreator<DB> = tx
  if (units.length) {
    query = query.with('units', (db) =>
      db
        .insertInto('event_units')
        .values(units)
        .onConflict((oc) => oc.doNothing()),
    ) as unknown as QueryCreator<DB>
  }
  if (scopes.length) {
    query = query.with('scopes', (db) =>
      db
        .insertInto('event_scopes')
        .values(scopes)
        .onConflict((oc) => oc.doNothing()),
    ) as unknown as QueryCreator<DB>
  }
  const rows = await query
    .insertInto('event_actions')
    .values(events.flatMap(({ eventId, entries }) => entries.map(({ seq, entry }) => actionRow(eventId, seq, entry))))
    .returning(['id', 'event_id', 'seq'])
    .execute()
  const idOf = new Map(rows.map((r) => [`${r.event_id}:${r.seq}`, Number(r.id)]))
  return events.map(({ eventId, entries }) => entries.map(({ seq }) => idOf.get(`${eventId}:${seq}`) as number))
}

/** The units on `paths` but the city center (it sees everything without rows). */
export function scopeUnits(orgs: OrgDirectory, paths: Array<string | undefined>): number[] {
  const ids = new Set<number>()
  for (const path of paths) {
    for (const code of path?.split('.') ?? []) {
      const unit = orgs.byCode(code)
      if (unit && unit.parentId !== null) ids.add(unit.id)
    }
  }
  return [...ids]
}

/** The states in which an event still needs a unit (closed, rejected and merged ones do not). */
const UNFINISHED = ['submitted', 'assigned', 'in_progress', 'reviewing', 'resolved'] as const

/**
 * The unfinished events a unit holds, dispatched, last handled or was summoned to (a unit with any
 * is still in use); every such event has the unit in `event_units`.
 */
export async function unfinishedEventsOf(tx: Transaction<DB>, unitId: number): Promise<number> {
  const { n } = await tx
    .selectFrom('event_units as eu')
    .innerJoin('events as e', 'e.id', 'eu.event_id')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('eu.unit_id', '=', unitId)
    .where('e.state', 'in', UNFINISHED)
    .where((eb) =>
      eb.or([
        eb('e.current_unit_id', '=', unitId),
        eb('e.dispatcher_unit_id', '=', unitId),
        eb('e.last_handler_unit_id', '=', unitId),
        sql<boolean>`e.summoned @> ${JSON.stringify([{ unitId }])}::jsonb`,
      ]),
    )
    .executeTakeFirstOrThrow()
  return n
}

export async function readLog(db: Kysely<DB>, eventId: number): Promise<Array<LogEntry & { seq: number }>> {
  const rows = await db.selectFrom('event_actions').selectAll().where('event_id', '=', eventId).orderBy('seq').execute()
  return rows.map((r) => ({ seq: r.seq, ...logEntryOf(r) }))
}

/** The logs of several events in one statement (a group commit's answers), each in its order. */
export async function readLogs(db: Kysely<DB>, eventIds: number[]): Promise<Map<number, Array<LogEntry & { seq: number }>>> {
  const logs = new Map<number, Array<LogEntry & { seq: number }>>(eventIds.map((id) => [id, []]))
  if (eventIds.length === 0) return logs
  for (const r of await logRowsOf(db, eventIds)) logs.get(Number(r.event_id))?.push({ seq: r.seq, ...logEntryOf(r) })
  return logs
}

/** The `event_actions` rows of several events in one statement, the events one after the other, each in its order. */
export function logRowsOf(db: Kysely<DB>, eventIds: number[]) {
  return db.selectFrom('event_actions').selectAll().where('event_id', 'in', eventIds).orderBy('event_id').orderBy('seq').execute()
}

/** A row of `event_actions` as the lifecycle's log entry. */
export function logEntryOf(r: Selectable<EventActionsTable>): LogEntry {
  return {
    action: r.action as LogEntry['action'],
    actorKind: r.actor_kind as LogEntry['actorKind'],
    actorUserId: r.actor_user_id,
    actorResidentId: r.actor_resident_id,
    actorUnitId: r.actor_unit_id,
    fromState: r.from_state as LogEntry['fromState'],
    toState: r.to_state as LogEntry['toState'],
    fromUnitId: r.from_unit_id,
    toUnitId: r.to_unit_id,
    note: r.note,
    changes: changesOf(r.data),
    at: new Date(r.at).toISOString(),
    ...(r.to_reporter ? { toReporter: true } : {}),
  }
}

/** An entry's patch as stored; an imported entry's `imported` mark (commands/import.ts) is no part of the projection. */
function changesOf(data: Record<string, unknown>): Partial<EventState> {
  if (!('imported' in data)) return data as Partial<EventState>
  const { imported: _, ...changes } = data
  return changes as Partial<EventState>
}

/**
 * The unit whose `event_scopes` rows bound what a staff user sees, or null for the city center's
 * staff, who see everything: the events located in the unit's subtree and those ever assigned to a
 * unit of its subtree (migration 0012 writes one row per such unit and event).
 */
export function scopeUnitOf(principal: Extract<Principal, { kind: 'staff' }>, orgs: OrgDirectory): number | null {
  return orgs.unit(principal.user.unitId)?.parentId === null ? null : principal.user.unitId
}

/**
 * The data scope (DESIGN §10) as a where-clause: staff see their unit's `event_scopes` (above);
 * a resident sees the events they reported and the survivors of their merged reports.
 */
export function inScope(principal: Principal, orgs: OrgDirectory) {
  return (eb: ExpressionBuilder<DB, 'events'>) => {
    if (principal.kind === 'resident') {
      const me = principal.resident.id
      // one set of ids, both halves by events_reporter: as `reporter = me OR id IN (merged…)` the
      // planner walked the whole table backwards by id for 我的's page (a resident's few events
      // among 10 M: seconds), since an OR with a subquery cannot use the index
      return eb(
        'events.id',
        'in',
        eb
          .selectFrom('events as r')
          .select('r.id')
          .where('r.reporter_resident_id', '=', me)
          .unionAll(
            eb
              .selectFrom('events as m')
              .select(sql<number>`m.merged_into`.as('id'))
              .where('m.reporter_resident_id', '=', me)
              .where('m.merged_into', 'is not', null),
          ),
      )
    }
    const unitId = scopeUnitOf(principal, orgs)
    if (unitId === null) return sql<boolean>`true`
    return eb.exists(
      eb.selectFrom('event_scopes as s').select(sql`1`.as('one')).whereRef('s.event_id', '=', 'events.id').where('s.unit_id', '=', unitId),
    )
  }
}
