/**
 * Live changes to open screens, workbenches and residents' pages (server-sent events). Inside the
 * write transaction each change NOTIFYs `xiaolan_changes` with its action-log id — delivered at
 * commit, never for a rolled-back write. Every instance LISTENs once and fans out to its own SSE
 * clients, filtered by each client's audience (a staff area, a unit's workbench, or one resident's
 * own events), so several instances behind a load balancer all see every change.
 *
 * A workbench hears only the changes that touch its unit's tabs, told which (so it refetches only
 * those): the note carries, for each unit whose inbox tabs the change touches, which pages and counts
 * (computed from the state before and after, in the transaction); a workbench showing 全部 also hears
 * the changes of the events in its unit's data scope (its place's and its holders' ancestors, from
 * the org tree in memory). Workbench streams are indexed by unit, so a change costs the streams it
 * reaches, not the number open.
 */
import type { ChangeMessage, InboxBox, WorkbenchTab } from '@xiaolan/contracts'
import { sql, type Transaction } from 'kysely'
import type { AppContext, EventChange } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { ALERTS_CHANNEL, type AlertNote } from '../alerts/store.ts'
import { entriesAfter, followers, statesAround } from '../events/changes.ts'
import { followingResidents } from '../events/follows.ts'
import { touchedTabs } from '../events/workbench.ts'
import type { OrgDirectory } from '../orgs/directory.ts'
import { PERSONAL_CHANNEL, type PersonalNote } from './personal.ts'

export const CHANGES_CHANNEL = 'xiaolan_changes'
/** After this many missed changes a reconnecting client is told to reload instead. */
export const REPLAY_LIMIT = 500
/** How far before Last-Event-ID a replay starts (changes whose id was taken earlier but committed later). */
export const REPLAY_OVERLAP = 64
const HEARTBEAT_MS = 15_000
export const RESYNC = 'event: resync\ndata: {}\n\n'

/** What travels in the NOTIFY: the message plus what the fan-out filters on. */
export interface ChangeNote extends ChangeMessage {
  id: number
  fromUnitId: number | null
  /** a comment the reporter reads (a staff comment without it is an internal note) */
  toReporter: boolean
  /** [unit, tabs whose page the change alters, tabs whose count it alters] for each unit whose inbox tabs it touches */
  touched: Array<[number, InboxBox[], InboxBox[]]>
}

/**
 * Whom an open stream is for: staff, an area (the path of their unit or of a unit of its subtree, a
 * prefix of every path below) or their unit's workbench (the changes that touch its tabs); a
 * resident, their own events (DESIGN §10: the ones they reported and the survivors their merged
 * reports went into) and the progress of those they follow, never another's.
 */
export type Audience =
  | { kind: 'area'; path: string }
  | { kind: 'unit'; unitId: number; path: string /** 全部 is shown: the changes in the unit's data scope too */; scope: boolean }
  | { kind: 'resident'; residentId: number }
  /** a staff user's own: their unit's notices (for their role) and the calls at their desk; no changes */
  | { kind: 'me'; userId: number; unitId: number }

/** An open stream: its audience and how to write to it. */
export interface StreamClient {
  audience: Audience
  /** `id` is the change's id (0 for heartbeats) */
  write(chunk: string, id: number): void
  end(): void
}

/**
 * The listener that NOTIFYs every change with its log id, all of a transaction's in one statement;
 * each note names the units whose workbench tabs it touches (from the state before and after).
 */
export function notifyListener(app: Pick<AppContext, 'orgs'>) {
  return async function notifyChange(tx: Transaction<DB>, changes: readonly EventChange[]) {
    // a workbench sees what commits: an event changed twice in one transaction (an intake's submit at
    // the city center and its route) touches the tabs between its state before the first change and
    // after the last, told with the last; the city center's 待签收 never held it
    const first = new Map<number, EventChange['before']>()
    const last = new Map<number, number>()
    changes.forEach(({ event, before }, i) => {
      if (!first.has(event.id)) first.set(event.id, before)
      last.set(event.id, i)
    })
    const notes = changes.map(
      ({ event, after, entry, entryId }, i): ChangeNote => ({
        id: entryId,
        eventId: event.id,
        number: event.number,
        state: after.state,
        action: entry.action,
        currentUnitId: after.currentUnitId,
        districtId: event.districtId,
        communityId: event.communityId,
        category: after.category,
        channel: event.channel as ChangeNote['channel'],
        at: entry.at,
        fromUnitId: entry.fromUnitId,
        toReporter: entry.toReporter === true,
        touched: last.get(event.id) === i ? touchedTabs(app.orgs, first.get(event.id) ?? null, after) : [],
      }),
    )
    if (notes.length === 0) return
    // one array parameter, whatever the changes' number: a select list of pg_notify calls stops at 1,664 (a batch's)
    const texts = notes.map((note) => JSON.stringify(note))
    await sql`select count(pg_notify(${CHANGES_CHANNEL}, n)) from unnest(${texts}::text[]) as n`.execute(tx)
  }
}

