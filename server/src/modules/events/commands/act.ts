/**
 * Acting on an event: one lifecycle action under the caller's scope and the version they saw.
 * The row is read and the transition worked out before the transaction; the transaction writes
 * the row only if it still has that version (else the caller's view is stale: 409), then the log,
 * the rollup deltas and the change notice. So the row is locked only while its writes are made.
 *
 * A category change (recategorize, or an accept that corrects the category first) is also kept,
 * with the event's text, as a correction the classifier learns from. An assignment to a department
 * stationed at a center that day is to be signed by the end of the working day (rota/stations.ts).
 */
import type { ActionBody } from '@xiaolan/contracts'
import { type ExpressionBuilder, sql, type Transaction } from 'kysely'
import type { AppContext, EventChange } from '../../../context.ts'
import type { DB } from '../../../db/types.ts'
import { invalid, notFound, staleVersion } from '../../../errors.ts'
import type { Principal } from '../../accounts/sessions.ts'
import { recordCorrection } from '../../intelligence/corrections.ts'
import { stationedContext } from '../../rota/stations.ts'
import { deadlinesUnder, slaTrackOf } from '../../sla/tracking.ts'
import { actionPhotoKind, attachPhotos } from '../attachments.ts'
import { type ActionRequest, type Actor, type EventState, type LogEntry, type TransitionContext, transition } from '../lifecycle.ts'
import { type EventRow, inScope, readLogs, toState } from '../queries.ts'
import { groupCommit, type Outcome } from './group-commit.ts'
import { actorOf, factsOf, logWrites, rowAfter, transitionContext } from './write.ts'

/** The note of the category step an accept with another category makes (log data, as the system's own notes). */
const ACCEPT_RECATEGORIZED = '受理时确认分类'

/**
 * Whoever holds a caller's evaluation link (notifications/evaluation.ts): the system acts for the
 * caller without an account, on that one event (the lifecycle lets it press and rate only there).
 */
export interface CallerLink {
  kind: 'caller_link'
  eventId: number
}

/** Applies one action under the caller's scope and the version they saw; returns the row as written. */
export async function actOnEvent(
  app: AppContext,
  principal: Principal | CallerLink,
  id: number,
  body: ActionBody,
  options: ActOptions = {},
): Promise<EventRow> {
  return (await actOnEventLogged(app, principal, id, body, options)).row
}

/** What a caller writes with the action, in its transaction (a mediation case's step): all or nothing. */
export interface ActOptions {
  /** run in the action's transaction once its row and log are written; its error fails the action alone */
  alongside?: (tx: Transaction<DB>, row: EventRow) => Promise<void>
}

/** `actOnEvent`, with the event's whole log as of the write (read with the rest of its group): the answer needs no read after. */
export async function actOnEventLogged(
  app: AppContext,
  principal: Principal | CallerLink,
  id: number,
  body: ActionBody,
  options: ActOptions = {},
): Promise<{ row: EventRow; log: Array<LogEntry & { seq: number }> }> {
  const now = app.now()
  const db = app.database.db
  const scope =
    principal.kind === 'caller_link'
      ? (eb: ExpressionBuilder<DB, 'events'>) => eb('events.id', '=', principal.eventId)
      : inScope(principal, app.orgs)
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).where(scope).executeTakeFirst()
  if (!row) throw notFound('Event')
  if (row.version !== body.version) throw staleVersion(row.version)
  const ctx = await stationedContext(app, transitionContext(app, row.priority, now, row.category_code), body)
  if (body.type === 'merge' && body.intoEventId !== undefined) {
    if (body.intoEventId === id) throw invalid('intoEventId', 'An event cannot be merged into itself')
    const target = await db.selectFrom('events').select(['id', 'state']).where('id', '=', body.intoEventId).where(scope).executeTakeFirst()
    if (target) ctx.mergeTarget = { id: target.id, state: target.state as EventState['state'] }
  }
  const before = toState(row)
  const actor: Actor = principal.kind === 'caller_link' ? { kind: 'system' } : actorOf(principal)
  const steps: Array<{ entry: LogEntry; after: EventState }> = []
  const step = (request: ActionRequest, context: TransitionContext) => {
    const result = transition(steps.at(-1)?.after ?? before, request, actor, context)
    if (!result.ok) throw result.error
    steps.push({ entry: result.entry, after: result.next })
  }
  const recategorizes =
    body.type === 'recategorize' || (body.type === 'accept' && body.category !== undefined && body.category !== row.category_code)
  if (recategorizes && body.category !== undefined) ctx.newCategory = newCategory(app, row, body.category)
  if (body.type === 'accept' && recategorizes) {
    // the category first (its rule then sets the accept's deadlines), then the accept itself
    step({ type: 'recategorize', category: body.category, note: body.note?.trim() || ACCEPT_RECATEGORIZED }, ctx)
    step(body, await stationedContext(app, transitionContext(app, row.priority, now, body.category as string), body))
  } else {
    step(body, ctx)
  }
  const event = factsOf(row)
  const columns = rowAfter(app, event, { state: before, sla: slaTrackOf(row) }, steps)
  const last = steps[steps.length - 1]
  const photos = { ids: body.attachmentIds, eventId: id, seq: last.after.version, kind: actionPhotoKind(body, principal), actor }
  const text = `${row.title} ${row.description}`
  const corrections = steps
    .filter(({ entry }) => entry.action === 'recategorize')
    .map(({ entry, after }) => ({
      eventId: id,
      text,
      from: row.category_code,
      to: after.category,
      userId: entry.actorUserId,
      reason: entry.note,
      at: now,
    }))
  let update = updates.get(app)
  if (!update) {
    update = groupCommit<Update, Written>((take) => updateEvents(app, take), { max: MAX_UPDATES, key: (u) => u.event.id })
    updates.set(app, update)
  }
  return update({ event, seen: row.version, columns, before, steps, photos, corrections, alongside: options.alongside })
}

