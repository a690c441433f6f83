/**
 * Database-backed sessions: the browser holds a random token in an httpOnly cookie, the table
 * holds its SHA-256, so instances stay stateless and a leaked table opens no session.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Role } from '@xiaolan/contracts'
import type { Kysely } from 'kysely'
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

export async function createSession(
  db: Kysely<DB>,
  subject: { userId: number } | { residentId: number },
  days: number,
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  await db
    .insertInto('sessions')
    .values({
      id: digest(token),
      user_id: 'userId' in subject ? subject.userId : null,
      resident_id: 'residentId' in subject ? subject.residentId : null,
      csrf_token: csrfToken,
      expires_at: new Date(Date.now() + days * 86_400_000),
    })
    .execute()
  return { token, csrfToken }
}

export async function findSession(db: Kysely<DB>, token: string): Promise<Principal | null> {
  const row = await db
    .selectFrom('sessions as s')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('residents as r', 'r.id', 's.resident_id')
    .select([
      's.id',
      's.csrf_token',
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
    ])
    .where('s.id', '=', digest(token))
    .where('s.expires_at', '>', new Date())
    .executeTakeFirst()
  if (!row) return null
  if (row.user_id !== null) {
    if (row.disabled) return null
    return {
      kind: 'staff',
      sessionId: row.id,
      csrfToken: row.csrf_token,
      user: {
        id: row.user_id,
        username: row.username as string,
        displayName: row.display_name as string,
        role: row.role as Role,
        unitId: row.unit_id as number,
      },
    }
  }
  return {
    kind: 'resident',
    sessionId: row.id,
    csrfToken: row.csrf_token,
    resident: { id: row.resident_id as number, phone: row.phone as string, name: row.name, verified: row.verified_at !== null },
  }
}

export async function deleteSession(db: Kysely<DB>, sessionId: string) {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute()
}
