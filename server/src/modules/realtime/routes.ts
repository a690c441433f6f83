import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MEDIA, StreamQuery, streamed } from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { invalid } from '../../errors.ts'
import { requireStaff } from '../accounts/auth.ts'
import { scopeFor } from '../analytics/dashboard.ts'
import { latestEntryId } from '../events/changes.ts'
import { changesSince, concerns, formatChange, REPLAY_OVERLAP, RESYNC, type StreamClient, startHub } from './hub.ts'

/**
 * `GET /api/v1/stream`: server-sent events of the changes in the caller's area (or `scope`, a unit
 * of their subtree). `id:` is the change id; a reconnect sends it back as Last-Event-ID and gets
 * what it missed from the log, or `event: resync` when that is too much (reload everything).
 * Delivery is at least once: a replay overlaps what the client may already have seen.
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
        response: streamed(MEDIA.sse, 'event: change messages (ChangeMessage), ready, resync'),
      },
    },
    async (request, reply) => {
      const principal = requireStaff(request)
      const scope = scopeFor(ctx, principal, request.query.scope)
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
        path: scope.path,
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
        for (const note of missed ?? []) {
          if (!concerns(ctx.orgs, client, note)) continue
          replayed.add(note.id)
          res.write(formatChange(note))
        }
      }
      const waiting = pending
      pending = null
      for (const [chunk, id] of waiting) if (!replayed.has(id)) res.write(chunk)
    },
  )
}
