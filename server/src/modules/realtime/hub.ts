/**
 * Live changes to open screens and workbenches (server-sent events). Inside the write transaction
 * each change NOTIFYs `xiaolan_changes` with its action-log id — delivered at commit, never for a
 * rolled-back write. Every instance LISTENs once and fans out to its own SSE clients, filtered by
 * each client's area, so several instances behind a load balancer all see every change.
 */
import type { ChangeMessage } from '@xiaolan/contracts'
import { sql, type Transaction } from 'kysely'
import type { AppContext, EventChange } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { entriesAfter } from '../events/changes.ts'
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
}

/** An open stream: its area (the path of its unit, a prefix of the subtree) and how to write to it. */
export interface StreamClient {
  path: string
  /** `id` is the change's id (0 for heartbeats) */
  write(chunk: string, id: number): void
  end(): void
}

/** The listener that NOTIFYs every change with its log id. */
export function notifyListener() {
  return async function notifyChange(tx: Transaction<DB>, change: EventChange) {
    const { event, after, entry, entryId } = change
    const note: ChangeNote = {
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
    }
    await sql`select pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify(note)})`.execute(tx)
  }
}

/** Whether a change concerns an area: located in it, or handled (now or just before) by a unit of it. */
export function concerns(orgs: OrgDirectory, client: Pick<StreamClient, 'path'>, note: ChangeNote): boolean {
  const place = note.communityId ?? note.districtId
  const located = place === null ? orgs.root().path : orgs.unit(place)?.path
  if (located?.startsWith(client.path)) return true
  for (const id of [note.currentUnitId, note.fromUnitId]) {
    if (id === null) continue
    if (orgs.unit(id)?.path.startsWith(client.path)) return true
  }
  return false
}

export function formatChange(note: ChangeNote): string {
  const { id, fromUnitId: _from, ...message } = note
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
  const unlisten = await ctx.database.listen(
    CHANGES_CHANNEL,
    (payload) => {
      let note: ChangeNote
      try {
        note = JSON.parse(payload) as ChangeNote
      } catch {
        return
      }
      let chunk: string | undefined
      for (const client of clients) {
        if (!concerns(ctx.orgs, client, note)) continue
        chunk ??= formatChange(note)
        client.write(chunk, note.id)
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
      return () => {
        clients.delete(client)
      }
    },
    size: () => clients.size,
    async close() {
      closed = true
      clearInterval(heartbeat)
      for (const client of clients) client.end()
      clients.clear()
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
  }))
}
