/** The roles of staff accounts, for views that say what kind of desk acted (the public timeline's 12345 热线). */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.ts'

export async function staffRoles(db: Kysely<DB>, userIds: number[]): Promise<Map<number, string>> {
  if (userIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('id', 'in', [...new Set(userIds)])
    .execute()
  return new Map(rows.map((r) => [r.id, r.role]))
}