/** Whether a change concerns an area: located in it, or handled (now or just before) by a unit of it. */
export function concerns(orgs: OrgDirectory, path: string, note: ChangeNote): boolean {
  const place = note.communityId ?? note.districtId
  const located = place === null ? orgs.root().path : orgs.unit(place)?.path
  if (located?.startsWith(path)) return true
  for (const id of [note.currentUnitId, note.fromUnitId]) {
    if (id === null) continue
    if (orgs.unit(id)?.path.startsWith(path)) return true
  }
  return false
}

/** The units whose data scope (全部) may hold the change's event: the ancestors of its place and of its holders now and just before. */
function scopeUnits(orgs: OrgDirectory, note: ChangeNote): Set<number> {
  const ids = new Set<number>()
  const place = note.communityId ?? note.districtId
  for (const id of [place, note.currentUnitId, note.fromUnitId]) {
    const path = id === null ? orgs.root().path : orgs.unit(id)?.path
    for (const code of path?.split('.') ?? []) {
      const unit = code ? orgs.byCode(code) : undefined
      if (unit) ids.add(unit.id)
    }
  }
  return ids
}

export interface Touched {
  tabs: WorkbenchTab[]
  counts: InboxBox[]
}

/**
 * What of a unit's workbench a change touches: the tabs whose list it alters and the inbox tabs
 * whose count it alters, 全部 only for a stream that asked for it (`scope`); null when none (the
 * workbench does not hear it).
 */
export function touches(orgs: OrgDirectory, audience: { unitId: number; path: string; scope: boolean }, note: ChangeNote): Touched | null {
  const mine = note.touched.find(([id]) => id === audience.unitId)
  const tabs: WorkbenchTab[] = mine ? [...mine[1]] : []
  if (audience.scope && concerns(orgs, audience.path, note)) tabs.push('all')
  return tabs.length ? { tabs, counts: mine ? mine[2] : [] } : null
}

/** Whether the reporter's own views show the change: all but the staff's internal notes (their timeline hides those too). */
export const shownToReporter = (note: ChangeNote) => note.action !== 'comment' || note.toReporter

/**
 * The changes of `notes` each resident stream may hear, as [note, residentIds]: of the events the
 * resident reported (and the survivors they were merged into), shown to reporters; and the progress
 * of the events they follow (关注), without the messages between the units and the reporter. Two
 * queries for every resident, whatever their number.
 */
export async function forResidents(ctx: AppContext, notes: ChangeNote[], residentIds: number[]): Promise<Map<ChangeNote, Set<number>>> {
  const shown = notes.filter(shownToReporter)
  const progress = shown.filter((n) => n.action !== 'comment')
  const db = ctx.database.db
  const reporters = byEvent(await followers(db, [...new Set(shown.map((n) => n.eventId))], residentIds))
  const following = byEvent(await followingResidents(db, [...new Set(progress.map((n) => n.eventId))], residentIds))
  const heard = new Map<ChangeNote, Set<number>>()
  for (const note of shown) {
    const who = new Set([...(reporters.get(note.eventId) ?? []), ...(note.action === 'comment' ? [] : (following.get(note.eventId) ?? []))])
    if (who.size) heard.set(note, who)
  }
  return heard
}

const byEvent = (pairs: Array<[number, number]>) => {
  const map = new Map<number, Set<number>>()
  for (const [eventId, residentId] of pairs) map.set(eventId, (map.get(eventId) ?? new Set()).add(residentId))
  return map
}

