/**
 * The batch write path (issue 17): many new events in a handful of statements, planned in JS before
 * the transaction — partner ingestion (channels/ingest.ts, up to 1,000 a request) and the bulk import
 * (import.ts, history in batches of thousands) both write through `writeEventBatch`:
 *
 *   1. the events rows, one statement (a JSON parameter spread by json_populate_recordset, so nothing
 *      is built per value and no parameter limit applies), their numbers reserved beforehand
 *      (numbers.ts `reserveNumbers`: a live day's sequence or a range past every number of the day);
 *      a partner's retry is skipped by ON CONFLICT on (client, external id), never a second event;
 *   2. the log entries of the events written, with the units they reach (`event_units`) and every
 *      unit on their paths (`event_scopes`), one statement with data-modifying WITH parts;
 *   3. the change listeners once with every change of the batch: the rollup deltas (one append to
 *      rollup_pending), the partners' webhook messages (one insert into the outbox), the NOTIFY.
 *
 * The single-request path (write.ts insertEvent) writes the same rows for one event.
 */
import type { IngestItem, PartnerChannel } from '@xiaolan/contracts'
import type { Insertable, Transaction } from 'kysely'
import { sql } from 'kysely'
import type { AppContext, EventChange } from '../../../context.ts'
import type { DB } from '../../../db/types.ts'
import { sensitiveAtIntake } from '../../alerts/intake.ts'
import type { SensitiveHit } from '../../alerts/sensitive.ts'
import { raiseSensitive } from '../../alerts/store.ts'
import { deriveTitle } from '../../privacy/masker.ts'
import { firstUnit } from '../../routing/route.ts'
import { UNTRACKED } from '../../sla/tracking.ts'
import type { EventState, LogEntry } from '../lifecycle.ts'
import { numberDay } from '../numbers.ts'
import { actionRow, scopeUnits } from '../queries.ts'
import { categoryOf, guessNote, intakeSteps, placeOf } from './report.ts'
import { rowAfter } from './write.ts'

type Step = { entry: LogEntry; after: EventState }

/** A new event as planned before the batch's transaction: its row (number included, no id yet), its steps, its place. */
export interface PlannedEvent {
  row: Omit<Insertable<DB['events']>, 'id'> & { number: string; created_at: Date }
  steps: Step[]
  /** the area path where it happened: every unit on it sees the event */
  place: string
  /** what the event brings along in the same transaction once it has its id (an intake's sensitive-word alert) */
  alongside?: (tx: Transaction<DB>, written: WrittenEvent) => Promise<void>
}

export interface WrittenEvent {
  id: number
  number: string
}

export interface BatchOptions {
  /**
   * A partner's event whose (client, external id) is taken is skipped, not an error: a retry, or a
   * concurrent send of the same batch. Its slot in the answer is null; the caller reports it duplicate.
   */
  skipTakenSources?: boolean
  /** keys added to every log entry's data (the import marks its entries `imported`) */
  mark?: Record<string, unknown>
  /** who hears the batch's changes; every registered listener unless the caller says otherwise */
  listeners?: AppContext['onEventChange']
}

