/**
 * Bulk import of historical events (issue 17, item 7): rows already checked by the importer
 * (channels/import.ts) become events with the log their final state implies — submitted, routed to
 * the handler, signed, resolved, evaluated or closed at the given times, each step the lifecycle's
 * own `transition` (so deadlines and the projection are the ones a live event would have), each
 * entry marked `imported` in its data and written as the system's at the unit that acted (no
 * account of ours did it). The events row is the replay of that log.
 *
 * One transaction for the whole file (a failed import writes nothing): per batch of 2,000 events,
 * one multi-row INSERT per table (events, their log, units, scopes; `insertRows`); the rollups summed by the
 * analytics listener's `addDeltas` at the events' own dates and written folded (`writeFolded`, under
 * the fold's lock) once at the end — so the dashboard and KPIs count the history at its dates.
 * The numbers are reserved per day beforehand (numbers.ts `reserveNumbers`).
 */
import type { Rating } from '@xiaolan/contracts'
import { sql, type Transaction } from 'kysely'
import { chinaDateOf } from '../../../china-time.ts'
import type { AppContext, EventChange } from '../../../context.ts'
import type { DB } from '../../../db/types.ts'
import { addDeltas, areaResolver, emptyDeltas, type RollupDeltas, writeFolded } from '../../analytics/rollups.ts'
import { UNTRACKED } from '../../sla/tracking.ts'
import { type ActionRequest, type Actor, type EventState, initialState, type LogEntry, submitEntry, transition } from '../lifecycle.ts'
import { reserveNumbers } from '../numbers.ts'
import { actionRow, scopeUnits } from '../queries.ts'
import { rowAfter, transitionContext } from './write.ts'

/** A checked row of an import file, its references resolved. */
export interface ImportedEvent {
  externalId: string | null
  category: string
  title: string
  description: string
  channel: string
  createdAt: Date
  lat: number | null
  lng: number | null
  communityId: number | null
  districtId: number | null
  areaPath: string
  address: string | null
  state: 'submitted' | 'assigned' | 'in_progress' | 'resolved' | 'closed' | 'rejected'
  resolvedAt: Date | null
  closedAt: Date | null
  evaluation: Exclude<Rating, 'unsatisfied'> | null
  /** the unit that handled it (routing's first unit when the file names none); null only when submitted or rejected */
  handlerUnitId: number | null
}

/** Events per batch: each batch is one INSERT per table (insertRows), progress reported after it. */
const EVENTS_PER_BATCH = 2000
const NOTE = '历史数据导入'

type Step = { entry: LogEntry; after: EventState }

/** The log an imported event's final state implies, step by step through the lifecycle. */
export function importedSteps(app: AppContext, e: ImportedEvent): Step[] {
  const root = app.orgs.root().id
  const category = app.categories.get(e.category)
  const priority = category?.priority ?? 'normal'
  const submit = submitEntry({
    actor: { kind: 'system' },
    at: e.createdAt,
    unitId: root,
    reporterResidentId: null,
    category: e.category,
    note: NOTE,
  })
  const steps: Step[] = [{ entry: submit, after: initialState(submit) }]
  // the history's handlers stand in as staff of the unit holding it; the entries are then the system's
  const handler = (unitId: number): Actor => ({ kind: 'staff', userId: 0, role: 'center_staff', unitId })
  const operator: Actor = { kind: 'staff', userId: 0, role: 'operator', unitId: root }
  const step = (request: ActionRequest, actor: Actor, at: Date) => {
    const ctx = { ...transitionContext(app, priority, at, e.category), reviews: () => false }
    const result = transition(steps[steps.length - 1].after, request, actor, ctx)
    if (!result.ok) throw result.error
    steps.push({ entry: result.entry, after: result.next })
  }
  if (e.state === 'rejected') {
    step({ type: 'reject', note: NOTE }, operator, e.closedAt ?? e.createdAt)
  } else if (e.state !== 'submitted' && e.handlerUnitId !== null) {
    step({ type: 'route', unitId: e.handlerUnitId }, { kind: 'system' }, e.createdAt)
    if (e.state !== 'assigned') step({ type: 'sign' }, handler(e.handlerUnitId), e.createdAt)
    if (e.state === 'resolved' || e.state === 'closed') {
      step({ type: 'resolve', note: NOTE }, handler(e.handlerUnitId), e.resolvedAt ?? e.closedAt ?? e.createdAt)
    }
    if (e.state === 'closed') {
      const at = e.closedAt ?? e.resolvedAt ?? e.createdAt
      if (e.evaluation) step({ type: 'evaluate', rating: e.evaluation }, operator, at)
      else step({ type: 'close', note: NOTE }, { kind: 'system' }, at)
    }
  }
  return steps.map(({ entry, after }) => ({
    entry: { ...entry, actorKind: 'system', actorUserId: null, actorResidentId: null },
    after,
  }))
}

/**
 * Writes the events in one transaction; `onProgress` hears how many are written after each batch,
 * and `withAll` writes what must commit with them (the import's audit row). Returns how many were written.
 */
