/**
 * Staff accounts and residents' contacts as other modules need them: the admin console's account
 * rows (it checks, audits and shapes them), the usernames that name an actor in a log, ending a
 * user's sessions, a resident's current contact. Writes take the caller's transaction.
 */
import type { Kysely, Transaction, Updateable } from 'kysely'
import type { DB, UsersTable } from '../../db/types.ts'
import { sessionsChanged } from './sessions.ts'

export const USER_COLUMNS = ['id', 'username', 'display_name', 'role', 'unit_id', 'disabled', 'created_at', 'agent_number'] as const

/** Accounts newest id first: `like` on username or display name, a role, a unit; keyset by id (`before`). */
export function userRows(db: Kysely<DB>, q: { like?: string; role?: string; unitId?: number; before?: number; limit: number }) {
  let query = db.selectFrom('users').select(USER_COLUMNS)
  if (q.like !== undefined) {
    const like = q.like
    query = query.where((eb) => eb.or([eb('username', 'ilike', like), eb('display_name', 'ilike', like)]))
  }
  if (q.role) query = query.where('role', '=', q.role)
  if (q.unitId !== undefined) query = query.where('unit_id', '=', q.unitId)
  if (q.before !== undefined) query = query.where('id', '<', q.before)
  return query.orderBy('id', 'desc').limit(q.limit).execute()
}

/** One account's row; `lock` takes it for update (an edit checks it before writing). */
export function userRow(db: Kysely<DB>, id: number, lock = false) {
  const query = db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id)
  return (lock ? query.forUpdate() : query).executeTakeFirst()
}

/** The enabled account with this agent number (来电弹屏: the CTI names the answering operator by it). */
export function userByAgentNumber(db: Kysely<DB>, agentNumber: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'unit_id', 'disabled'])
    .where('agent_number', '=', agentNumber)
    .executeTakeFirst()
}

export async function userIdOf(db: Kysely<DB>, username: string): Promise<number | undefined> {
  return (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())?.id
}

export function insertUser(
  tx: Kysely<DB>,
  values: { username: string; display_name: string; role: string; unit_id: number; password_hash: string },
) {
  return tx.insertInto('users').values(values).returning(USER_COLUMNS).executeTakeFirstOrThrow()
}

export async function updateUserRow(
  tx: Transaction<DB>,
  id: number,
  set: Pick<Updateable<UsersTable>, 'display_name' | 'role' | 'unit_id' | 'disabled' | 'agent_number'>,
) {
  const row = await tx.updateTable('users').set(set).where('id', '=', id).returning(USER_COLUMNS).executeTakeFirstOrThrow()
  await sessionsChanged(tx, { userId: id })
  return row
}

/** A new password; the username, or undefined for no such account. */
export async function setPassword(tx: Transaction<DB>, id: number, hash: string): Promise<string | undefined> {
  return (await tx.updateTable('users').set({ password_hash: hash }).where('id', '=', id).returning('username').executeTakeFirst())
    ?.username
}

/** Ends every session of a user now (a new role, unit, password or a disabled account takes effect at once). */
export async function revokeSessions(tx: Transaction<DB>, userId: number) {
  await tx.deleteFrom('sessions').where('user_id', '=', userId).execute()
  await sessionsChanged(tx, { userId })
}

/** The enabled accounts working in a unit (a unit with any is still in use). */
export async function enabledUsersIn(db: Kysely<DB>, unitId: number): Promise<number> {
  const { n } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('unit_id', '=', unitId)
    .where('disabled', '=', false)
    .executeTakeFirstOrThrow()
  return Number(n)
}

/** Usernames by user id, for logs that name their actors. */
export async function usernames(db: Kysely<DB>, ids: Array<number | null>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id) => id !== null))]
  if (wanted.length === 0) return new Map()
  const rows = await db.selectFrom('users').select(['id', 'username']).where('id', 'in', wanted).execute()
  return new Map(rows.map((r) => [r.id, r.username]))
}

/** A resident's name and phone as they keep them now (an event keeps those given at the report). */
export function residentContact(db: Kysely<DB>, residentId: number) {
  return db.selectFrom('residents').select(['name', 'phone']).where('id', '=', residentId).executeTakeFirst()
}

/** The resident accounts of a phone number (at most one). */
export async function residentIdsByPhone(db: Kysely<DB>, phone: string): Promise<number[]> {
  return (await db.selectFrom('residents').select('id').where('phone', '=', phone).execute()).map((r) => r.id)
}