/** The written event of each planned one, in order; null for one skipped as a taken source. */
export async function writeEventBatch(
  app: AppContext,
  tx: Transaction<DB>,
  events: readonly PlannedEvent[],
  options: BatchOptions = {},
): Promise<Array<WrittenEvent | null>> {
  if (events.length === 0) return []
  const rows = events.map((e) => jsonRow(e.row))
  if (options.skipTakenSources) {
    // two batches that share external ids insert them in one order, so neither waits on the other's later rows
    const key = (r: Record<string, unknown>) => String(r.external_id ?? '')
    rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
  }
  const columns = sql.join(Object.keys(rows[0]).map((c) => sql.ref(c)))
  const skip = options.skipTakenSources
    ? sql`on conflict (source_client_id, external_id) where source_client_id is not null do nothing`
    : sql``
  const { rows: inserted } = await sql<{ id: string | number; number: string }>`
    insert into events (${columns})
    select ${columns} from json_populate_recordset(null::events, ${JSON.stringify(rows)}::json)
    ${skip}
    returning id, number`.execute(tx)
  const idOf = new Map(inserted.map((r) => [r.number, Number(r.id)]))
  const written = events.map((e): WrittenEvent | null => {
    const id = idOf.get(e.row.number)
    return id === undefined ? null : { id, number: e.row.number }
  })

  const actions: Array<Record<string, unknown>> = []
  const units: Array<{ event_id: number; unit_id: number }> = []
  const scopes: Array<{ event_id: number; unit_id: number }> = []
  events.forEach((e, i) => {
    const id = written[i]?.id
    if (id === undefined) return
    const reached = new Set<number>()
    for (const { entry, after } of e.steps) {
      actions.push(actionJson(id, after.version, entry, options.mark))
      if (entry.action === 'whistle') for (const s of entry.changes.summoned ?? []) reached.add(s.unitId)
      if (entry.toUnitId !== null && entry.toUnitId !== entry.fromUnitId) reached.add(entry.toUnitId)
    }
    for (const unitId of reached) units.push({ event_id: id, unit_id: unitId })
    const paths = [e.place, ...[...reached].map((u) => app.orgs.unit(u)?.path)]
    for (const unitId of scopeUnits(app.orgs, paths)) scopes.push({ event_id: id, unit_id: unitId })
  })
  if (actions.length === 0) return written
  const { rows: logged } = await sql<{ id: string | number; event_id: string | number; seq: number }>`
    with units as (
      insert into event_units (event_id, unit_id)
      select event_id, unit_id from json_populate_recordset(null::event_units, ${JSON.stringify(units)}::json)
      on conflict do nothing
    ), scopes as (
      insert into event_scopes (event_id, unit_id)
      select event_id, unit_id from json_populate_recordset(null::event_scopes, ${JSON.stringify(scopes)}::json)
      on conflict do nothing
    )
    insert into event_actions (${sql.join(Object.keys(actions[0]).map((c) => sql.ref(c)))})
    select ${sql.join(Object.keys(actions[0]).map((c) => sql.ref(c)))}
    from json_populate_recordset(null::event_actions, ${JSON.stringify(actions)}::json)
    returning id, event_id, seq`.execute(tx)
  const entryId = new Map(logged.map((r) => [`${r.event_id}|${r.seq}`, Number(r.id)]))

  const changes: EventChange[] = []
  events.forEach((e, i) => {
    const w = written[i]
    if (!w) return
    const event = factsOfPlanned(w, e.row)
    e.steps.forEach(({ entry, after }, k) => {
      changes.push({
        event,
        before: k === 0 ? null : e.steps[k - 1].after,
        after,
        entry,
        entryId: entryId.get(`${w.id}|${after.version}`) as number,
      })
    })
  })
  for (const listener of options.listeners ?? app.onEventChange) await listener(tx, changes)
  for (const [i, e] of events.entries()) {
    const w = written[i]
    if (w && e.alongside) await e.alongside(tx, w)
  }
  return written
}

/** The facts every change carries, from the planned row (the same that write.ts factsOf reads from a row). */
function factsOfPlanned(w: WrittenEvent, row: PlannedEvent['row']): EventChange['event'] {
  return {
    id: w.id,
    number: w.number,
    category: row.category_code as string,
    priority: row.priority as string,
    channel: row.channel as string,
    districtId: (row.district_id ?? null) as number | null,
    communityId: (row.community_id ?? null) as number | null,
    createdAt: row.created_at,
    sourceClientId: (row.source_client_id ?? null) as number | null,
    externalId: (row.external_id ?? null) as string | null,
    // partners' items carry no reporter phone to text (their platform answers its own users)
    callerPhone: null,
    reporterResidentId: null,
  }
}

/**
 * The row as json_populate_recordset reads it: jsonb columns as JSON values, not the JSON text the
 * Kysely write path binds (stateColumns).
 */