/** The message of a change; on a workbench stream with what of it the change touches. */
export function formatChange(note: ChangeNote, touched?: Touched): string {
  const { id, fromUnitId: _from, toReporter: _to, touched: _touched, ...message } = note
  return `id: ${id}\nevent: change\ndata: ${JSON.stringify({ ...message, ...touched } satisfies ChangeMessage)}\n\n`
}

export interface Hub {
  add(client: StreamClient): () => void
  size(): number
  close(): Promise<void>
}

/** Starts listening; one LISTEN per instance whatever the number of clients. */
export async function startHub(ctx: AppContext): Promise<Hub> {
  const clients = new Set<StreamClient>()
  // by audience kind: the screens' areas and the residents are each looked through, the workbenches
  // are reached through their unit
  const areas = new Set<StreamClient>()
  const residentStreams = new Set<StreamClient>()
  const personal = new Set<StreamClient>()
  const byUnit = new Map<number, Set<StreamClient>>()
  let residentDelivery = Promise.resolve()
  const unlisten = await ctx.database.listen(
    CHANGES_CHANNEL,
    (payload) => {
      let note: ChangeNote
      try {
        note = JSON.parse(payload) as ChangeNote
      } catch {
        return
      }
      ctx.metrics.changesReceived.inc()
      let chunk: string | undefined
      for (const client of areas) {
        if (client.audience.kind === 'area' && concerns(ctx.orgs, client.audience.path, note)) {
          chunk ??= formatChange(note)
          client.write(chunk, note.id)
          ctx.metrics.changeMessages.inc({ audience: 'area' })
        }
      }
      // the units whose tabs it touches and those whose scope may hold it (for the streams showing
      // 全部): a few dozen at most, each looked up
      if (byUnit.size) {
        const units = scopeUnits(ctx.orgs, note)
        for (const [id] of note.touched) units.add(id)
        for (const unitId of units) {
          const streams = byUnit.get(unitId)
          if (!streams) continue
          // the streams of one unit differ only in showing 全部 or not: one message each way
          const texts = new Map<boolean, string | null>()
          for (const client of streams) {
            if (client.audience.kind !== 'unit') continue
            const { scope } = client.audience
            let text = texts.get(scope)
            if (text === undefined) {
              const touched = touches(ctx.orgs, client.audience, note)
              text = touched && formatChange(note, touched)
              texts.set(scope, text)
            }
            if (text === null) continue
            client.write(text, note.id)
            ctx.metrics.changeMessages.inc({ audience: 'unit' })
          }
        }
      }
      const residents = new Set<number>()
      for (const client of residentStreams) if (client.audience.kind === 'resident') residents.add(client.audience.residentId)
      // whose event it is needs the database: one look-up per change for all resident streams,
      // chained so that they hear their changes in the order they were made
      if (residents.size && shownToReporter(note)) {
        residentDelivery = residentDelivery
          .then(async () => {
            const who = (await forResidents(ctx, [note], [...residents])).get(note)
            if (!who) return
            const text = formatChange(note)
            for (const client of residentStreams) {
              if (client.audience.kind === 'resident' && who.has(client.audience.residentId)) {
                client.write(text, note.id)
                ctx.metrics.changeMessages.inc({ audience: 'resident' })
              }
            }
          })
          .catch((error) => ctx.log.error({ err: error }, 'resident stream delivery failed'))
      }
    },
    // the database connection was lost and is back: what changed meanwhile was not heard, so every
    // open screen and workbench reloads its data
    () => {
      ctx.log.warn({ clients: clients.size }, 'change listener reconnected; streams told to resync')
      for (const client of clients) client.write(RESYNC, 0)
    },
  )
  // 研判预警: an alert raised or changed goes to the screens of areas holding its unit and to the
  // workbenches whose unit's subtree holds it (no id: alerts are not replayed; a reconnect reloads them)
  const unlistenAlerts = await ctx.database.listen(ALERTS_CHANNEL, (payload) => {
    let note: AlertNote
    try {
      note = JSON.parse(payload) as AlertNote
    } catch {
      return
    }
    const text = `event: alert\ndata: ${JSON.stringify({ id: note.id, kind: note.kind, state: note.state })}\n\n`
    for (const client of clients) {
      const { audience } = client
      if (audience.kind === 'resident' || audience.kind === 'me') continue
      if (note.unitPath.startsWith(audience.path)) client.write(text, 0)
    }
  })
  // a resident's or a unit's new notices, a call at an operator's desk: to the streams of whom it names
  // (no id: a reconnecting page reads its notices and the current call again)
  const unlistenPersonal = await ctx.database.listen(PERSONAL_CHANNEL, (payload) => {
    let note: PersonalNote
    try {
      note = JSON.parse(payload) as PersonalNote
    } catch {
      return
    }
    if (note.kind === 'call') {
      const text = `event: call\ndata: ${JSON.stringify({ callId: note.callId, state: note.state })}\n\n`
      for (const client of personal) if (client.audience.kind === 'me' && client.audience.userId === note.userId) client.write(text, 0)
      return
    }
    const text = 'event: notice\ndata: {}\n\n'
    const residents = new Set(note.residentIds)
    const units = new Set(note.unitIds)
    const heard = (audience: Audience) =>
      (audience.kind === 'resident' && residents.has(audience.residentId)) || (audience.kind === 'me' && units.has(audience.unitId))
    for (const client of residents.size ? residentStreams : []) if (heard(client.audience)) client.write(text, 0)
    for (const client of units.size ? personal : []) if (heard(client.audience)) client.write(text, 0)
  })
  const heartbeat = setInterval(() => {
    for (const client of clients) client.write(': heartbeat\n\n', 0)
  }, HEARTBEAT_MS)
  heartbeat.unref()
  let closed = false
  return {
    add(client) {
      // a stream that arrives while the server closes is ended at once, or it would hold the close
      if (closed) {
        client.end()
        return () => {}
      }
      clients.add(client)
      const { audience } = client
      if (audience.kind === 'area') areas.add(client)
      else if (audience.kind === 'resident') residentStreams.add(client)
      else if (audience.kind === 'me') personal.add(client)
      else {
        const streams = byUnit.get(audience.unitId) ?? new Set()
        byUnit.set(audience.unitId, streams.add(client))
      }
      ctx.metrics.streamClients.inc({ audience: audience.kind })
      return () => {
        if (!clients.delete(client)) return
        areas.delete(client)
        residentStreams.delete(client)
        personal.delete(client)
        if (audience.kind === 'unit') {
          const streams = byUnit.get(audience.unitId)
          streams?.delete(client)
          if (streams?.size === 0) byUnit.delete(audience.unitId)
        }
        ctx.metrics.streamClients.dec({ audience: audience.kind })
      }
    },
    size: () => clients.size,
    async close() {
      closed = true
      clearInterval(heartbeat)
      for (const client of clients) client.end()
      clients.clear()
      areas.clear()
      residentStreams.clear()
      personal.clear()
      byUnit.clear()
      await residentDelivery
      await unlisten()
      await unlistenAlerts()
      await unlistenPersonal()
    },
  }
}

