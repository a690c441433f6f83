/**
 * Per-account login throttling, independent of the client address: consecutive failures of one
 * username — known or unknown alike, so a lock reveals nothing about which accounts exist — lock
 * it once LOGIN_LOCK_AFTER is reached, for LOGIN_LOCK_SECONDS doubling with each further failure
 * up to LOGIN_LOCK_MAX_SECONDS. While locked even the right password is refused. A success or an
 * admin unlock clears the count; failures older than LOGIN_FAILURE_RESET_HOURS are forgotten.
 *
 * An attempt is counted before the password is checked (and uncounted by a success), so a burst
 * of parallel guesses cannot all pass the check before the first failure is written.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Config } from '../../config.ts'
import type { DB } from '../../db/types.ts'
import { AppError } from '../../errors.ts'

type Limits = Pick<Config, 'LOGIN_LOCK_AFTER' | 'LOGIN_LOCK_SECONDS' | 'LOGIN_LOCK_MAX_SECONDS' | 'LOGIN_FAILURE_RESET_HOURS'>

/** 429 `account_locked`: too many wrong passwords for this username; `retryAfter` in seconds. */
export const accountLocked = (until: Date, now: Date) =>
  new AppError('account_locked', 429, 'Too many wrong passwords; this account is locked for a while. Try later or ask your administrator', {
    retryAfter: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
  })

/** How long the n-th consecutive failure locks the account (0: not yet). */
export function lockSeconds(limits: Limits, failures: number): number {
  if (failures < limits.LOGIN_LOCK_AFTER) return 0
  const doublings = Math.min(failures - limits.LOGIN_LOCK_AFTER, 30)
  return Math.min(limits.LOGIN_LOCK_SECONDS * 2 ** doublings, limits.LOGIN_LOCK_MAX_SECONDS)
}

export interface LoginAttempt {
  /** Consecutive failures if this attempt fails too. */
  failures: number
  /** Set when this attempt, failing, locks the account. */
  locksUntil: Date | null
}

/**
 * Counts a login attempt for `username` as a failure in advance; throws `account_locked` while a
 * lock holds. Call `loginSucceeded` when the password was right.
 */
export async function beginLoginAttempt(db: Kysely<DB>, limits: Limits, username: string, now: Date): Promise<LoginAttempt> {
  const resetBefore = new Date(now.getTime() - limits.LOGIN_FAILURE_RESET_HOURS * 3_600_000)
  return db.transaction().execute(async (tx) => {
    await tx
      .insertInto('login_throttle')
      .values({ username, failures: 0, last_failure_at: now })
      .onConflict((oc) => oc.column('username').doNothing())
      .execute()
    const row = await tx.selectFrom('login_throttle').selectAll().where('username', '=', username).forUpdate().executeTakeFirstOrThrow()
    const lockedUntil = row.locked_until ? new Date(row.locked_until) : null
    if (lockedUntil && lockedUntil > now) throw accountLocked(lockedUntil, now)
    const failures = (new Date(row.last_failure_at) < resetBefore ? 0 : row.failures) + 1
    const seconds = lockSeconds(limits, failures)
    const locksUntil = seconds ? new Date(now.getTime() + seconds * 1000) : null
    await tx
      .updateTable('login_throttle')
      .set({ failures, last_failure_at: now, locked_until: locksUntil })
      .where('username', '=', username)
      .execute()
    await sweep(tx, resetBefore, now)
    return { failures, locksUntil }
  })
}

// usernames tried once and never again (a spray of guesses) would otherwise stay for ever
async function sweep(tx: Transaction<DB>, resetBefore: Date, now: Date) {
  await tx
    .deleteFrom('login_throttle')
    .where('last_failure_at', '<', resetBefore)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .execute()
}

/** The right password: the count starts again. */
export async function loginSucceeded(db: Kysely<DB>, username: string) {
  await db.deleteFrom('login_throttle').where('username', '=', username).execute()
}

/** An admin's unlock: what was cleared (null when nothing was counted). */
export async function clearLoginThrottle(tx: Transaction<DB>, username: string) {
  const row = await tx
    .deleteFrom('login_throttle')
    .where('username', '=', username)
    .returning(['failures', 'locked_until'])
    .executeTakeFirst()
  return row ? { failures: row.failures, lockedUntil: row.locked_until ? new Date(row.locked_until) : null } : null
}

/** The usernames among `usernames` locked at `now`, with the end of their lock. */
export async function lockedUntil(db: Kysely<DB>, usernames: string[], now: Date): Promise<Map<string, Date>> {
  if (!usernames.length) return new Map()
  const rows = await db
    .selectFrom('login_throttle')
    .select(['username', 'locked_until'])
    .where('username', 'in', usernames)
    .where('locked_until', '>', now)
    .execute()
  return new Map(rows.map((r) => [r.username, new Date(r.locked_until as Date)]))
}