interface Update {
  event: EventChange['event']
  /** the version the caller saw: the row is written only if it still has it */
  seen: number
  columns: ReturnType<typeof rowAfter>
  before: EventState
  steps: Array<{ entry: LogEntry; after: EventState }>
  photos: Parameters<typeof attachPhotos>[1]
  corrections: Array<Parameters<typeof recordCorrection>[1]>
  alongside?: ActOptions['alongside']
}

/** The actions of this app waiting to be written together (group-commit.ts); one per event in a group. */
const updates = new WeakMap<AppContext, (update: Update) => Promise<Written>>()

type Written = { row: EventRow; log: Array<LogEntry & { seq: number }> }

/** The most actions one transaction writes. */
const MAX_UPDATES = 64

/** The jsonb columns, which stateColumns gives as JSON text. */
const JSON_COLUMNS = new Set(['summoned', 'extension_pending'])

/**
 * One transaction for a group of actions: every row in one UPDATE, each only if it still has the
 * version its caller saw — one that has not is that caller's 409 alone, the others are written —
 * then the photos, the logs in one statement, the listeners once, and the category corrections.
 */
async function updateEvents(app: AppContext, take: () => Update[]): Promise<Array<Outcome<Written>>> {
  return app.database.db.transaction().execute(async (tx) => {
    const group = take()
    const names = Object.keys(group[0].columns) as Array<keyof Update['columns']>
    // in id order, so two instances' groups lock rows in the same order
    const payload = [...group]
      .sort((a, b) => a.event.id - b.event.id)
      .map((u) => ({
        seen: u.seen,
        row: Object.fromEntries([
          ['id', u.event.id],
          ...names.map((n) => {
            const v = u.columns[n]
            return [n, JSON_COLUMNS.has(n) && typeof v === 'string' ? JSON.parse(v) : v]
          }),
        ]),
      }))
    const { rows } = await sql<EventRow>`
      update events as e set ${sql.join(names.map((n) => sql`${sql.id(n)} = v.${sql.id(n)}`))}
      from jsonb_array_elements(${JSON.stringify(payload)}::jsonb) as j, jsonb_populate_record(null::events, j -> 'row') as v
      where e.id = v.id and e.version = (j ->> 'seen')::int
      returning e.*`.execute(tx)
    const written = new Map(rows.map((r) => [Number(r.id), r]))
    const stale = group.filter((u) => !written.has(u.event.id)).map((u) => u.event.id)
    // another write came first: those callers saw an older version than there is now
    const current = stale.length
      ? new Map(
          (await tx.selectFrom('events').select(['id', 'version']).where('id', 'in', stale).execute()).map((r) => [
            Number(r.id),
            r.version,
          ]),
        )
      : new Map<number, number>()
    const done = group.filter((u) => written.has(u.event.id))
    for (const u of done) await attachPhotos(tx, u.photos)
    if (done.length) await logWrites(app, tx, done)
    for (const u of done) for (const c of u.corrections) await recordCorrection(tx, c)
    for (const u of done) if (u.alongside) await u.alongside(tx, written.get(u.event.id) as EventRow)
    const logs = await readLogs(
      tx,
      done.map((u) => u.event.id),
    )
    return group.map((u): Outcome<Written> => {
      const row = written.get(u.event.id)
      return row
        ? { ok: true, value: { row, log: logs.get(u.event.id) ?? [] } }
        : { ok: false, error: staleVersion(current.get(u.event.id) ?? u.seen) }
    })
  })
}

/** The category a request names, if in use, with the event's deadlines under its rule. */
function newCategory(app: AppContext, row: EventRow, code: string): TransitionContext['newCategory'] {
  if (!app.categories.get(code)) return undefined
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())
  const deadlines = deadlinesUnder(
    app,
    {
      priority: row.priority,
      from: row.category_code,
      to: code,
      signDeadline: iso(row.sign_deadline),
      resolveDeadline: iso(row.resolve_deadline),
    },
    slaTrackOf(row),
  )
  return { code, ...deadlines }
}
