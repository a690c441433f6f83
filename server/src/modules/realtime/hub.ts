/**
 * Live changes to open screens, workbenches and residents' pages (server-sent events). Inside the
 * write transaction each change NOTIFYs `xiaolan_changes` with its action-log id — delivered at
 * commit, never for a rolled-back write. Every instance LISTENs once and fans out to its own SSE
 * clients, filtered by each client's audience (a staff area, or one resident's own events), so
 * several instances behind a load balancer all see every change.
 */
import type { ChangeMessage } from '@xiaolan/contracts'
import { sql, type Transaction } from 'kysely'
import type { AppContext, EventChange } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { entriesAfter, followers } from '../events/changes.ts'
import type { OrgDirectory } from '../orgs/directory.ts'

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
}

/**
 * Whom an open stream is for: staff, an area (the path of their unit or of a unit of its subtree, a
 * prefix of every path below); a resident, their own events (DESIGN §10: the ones they reported and
 * the survivors their merged reports went into), never another's.
 */
export type Audience = { kind: 'area'; path: string } | { kind: 'resident'; residentId: number }

/** An open stream: its audience and how to write to it. */
export interface StreamClient {
  audience: Audience
  /** `id` is the change's id (0 for heartbeats) */
  write(chunk: string, id: number): void
  end(): void
}

/** The listener that NOTIFYs every change with its log id, all of a transaction's in one statement. */
export function notifyListener() {
  return async function notifyChange(tx: Transaction<DB>, changes: readonly EventChange[]) {
    const notes = changes.map(
      ({ event, after, entry, entryId }): ChangeNote => ({
        id: entryId,
        eventId: event.id,
        number: event.number,
        state: after.state,
        action: entry.action,
        currentUnitId: after.currentUnitId,
        districtId: event.districtId,
        communityId: event.communityId,
        category: event.category,
        channel: event.channel as ChangeNote['channel'],
        at: entry.at,
        fromUnitId: entry.fromUnitId,
        toReporter: entry.toReporter === true,
      }),
    )
    if (notes.length === 0) return
    const calls = notes.map((note) => sql`pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify(note)})`)
    await sql`select ${sql.join(calls)}`.execute(tx)
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

/** Whether the reporter's own views show the change: all but the staff's internal notes (their timeline hides those too). */
export const shownToReporter = (note: ChangeNote) => note.action !== 'comment' || note.toReporter

/**
 * The changes of `notes` each resident stream may hear, as [note, residentIds]: shown to reporters
 * and of an event the resident follows. One query for every resident, whatever their number.
 */
export async function forResidents(ctx: AppContext, notes: ChangeNote[], residentIds: number[]): Promise<Map<ChangeNote, Set<number>>> {
  const shown = notes.filter(shownToReporter)
  const pairs = await followers(ctx.database.db, [...new Set(shown.map((n) => n.eventId))], residentIds)
  const byEvent = new Map<number, Set<number>>()
  for (const [eventId, residentId] of pairs) byEvent.set(eventId, (byEvent.get(eventId) ?? new Set()).add(residentId))
  const heard = new Map<ChangeNote, Set<number>>()
  for (const note of shown) {
    const who = byEvent.get(note.eventId)
    if (who) heard.set(note, who)
  }
  return heard
}

export function formatChange(note: ChangeNote): string {
  const { id, fromUnitId: _from, toReporter: _to, ...message } = note
  return `id: ${id}\nevent: change\ndata: ${JSON.stringify(message satisfies ChangeMessage)}\n\n`
}

export interface Hub {
  add(client: StreamClient): () => void
  size(): number
  close(): Promise<void>
}

/** Starts listening; one LISTEN per instance whatever the number of clients. */
export async function startHub(ctx: AppContext): Promise<Hub> {
  const clients = new Set<StreamClient>()
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
      const residents = new Set<number>()
      for (const client of clients) {
        const { audience } = client
        if (audience.kind === 'resident') residents.add(audience.residentId)
        else if (concerns(ctx.orgs, audience.path, note)) {
          chunk ??= formatChange(note)
          client.write(chunk, note.id)
          ctx.metrics.changeMessages.inc({ audience: 'area' })
        }
      }
      // whose event it is needs the database: one look-up per change for all resident streams,
      // chained so that they hear their changes in the order they were made
      if (residents.size && shownToReporter(note)) {
        residentDelivery = residentDelivery
          .then(async () => {
            const who = (await forResidents(ctx, [note], [...residents])).get(note)
            if (!who) return
            const text = formatChange(note)
            for (const client of clients) {
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
      ctx.metrics.streamClients.inc({ audience: client.audience.kind })
      return () => {
        if (clients.delete(client)) ctx.metrics.streamClients.dec({ audience: client.audience.kind })
      }
    },
    size: () => clients.size,
    async close() {
      closed = true
      clearInterval(heartbeat)
      for (const client of clients) client.end()
      clients.clear()
      await residentDelivery
      await unlisten()
    },
  }
}

/**
 * The changes after `lastId` from the log, for a client that reconnects; null when more were missed
 * than a replay should carry (the client reloads instead).
 */
export async function changesSince(ctx: AppContext, lastId: number): Promise<ChangeNote[] | null> {
  const rows = await entriesAfter(ctx.database.db, lastId, REPLAY_LIMIT + 1)
  if (rows.length > REPLAY_LIMIT) return null
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    number: r.number,
    state: r.to_state as ChangeNote['state'],
    action: r.action as ChangeNote['action'],
    currentUnitId: r.to_unit_id ?? r.current_unit_id,
    districtId: r.district_id,
    communityId: r.community_id,
    category: r.category_code,
    channel: r.channel as ChangeNote['channel'],
    at: new Date(r.at).toISOString(),
    fromUnitId: r.from_unit_id,
    toReporter: r.to_reporter,
  }))
}
