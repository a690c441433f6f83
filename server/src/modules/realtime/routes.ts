import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MEDIA, StreamQuery, streamed } from '@xiaolan/contracts'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { App } from '../../app.ts'
import type { AppContext } from '../../context.ts'
import { invalid } from '../../errors.ts'
import { requireResident, requireStaff } from '../accounts/auth.ts'
import { scopeFor } from '../analytics/dashboard.ts'
import { latestEntryId } from '../events/changes.ts'
import {
  type Audience,
  type ChangeNote,
  changesSince,
  concerns,
  formatChange,
  forResidents,
  type Hub,
  REPLAY_OVERLAP,
  RESYNC,
  type StreamClient,
  startHub,
  touches,
} from './hub.ts'

/**
 * `GET /api/v1/stream`: server-sent events of the changes in the caller's area (or `scope`, a unit
 * of their subtree), for the big screen; with `view=workbench`, of the changes that touch the
 * caller's own unit's inbox tabs (and with `tab=all` those in its data scope, for 全部), each saying
 * which tabs' lists and counts it alters (the workbench refetches just those); `GET /api/v1/resident/stream`: those of a resident's own events, the same
 * messages (the fields name nothing the resident's own event page does not show; the staff's
 * internal notes are left out, as on their timeline). `id:` is the change id; a reconnect sends it
 * back as Last-Event-ID and gets what it missed from the log, or `event: resync` when that is too
 * much (reload everything). Delivery is at least once: a replay overlaps what the client may
 * already have seen.
 */
export const realtimeRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const hub = await startHub(ctx)
  // open streams would keep server.close() waiting: end them first
  fastify.addHook('preClose', async () => hub.close())

  fastify.get(
    '/stream',
    {
      schema: {
        tags: ['realtime'],
        querystring: StreamQuery,
        response: streamed(
          MEDIA.sse,
          'event: change messages (ChangeMessage; with tabs and counts on view=workbench), ready, resync; on view=me only notice and call messages',
        ),
      },
    },
    async (request, reply) => {
      const principal = requireStaff(request)
      if (request.query.view === 'me') {
        if (request.query.scope !== undefined || request.query.tab !== undefined) {
          throw invalid(request.query.scope !== undefined ? 'scope' : 'tab', 'A personal stream is of the caller alone')
        }
        await serveStream(ctx, hub, request, reply, { kind: 'me', userId: principal.user.id, unitId: principal.user.unitId })
        return
      }
      if (request.query.view === 'workbench') {
        if (request.query.scope !== undefined) throw invalid('scope', 'A workbench stream is of the caller’s own unit')
        const unit = ctx.orgs.unit(principal.user.unitId)
        if (!unit) throw invalid('view', 'The caller’s unit is not in the org tree')
        const audience = { kind: 'unit' as const, unitId: unit.id, path: unit.path, scope: request.query.tab === 'all' }
        await serveStream(ctx, hub, request, reply, audience)
        return
      }
      if (request.query.tab !== undefined) throw invalid('tab', 'Only a workbench stream (view=workbench) has tabs')
      const scope = scopeFor(ctx, principal, request.query.scope)
      await serveStream(ctx, hub, request, reply, { kind: 'area', path: scope.path })
    },
  )

  fastify.get(
    '/resident/stream',
    {
      schema: {
        tags: ['realtime'],
        response: streamed(
          MEDIA.sse,
          'event: change messages (ChangeMessage) of the resident’s own events, notice (new notices), ready, resync',
        ),
      },
    },
    async (request, reply) => {
      const principal = requireResident(request)
      await serveStream(ctx, hub, request, reply, { kind: 'resident', residentId: principal.resident.id })
    },
  )
}

/** The replayed notes the audience may hear, in their order, each as its message: the live fan-out's filters. */
async function audible(ctx: AppContext, audience: Audience, notes: ChangeNote[]): Promise<Array<[ChangeNote, string]>> {
  if (audience.kind === 'area')
    return notes.filter((note) => concerns(ctx.orgs, audience.path, note)).map((note) => [note, formatChange(note)])
  if (audience.kind === 'unit') {
    const heard: Array<[ChangeNote, string]> = []
    for (const note of notes) {
      const touched = touches(ctx.orgs, audience, note)
      if (touched) heard.push([note, formatChange(note, touched)])
    }
    return heard
  }
  // a personal stream hears no changes: its page reads its notices and call again on `ready`
  if (audience.kind === 'me') return []
  const heard = await forResidents(ctx, notes, [audience.residentId])
  return notes.filter((note) => heard.has(note)).map((note) => [note, formatChange(note)])
}

async function serveStream(ctx: AppContext, hub: Hub, request: FastifyRequest, reply: FastifyReply, audience: Audience) {
  const header = request.headers['last-event-id']
  const lastId = header === undefined || header === '' ? null : Number(header)
  if (lastId !== null && !(Number.isSafeInteger(lastId) && lastId >= 0)) throw invalid('Last-Event-ID', 'Not a change id')

  reply.hijack()
  const res = reply.raw
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store, no-transform', // a session's changes: kept by no cache
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  })
  // live changes wait in `pending` while the missed ones are read, so none is lost or doubled
  let pending: Array<[string, number]> | null = []
  const client: StreamClient = {
    audience,
    write(chunk, id) {
      if (pending) pending.push([chunk, id])
      else res.write(chunk)
    },
    end: () => res.end(),
  }
  const remove = hub.add(client)
  request.raw.on('close', remove)

  res.write('retry: 3000\n\n')
  const replayed = new Set<number>()
  if (lastId === null) {
    res.write(`id: ${await latestEntryId(ctx.database.db)}\nevent: ready\ndata: {}\n\n`)
  } else {
    // ids are taken before commit, so a slightly older id can commit later: replay with an overlap
    const missed = await changesSince(ctx, Math.max(0, lastId - REPLAY_OVERLAP))
    if (missed === null) res.write(RESYNC)
    for (const [note, text] of await audible(ctx, audience, missed ?? [])) {
      replayed.add(note.id)
      res.write(text)
    }
  }
  const waiting = pending
  pending = null
  for (const [chunk, id] of waiting) if (!replayed.has(id)) res.write(chunk)
}
