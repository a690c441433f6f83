/**
 * Photos of events (report photos from the reporter, result photos from the resolving unit).
 * A photo is uploaded first, owned by its uploader alone, and joins an event when a report or an
 * action names it in `attachmentIds`; from then on whoever may read the event may see it.
 */
import type { ActionBody, Photo } from '@xiaolan/contracts'
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { invalid, notFound } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import type { Actor } from './lifecycle.ts'
import { inScope } from './queries.ts'

/** Larger photos are refused; the web app downscales to ~1600 px JPEG (a few hundred kB) first. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024

/** The image type by its first bytes; the declared content type is not trusted. */
export function photoType(bytes: Uint8Array): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  const at = (i: number, ...values: number[]) => values.every((v, k) => bytes[i + k] === v)
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp'
  return null
}

const uploaderOf = (who: Principal | Actor) => {
  if (who.kind === 'staff') return { userId: 'user' in who ? who.user.id : who.userId, residentId: null }
  if (who.kind === 'resident') return { userId: null, residentId: 'resident' in who ? who.resident.id : who.residentId }
  return { userId: null, residentId: null }
}

/** How long an uploaded photo waits for a report or an action to take it before it is removed. */
export const UNATTACHED_TTL_MS = 24 * 3600_000

export async function savePhoto(db: Kysely<DB>, principal: Principal, bytes: Uint8Array, now: Date): Promise<{ id: number; url: string }> {
  if (bytes.length === 0) throw invalid('file', 'The photo is empty')
  if (bytes.length > MAX_PHOTO_BYTES) throw invalid('file', `A photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB`)
  const mime = photoType(bytes)
  if (!mime) throw invalid('file', 'Only JPEG, PNG or WebP photos are accepted')
  const who = uploaderOf(principal)
  // each upload sweeps a few abandoned ones (a report left halfway), by the partial index of 0009
  await db
    .deleteFrom('attachments')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('attachments')
        .select('id')
        .where('event_id', 'is', null)
        .where('created_at', '<', new Date(now.getTime() - UNATTACHED_TTL_MS))
        .limit(20),
    )
    .execute()
  const { id } = await db
    .insertInto('attachments')
    .values({
      uploader_user_id: who.userId,
      uploader_resident_id: who.residentId,
      mime,
      size: bytes.length,
      data: Buffer.from(bytes),
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id, url: photoUrl(id) }
}

const photoUrl = (id: number) => `/api/v1/attachments/${id}`

/**
 * Attaches the caller's own, not yet attached photos to one step (`seq`) of an event, inside the
 * step's transaction: an unknown or someone else's photo fails the whole step.
 */
export async function attachPhotos(
  tx: Transaction<DB>,
  options: { ids: readonly number[] | undefined; eventId: number; seq: number; kind: Photo['kind']; actor: Actor },
) {
  const ids = options.ids ?? []
  if (ids.length === 0) return
  const who = uploaderOf(options.actor)
  const updated = await tx
    .updateTable('attachments')
    .set({ event_id: options.eventId, seq: options.seq, kind: options.kind })
    .where('id', 'in', ids)
    .where('event_id', 'is', null)
    .where((eb) => (who.userId !== null ? eb('uploader_user_id', '=', who.userId) : eb('uploader_resident_id', '=', who.residentId ?? -1)))
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) !== ids.length) {
    throw invalid('attachmentIds', 'A photo is unknown, not yours, or already attached; upload it again')
  }
}

/** Which kind an action's photos are; only a result (resolve) or a message (comment) takes photos. */
export function actionPhotoKind(body: ActionBody, principal: Pick<Principal, 'kind'> | { kind: 'caller_link' }): Photo['kind'] {
  if (body.attachmentIds?.length && body.type !== 'resolve' && body.type !== 'comment') {
    throw invalid('attachmentIds', 'Only a result or a message takes photos')
  }
  return principal.kind === 'resident' ? 'report' : 'result'
}

/**
 * Photos of an internal note (a staff comment not to the reporter): the reporter sees neither the
 * note nor its photos, in the event's view or by the photo's address.
 */
const ofInternalNote = (eb: ExpressionBuilder<DB, 'attachments'>) =>
  eb.exists(
    eb
      .selectFrom('event_actions')
      .select(sql`1`.as('one'))
      .whereRef('event_actions.event_id', '=', 'attachments.event_id')
      .whereRef('event_actions.seq', '=', 'attachments.seq')
      .where('event_actions.action', '=', 'comment')
      .where('event_actions.to_reporter', '=', false),
  )

/** The photos of some events, by event id, in upload order; for a reporter (not staff) without internal notes' photos. */
export async function photosOf(
  db: Kysely<DB>,
  eventIds: number[],
  principal?: Principal,
): Promise<Map<number, Array<Photo & { seq: number }>>> {
  const byEvent = new Map<number, Array<Photo & { seq: number }>>()
  if (eventIds.length === 0) return byEvent
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'event_id', 'seq', 'kind'])
    .where('event_id', 'in', eventIds)
    .$if(principal !== undefined && principal.kind !== 'staff', (q) => q.where((eb) => eb.not(ofInternalNote(eb))))
    .orderBy('id')
    .execute()
  for (const r of rows) {
    const list = byEvent.get(r.event_id as number) ?? []
    list.push({ id: r.id, url: photoUrl(r.id), kind: r.kind as Photo['kind'], seq: r.seq as number })
    byEvent.set(r.event_id as number, list)
  }
  return byEvent
}

/** A photo's bytes, for its uploader (before it is attached) or for whoever may read its event. */
export async function readPhoto(app: AppContext, principal: Principal, id: number) {
  const row = await app.database.db
    .selectFrom('attachments')
    .select(['mime', 'data', 'event_id', 'uploader_user_id', 'uploader_resident_id'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('Photo')
  const who = uploaderOf(principal)
  const mine =
    (who.userId !== null && row.uploader_user_id === who.userId) || (who.residentId !== null && row.uploader_resident_id === who.residentId)
  if (!mine) {
    if (row.event_id === null) throw notFound('Photo')
    const visible = await app.database.db
      .selectFrom('events')
      .select(sql`1`.as('one'))
      .where('id', '=', row.event_id)
      .where(inScope(principal, app.orgs))
      .executeTakeFirst()
    if (!visible) throw notFound('Photo')
    if (principal.kind !== 'staff') {
      const internal = await app.database.db
        .selectFrom('attachments')
        .select('id')
        .where('id', '=', id)
        .where((eb) => ofInternalNote(eb))
        .executeTakeFirst()
      if (internal) throw notFound('Photo')
    }
  }
  return { mime: row.mime, data: Buffer.from(row.data) }
}
