/**
 * Where a partner's event came from: the API client and the partner's own id of it (0027). The
 * unique index on the pair is the ingestion's idempotency; these read it for the channels module.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.ts'

/** The event a client sent under this external id, if any. */
export function eventOfSource(db: Kysely<DB>, clientId: number, externalId: string) {
  return db
    .selectFrom('events')
    .select(['id', 'number'])
    .where('source_client_id', '=', clientId)
    .where('external_id', '=', externalId)
    .executeTakeFirst()
}

/** Whether `error` is a second event for one (client, external id): a retry that raced the first. */
export function isTakenSource(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string }
  return e.code === '23505' && /events_source_external/.test(e.constraint ?? e.message ?? '')
}

/** The events a client sent under any of these external ids, by external id: one query for a batch. */
export async function eventsOfSources(db: Kysely<DB>, clientId: number, externalIds: readonly string[]) {
  if (externalIds.length === 0) return new Map<string, { id: number; number: string }>()
  const rows = await db
    .selectFrom('events')
    .select(['id', 'number', 'external_id'])
    .where('source_client_id', '=', clientId)
    .where('external_id', 'in', [...externalIds])
    .execute()
  return new Map(rows.map((r) => [r.external_id as string, { id: r.id, number: r.number }]))
}