/**
 * The changes after `lastId` from the log, for a client that reconnects; null when more were missed
 * than a replay should carry (the client reloads instead).
 */
export async function changesSince(ctx: AppContext, lastId: number): Promise<ChangeNote[] | null> {
  const db = ctx.database.db
  const rows = await entriesAfter(db, lastId, REPLAY_LIMIT + 1)
  if (rows.length > REPLAY_LIMIT) return null
  // the tabs each change touched, from its event's log folded up to it: what its live note said, or
  // more (a change the live note folded into a later one of its transaction is told on its own)
  const around = await statesAround(db, rows)
  return rows.map((r) => {
    const states = around.get(r.id)
    return {
      id: r.id,
      eventId: r.event_id,
      number: r.number,
      state: r.to_state as ChangeNote['state'],
      action: r.action as ChangeNote['action'],
      currentUnitId: states ? states.after.currentUnitId : (r.to_unit_id ?? r.current_unit_id),
      districtId: r.district_id,
      communityId: r.community_id,
      category: r.category_code,
      channel: r.channel as ChangeNote['channel'],
      at: new Date(r.at).toISOString(),
      fromUnitId: r.from_unit_id,
      toReporter: r.to_reporter,
      touched: states ? touchedTabs(ctx.orgs, states.before, states.after) : [],
    }
  })
}
