/**
 * Bulk import of historical events (issue 17, item 7): rows already checked by the importer
 * (channels/import.ts) become events with the log their final state implies — submitted, routed to
 * the handler, signed, resolved, evaluated or closed at the given times, each step the lifecycle's
 * own `transition` (so deadlines and the projection are the ones a live event would have), each
 * entry marked `imported` in its data and written as the system's at the unit that acted (no
 * account of ours did it). The events row is the replay of that log.
 *
 * One transaction for the whole file (a failed import writes nothing), written in batches of 2,000
 * events by the events module's batch path (batch.ts: the events rows, their log with units and
 * scopes), each batch planned in JS while the one before is written; the rollup deltas at the
 * events' own dates summed by the analytics listener's `addDeltas` over the whole file and written
 * folded (`writeFolded`, under the fold's lock) at the end — so the dashboard and KPIs count the
 * history at its dates. The numbers are reserved per day beforehand (numbers.ts
 * `reserveNumbers`).
 */
import type { Rating } from '@xiaolan/contracts'
import type { Transaction } from 'kysely'
import type { AppContext, EventChange } from '../../../context.ts'
import type { DB } from '../../../db/types.ts'
import { addDeltas, areaResolver, emptyDeltas, type RollupDeltas, writeFolded } from '../../analytics/rollups.ts'
import { UNTRACKED } from '../../sla/tracking.ts'
import { type ActionRequest, type Actor, type EventState, initialState, type LogEntry, submitEntry, transition } from '../lifecycle.ts'
import { numberDay, reserveNumbers } from '../numbers.ts'
import { type PlannedEvent, writeEventBatch } from './batch.ts'
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

/** Events per batch: a few statements each (batch.ts), progress reported after it. */
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
 * Each batch is written by the events module's batch path (batch.ts) while the next is planned.
 */
export async function importEvents(
  app: AppContext,
  events: readonly ImportedEvent[],
  onProgress: (written: number) => void = () => {},
  withAll: (tx: Transaction<DB>) => Promise<void> = async () => {},
): Promise<number> {
  if (events.length === 0) return 0
  const perDay = new Map<string, number>()
  const days = events.map((e) => numberDay(e.createdAt))
  for (const day of days) perDay.set(day, (perDay.get(day) ?? 0) + 1)
  const numbers = await reserveNumbers(app.database.db, perDay)
  const nextOf = new Map([...numbers].map(([day, list]) => [day, list[Symbol.iterator]()]))
  const numbered = events.map((e, i) => ({ e, number: nextOf.get(days[i])?.next().value as string }))

  const importedAt = app.now()
  // history is no live change: no workbench is told of it and no partner follows it. Its rollup deltas are
  // summed over the whole file and written folded at the end: appended per batch, 100,000 events left some
  // 1.5 M rows in rollup_pending for every dashboard read to scan until the fold job caught up
  const areas = areaResolver(app.orgs)
  const deltas = emptyDeltas()
  const listeners = [
    async (_tx: Transaction<DB>, changes: readonly EventChange[]) => {
      for (const change of changes) addDeltas(deltas, change, areas(change.event))
    },
  ]
  const batchAt = (i: number) => planBatch(app, numbered.slice(i, i + EVENTS_PER_BATCH), importedAt)
  await app.database.db.transaction().execute(async (tx) => {
    let written = 0
    let planned = await batchAt(0)
    for (let i = 0; i < numbered.length; i += EVENTS_PER_BATCH) {
      const [, next] = await Promise.all([
        writeEventBatch(app, tx, planned, { mark: { imported: true }, listeners }),
        i + EVENTS_PER_BATCH < numbered.length ? batchAt(i + EVENTS_PER_BATCH) : Promise.resolve([]),
      ])
      written += planned.length
      onProgress(written)
      planned = next
    }
    for (const part of chunks(deltas, 4000)) await writeFolded(tx, part)
    await withAll(tx)
  })
  return events.length
}

/** Events planned between two turns of the event loop while a batch is written: PostgreSQL works meanwhile. */
const PLAN_SLICE = 200

/** The batch's events with their steps and rows, planned a slice at a time so the batch before is written alongside. */
async function planBatch(app: AppContext, batch: Array<{ e: ImportedEvent; number: string }>, importedAt: Date): Promise<PlannedEvent[]> {
  const planned: PlannedEvent[] = []
  for (const [k, { e, number }] of batch.entries()) {
    if (k > 0 && k % PLAN_SLICE === 0) await new Promise(setImmediate)
    const steps = importedSteps(app, e)
    const priority = app.categories.get(e.category)?.priority ?? 'normal'
    planned.push({
      row: {
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
        ...rowAfter(app, { priority }, { state: null, sla: UNTRACKED }, steps),
      },
      steps,
      place: e.areaPath,
    })
  }
  return planned
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
