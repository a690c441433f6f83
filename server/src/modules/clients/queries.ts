/** The clients module's SQL: the only place that names `api_clients`. */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.ts'

const COLUMNS = [
  'id',
  'name',
  'channels',
  'scope_unit_id',
  'key_prefix',
  'key_hash',
  'enabled',
  'created_by',
  'created_at',
  'rotated_at',
  'last_used_at',
] as const

export type ClientRow = Awaited<ReturnType<typeof clientRows>>[number]

/** Every client, newest first (a city has a handful of partners, so no paging). */
export function clientRows(db: Kysely<DB>) {
  return db.selectFrom('api_clients').select(COLUMNS).orderBy('id', 'desc').execute()
}

export function clientRow(db: Kysely<DB>, id: number, forUpdate = false) {
  const query = db.selectFrom('api_clients').select(COLUMNS).where('id', '=', id)
  return (forUpdate ? query.forUpdate() : query).executeTakeFirst()
}

/** The client whose key starts with this prefix (unique), enabled or not. */
export function clientByPrefix(db: Kysely<DB>, prefix: string) {
  return db.selectFrom('api_clients').select(COLUMNS).where('key_prefix', '=', prefix).executeTakeFirst()
}

export function insertClient(
  db: Kysely<DB>,
  values: { name: string; channels: string[]; scope_unit_id: number | null; key_prefix: string; key_hash: string; created_by: number },
) {
  return db.insertInto('api_clients').values(values).returning(COLUMNS).executeTakeFirstOrThrow()
}

export function updateClient(
  db: Kysely<DB>,
  id: number,
  set: Partial<{ name: string; channels: string[]; enabled: boolean; key_prefix: string; key_hash: string; rotated_at: Date }>,
) {
  return db.updateTable('api_clients').set(set).where('id', '=', id).returning(COLUMNS).executeTakeFirstOrThrow()
}

export async function touchClient(db: Kysely<DB>, id: number, at: Date) {
  await db.updateTable('api_clients').set({ last_used_at: at }).where('id', '=', id).execute()
}