export async function importEvents(
  app: AppContext,
  events: readonly ImportedEvent[],
  onProgress: (written: number) => void = () => {},
  withAll: (tx: Transaction<DB>) => Promise<void> = async () => {},
): Promise<number> {
  if (events.length === 0) return 0
  const perDay = new Map<string, number>()
  const days = events.map((e) => chinaDateOf(e.createdAt).replaceAll('-', ''))
  for (const day of days) perDay.set(day, (perDay.get(day) ?? 0) + 1)
  const numbers = await reserveNumbers(app.database.db, perDay)
  const nextOf = new Map([...numbers].map(([day, list]) => [day, list[Symbol.iterator]()]))
  const numbered = events.map((e, i) => ({ e, number: nextOf.get(days[i])?.next().value as string }))

  const importedAt = app.now()
  const areas = areaResolver(app.orgs)
  const deltas = emptyDeltas()
  await app.database.db.transaction().execute(async (tx) => {
    let written = 0
    for (let i = 0; i < numbered.length; i += EVENTS_PER_BATCH) {
      const batch = numbered.slice(i, i + EVENTS_PER_BATCH)
      await writeBatch(app, tx, batch, importedAt, deltas, areas)
      written += batch.length
      onProgress(written)
    }
    for (const part of chunks(deltas, 4000)) await writeFolded(tx, part)
    await withAll(tx)
  })
  return events.length
}

async function writeBatch(
  app: AppContext,
  tx: Transaction<DB>,
  batch: Array<{ e: ImportedEvent; number: string }>,
  importedAt: Date,
  deltas: RollupDeltas,
  areas: ReturnType<typeof areaResolver>,
) {
  const planned = batch.map(({ e, number }) => {
    const steps = importedSteps(app, e)
    const priority = app.categories.get(e.category)?.priority ?? 'normal'
    return { e, number, steps, priority }
  })
  const rows = await insertRows<{ id: number; number: string }>(
    tx,
    'events',
    planned.map(({ e, number, steps, priority }) => {
      const columns = rowAfter(app, { priority }, { state: null, sla: UNTRACKED }, steps)
      const last = steps[steps.length - 1].after
      return {
        number,
        title: e.title,
        description: e.description,
        priority,
        channel: e.channel,
        lat: e.lat,
        lng: e.lng,
        address: e.address,
        community_id: e.communityId,
        district_id: e.districtId,
        area_path: e.areaPath,
        reporter_name: null,
        reporter_phone: null,
        reporter_anonymous: false,
        external_id: e.externalId,
        created_at: e.createdAt,
        imported_at: importedAt,
        ...columns,
        // as JSON values, not the JSON text the Kysely write path binds
        summoned: last.summoned,
        extension_pending: last.extensionPending,
      }
    }),
    'id, number',
  )
  const idOf = new Map(rows.map((r) => [r.number, r.id]))

  const actions: Array<Record<string, unknown>> = []
  const units: Array<{ event_id: number; unit_id: number }> = []
  const scopes: Array<{ event_id: number; unit_id: number }> = []
  for (const { e, number, steps, priority } of planned) {
    const id = idOf.get(number) as number
    const reached = new Set<number>()
    const facts: EventChange['event'] = {
      id,
      number,
      category: e.category,
      priority,
      channel: e.channel,
      districtId: e.districtId,
      communityId: e.communityId,
      createdAt: e.createdAt,
      sourceClientId: null,
      externalId: e.externalId,
    }
    const areaIds = areas(facts)
    let before: EventState | null = null
    for (const { entry, after } of steps) {
      const row = actionRow(id, after.version, entry)
      actions.push({ ...row, data: { ...entry.changes, imported: true } })
      if (entry.toUnitId !== null && entry.toUnitId !== entry.fromUnitId) reached.add(entry.toUnitId)
      addDeltas(deltas, { event: facts, before, after, entry }, areaIds)
      before = after
    }
    for (const unitId of reached) units.push({ event_id: id, unit_id: unitId })
    const paths = [e.areaPath, ...[...reached].map((u) => app.orgs.unit(u)?.path)]
    for (const unitId of scopeUnits(app.orgs, paths)) scopes.push({ event_id: id, unit_id: unitId })
  }
  await insertRows(tx, 'event_actions', actions)
  await insertRows(tx, 'event_units', units)
  await insertRows(tx, 'event_scopes', scopes)
}

/**
 * A multi-row INSERT of `rows` (objects with the same keys) as one JSON parameter, spread into the
 * table's columns by json_populate_recordset: one statement whatever the rows' number (no limit of
 * 65,535 parameters) and nothing for the driver or Kysely to build per value — at ~7 rows per event
 * over a handful of tables, building the statements was the import's cost. jsonb columns take JSON
 * values, array columns JSON arrays.
 */
async function insertRows<R = never>(
  tx: Transaction<DB>,
  table: keyof DB,
  rows: Array<Record<string, unknown>>,
  returning?: string,
): Promise<R[]> {
  if (rows.length === 0) return []
  const columns = sql.join(Object.keys(rows[0]).map((c) => sql.ref(c)))
  const back = returning ? sql` returning ${sql.raw(returning)}` : sql``
  const { rows: out } = await sql<R>`
    insert into ${sql.table(table)} (${columns})
    select ${columns} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::json)${back}`.execute(tx)
  return out
}

/** The deltas in parts of at most `size` rows per table (a statement's parameters are bounded). */
function* chunks(deltas: RollupDeltas, size: number): Generator<RollupDeltas> {
  const parts = (['daily', 'created', 'unitDay', 'state', 'due'] as const).map((k) => [k, [...deltas[k].entries()]] as const)
  const longest = Math.max(...parts.map(([, e]) => e.length))
  for (let i = 0; i < longest; i += size) {
    const part = emptyDeltas()
    for (const [k, entries] of parts) for (const [key, row] of entries.slice(i, i + size)) (part[k] as Map<string, unknown>).set(key, row)
    yield part
  }
}
