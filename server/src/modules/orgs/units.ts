/**
 * The org_units rows as the admin console edits them. The in-memory directory (directory.ts) may
 * trail a concurrent edit, so the checks of an edit read and lock the rows themselves.
 */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../db/types.ts'

/** The city center's id (the one unit without a parent). */
export async function rootUnitId(db: Kysely<DB>): Promise<number> {
  return (await db.selectFrom('org_units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow()).id
}

/**
 * Locks the unit's row and answers whether it is active in the database: the lock makes a
 * deactivation and an account moved into the unit wait for each other instead of both passing
 * their checks.
 */
export async function lockUnit(tx: Transaction<DB>, unitId: number, mode: 'share' | 'update'): Promise<boolean> {
  const base = tx.selectFrom('org_units').select('active').where('id', '=', unitId)
  const row = await (mode === 'update' ? base.forUpdate() : base.forShare()).executeTakeFirst()
  return row?.active ?? false
}

export async function activeChildrenOf(tx: Transaction<DB>, unitId: number): Promise<number> {
  const { n } = await tx
    .selectFrom('org_units')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('parent_id', '=', unitId)
    .where('active', '=', true)
    .executeTakeFirstOrThrow()
  return n
}

/** A new name and active flag (the directory is reloaded from the rows afterwards). */
export async function updateUnit(tx: Transaction<DB>, unitId: number, set: { name: string; active: boolean }) {
  await tx
    .updateTable('org_units')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', unitId)
    .execute()
}
