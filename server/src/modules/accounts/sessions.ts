/**
 * Database-backed sessions: the browser holds a random token in an httpOnly cookie, the table
 * holds its SHA-256, so instances stay stateless and a leaked table opens no session.
 *
 * Every request names its session, so each instance keeps the sessions it has just seen for a few
 * seconds (`SessionCache`) instead of reading the table on every request. What ends or changes a
 * session — 退出, an account edited or disabled, a resident's real name — NOTIFYs
 * `xiaolan_sessions` in its own transaction, and every instance drops the sessions it names once
 * that commits; the few seconds bound what a lost notice could leave.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Role } from '@xiaolan/contracts'
import { type Kysely, sql, type Transaction } from 'kysely'
import type { Database } from '../../db/index.ts'
import type { DB } from '../../db/types.ts'

export const SESSION_COOKIE = 'xiaolan_session'

export type Principal =
  | {
      kind: 'staff'
      sessionId: string
      csrfToken: string
      user: { id: number; username: string; displayName: string; role: Role; unitId: number }
    }
  | {
      kind: 'resident'
      sessionId: string
      csrfToken: string
      resident: { id: number; phone: string; name: string | null; verified: boolean }
    }

const digest = (token: string) => createHash('sha256').update(token).digest('base64url')

/**
 * A new session's cookie token and CSRF token, and its row as `sessions` keeps it (the token's
 * digest, not the token), for an insert of the caller's (a resident's login writes it in the
 * statement that uses up the code).
 */
export function newSession(days: number) {
  const token = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  return { token, csrfToken, row: { id: digest(token), csrf_token: csrfToken, expires_at: new Date(Date.now() + days * 86_400_000) } }
}

/**
 * A new session for `subject`, and who it is (as `findSession` would read it): the insert and the
 * read in one statement, one round trip for a login rather than two.
 */
export async function createSession(
  db: Kysely<DB>,
  subject: { userId: number } | { residentId: number },
  days: number,
): Promise<{ token: string; csrfToken: string; principal: Principal | null }> {
  const { token, csrfToken, row: session } = newSession(days)
  const row = await db
    .with('s', (w) =>
      w
        .insertInto('sessions')
        .values({
          ...session,
          user_id: 'userId' in subject ? subject.userId : null,
          resident_id: 'residentId' in subject ? subject.residentId : null,
        })
        .returning(['id', 'user_id', 'resident_id', 'csrf_token', 'expires_at']),
    )
    .selectFrom('s')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('residents as r', 'r.id', 's.resident_id')
    .select(PRINCIPAL_COLUMNS)
    .executeTakeFirstOrThrow()
  return { token, csrfToken, principal: principalOf(row)?.principal ?? null }
}

export async function findSession(db: Kysely<DB>, token: string): Promise<Principal | null> {
  return (await sessionRow(db, digest(token)))?.principal ?? null
}

/** What a session's row and its account's make a principal of (`s` the session, `u` the user, `r` the resident). */
const PRINCIPAL_COLUMNS = [
  's.id',
  's.csrf_token',
  's.expires_at',
  'u.id as user_id',
  'u.username',
  'u.display_name',
  'u.role',
  'u.unit_id',
  'u.disabled',
  'r.id as resident_id',
  'r.phone',
  'r.name',
  'r.verified_at',
] as const

/** A session's row and its account's, as `PRINCIPAL_COLUMNS` names them. */
export type PrincipalRow = {
  id: string
  csrf_token: string
  expires_at: Date | string
  user_id: number | null
  username: string | null
  display_name: string | null
  role: string | null
  unit_id: number | null
  disabled: boolean | null
  resident_id: number | null
  phone: string | null
  name: string | null
  verified_at: Date | string | null
}

async function sessionRow(db: Kysely<DB>, id: string): Promise<{ principal: Principal; expiresAt: number } | null> {
  const row = await db
    .selectFrom('sessions as s')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('residents as r', 'r.id', 's.resident_id')
    .select(PRINCIPAL_COLUMNS)
    .where('s.id', '=', id)
    .where('s.expires_at', '>', new Date())
    .executeTakeFirst()
  return row ? principalOf(row) : null
}

export function principalOf(row: PrincipalRow): { principal: Principal; expiresAt: number } | null {
  const expiresAt = new Date(row.expires_at).getTime()
  if (row.user_id !== null) {
    if (row.disabled) return null
    const user = {
      id: row.user_id,
      username: row.username as string,
      displayName: row.display_name as string,
      role: row.role as Role,
      unitId: row.unit_id as number,
    }
    return { principal: { kind: 'staff', sessionId: row.id, csrfToken: row.csrf_token, user }, expiresAt }
  }
  const resident = { id: row.resident_id as number, phone: row.phone as string, name: row.name, verified: row.verified_at !== null }
  return { principal: { kind: 'resident', sessionId: row.id, csrfToken: row.csrf_token, resident }, expiresAt }
}

export async function deleteSession(db: Kysely<DB>, sessionId: string) {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('sessions').where('id', '=', sessionId).execute()
    await sessionsChanged(tx, { sessionId })
  })
}

const SESSIONS_CHANNEL = 'xiaolan_sessions'

/** What a change ends or alters: one session, every session of an account, or of a resident. */
export type SessionChange = { sessionId: string } | { userId: number } | { residentId: number }

/**
 * Tells every instance, once `tx` commits, to forget the sessions `change` names; this process's
 * caches forget them at once too, so the caller's very next request reads the change.
 */
export async function sessionsChanged(tx: Transaction<DB>, change: SessionChange) {
  for (const cache of caches) cache.forget(change)
  await sql`select pg_notify(${SESSIONS_CHANNEL}, ${JSON.stringify(change)})`.execute(tx)
}

/** The caches of this process's apps (tests run several). */
const caches = new Set<SessionCache>()

/** How long a session seen is trusted without reading it again, and how many are kept. */
const CACHE_MS = 5000
const CACHE_SIZE = 20_000

/** The sessions an instance has just seen (only found ones: a new session is read at once). */
export class SessionCache {
  private readonly seen = new Map<string, { principal: Principal; until: number }>()
  private stop: (() => Promise<void>) | null = null

  constructor(private readonly db: Kysely<DB>) {}

  /** Listens for the changes of every instance; a listener that lost its connection forgets all. */
  async start(database: Database) {
    caches.add(this)
    this.stop = await database.listen(
      SESSIONS_CHANNEL,
      (payload) => {
        try {
          this.forget(JSON.parse(payload) as SessionChange)
        } catch {
          this.seen.clear()
        }
      },
      () => this.seen.clear(),
    )
  }

  async close() {
    caches.delete(this)
    await this.stop?.()
  }

  async find(token: string): Promise<Principal | null> {
    const id = digest(token)
    const now = Date.now()
    const hit = this.seen.get(id)
    if (hit && hit.until > now) return hit.principal
    if (hit) this.seen.delete(id)
    const found = await sessionRow(this.db, id)
    if (!found) return null
    if (this.seen.size >= CACHE_SIZE) this.seen.delete(this.seen.keys().next().value as string)
    this.seen.set(id, { principal: found.principal, until: Math.min(now + CACHE_MS, found.expiresAt) })
    return found.principal
  }

  forget(change: SessionChange) {
    for (const [id, { principal }] of this.seen) {
      if (
        ('sessionId' in change && principal.sessionId === change.sessionId) ||
        ('userId' in change && principal.kind === 'staff' && principal.user.id === change.userId) ||
        ('residentId' in change && principal.kind === 'resident' && principal.resident.id === change.residentId)
      ) {
        this.seen.delete(id)
      }
    }
  }
}