function jsonRow(row: PlannedEvent['row']): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row }
  for (const column of ['summoned', 'extension_pending'] as const) {
    const value = row[column]
    if (typeof value === 'string') out[column] = JSON.parse(value)
  }
  return out
}

/** A log entry as its `event_actions` row (queries.ts actionRow) for json_populate_recordset: its data a JSON value, with the batch's mark. */
function actionJson(eventId: number, seq: number, entry: LogEntry, mark: Record<string, unknown> | undefined) {
  return { ...actionRow(eventId, seq, entry), data: mark ? { ...entry.changes, ...mark } : entry.changes }
}

/** A partner platform's item, checked and with its channel and place settled by the channels module. */
export type PartnerIntake = Pick<IngestItem, 'category' | 'title' | 'description' | 'lat' | 'lng' | 'communityCode' | 'address'> & {
  channel: PartnerChannel
  reporterName: string | null
  reporterPhone: string | null
  source: { clientId: number; externalId: string; occurredAt?: string }
}

/** A planned intake before its number is reserved: the day it draws from. */
export type PlannedIntake = Omit<PlannedEvent, 'row'> & { row: Omit<PlannedEvent['row'], 'number'>; day: string }

/**
 * Plans a partner's event as intake (commands/report.ts createEvent) does for the system: its place,
 * its category (the classifier's when none is given: a weak guess waits, submitted, at its district
 * center), the sensitive words that make it urgent and raise an alert, the route bottom-up, every
 * step and the row. Throws the item's 400 (naming its field) before anything is written.
 */
export async function planPartnerIntake(app: AppContext, intake: PartnerIntake, now: Date): Promise<PlannedIntake> {
  const place = placeOf(app, intake, { kind: 'system' })
  const description = intake.description.trim()
  const title = intake.title?.trim() || deriveTitle(description)
  const said = `${intake.title?.trim() ?? ''} ${description}`
  const { category, guess } = categoryOf(app, intake.category, said)
  const sensitive = await sensitiveAtIntake(app, said)
  const priority = sensitive.length ? 'urgent' : category.priority
  const unsure = guess !== undefined && !guess.confident
  const target = unsure
    ? null
    : firstUnit(
        { communityResolvable: category.communityResolvable, communityId: place.communityId, districtId: place.districtId },
        app.orgs,
      )
  const steps = intakeSteps(
    app,
    {
      actor: { kind: 'system' },
      now,
      priority,
      category: category.code,
      target,
      onSpot: undefined,
      answer: undefined,
      holder: unsure ? (place.districtId ?? undefined) : undefined,
      note: guess && guessNote(app, guess),
    },
    {},
  )
  const row = {
    title,
    description,
    priority,
    channel: intake.channel,
    lat: place.lat,
    lng: place.lng,
    address: intake.address?.trim() || null,
    community_id: place.communityId,
    district_id: place.districtId,
    area_path: place.areaPath,
    reporter_name: intake.reporterName,
    reporter_phone: intake.reporterPhone,
    reporter_anonymous: false,
    external_id: intake.source.externalId,
    source_client_id: intake.source.clientId,
    occurred_at: intake.source.occurredAt ?? null,
    created_at: now,
    ...rowAfter(app, { priority }, { state: null, sla: UNTRACKED }, steps),
  }
  return {
    row,
    steps,
    place: place.areaPath,
    day: numberDay(now),
    alongside: sensitive.length ? raiseAlert(app, row, sensitive) : undefined,
  }
}

function raiseAlert(app: AppContext, row: PlannedIntake['row'], hits: SensitiveHit[]): PlannedEvent['alongside'] {
  return async (tx, { id }) => {
    const at = row.created_at
    const e = {
      eventId: id,
      districtId: row.district_id ?? null,
      categoryCode: row.category_code as string,
      lat: row.lat ?? null,
      lng: row.lng ?? null,
      at,
    }
    await raiseSensitive(app, tx, e, hits)
  }
}
