/** Signing in: staff by password, residents by phone + one-time code with a real-name check. */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { DAY_MS } from '../../china-time.ts'
import type { Config } from '../../config.ts'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { AppError, invalid } from '../../errors.ts'
import { recordAudit } from '../audit/log.ts'
import { isValidIdNumber } from './id-number.ts'
import { accountLocked, beginLoginAttempt, loginSucceeded } from './login-throttle.ts'
import { hashPassword, verifyPassword } from './passwords.ts'

/** Where one-time codes go. Deployments plug in their SMS gateway; demo mode only logs. */
export interface SmsSender {
  send(phone: string, text: string): Promise<void>
}

const OTP_TTL_MS = 5 * 60_000
const HOUR_MS = 3_600_000
/** Advisory-lock key spaces: one OTP request at a time per phone and per client (the caps hold under bursts). */
const OTP_PHONE_LOCK = 741_301
const OTP_CLIENT_LOCK = 741_302
const otpDigest = (phone: string, code: string) => createHash('sha256').update(`${phone}:${code}`).digest('hex')
const secondsUntil = (at: Date, now: Date) => Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000))

// verified against when the username is unknown, so both paths cost one argon2 verification
let decoyHash: Promise<string> | undefined

/**
 * A staff login: the username's throttle counts the attempt first (and refuses while locked), then
 * the password is checked; a lock this failure earns is written to the audit log with the address.
 */
export async function authenticateStaff(
  app: Pick<AppContext, 'database' | 'config' | 'now'>,
  username: string,
  password: string,
  ip: string,
) {
  const db = app.database.db
  const now = app.now()
  const attempt = await beginLoginAttempt(db, app.config, username, now)
  const user = await db.selectFrom('users').select(['id', 'password_hash', 'disabled']).where('username', '=', username).executeTakeFirst()
  decoyHash ??= hashPassword('decoy-password')
  const ok = await verifyPassword(user?.password_hash ?? (await decoyHash), password)
  if (user && ok) {
    await loginSucceeded(db, username)
    if (user.disabled) throw new AppError('account_disabled', 403, 'This account is disabled; ask your administrator')
    return user.id
  }
  if (attempt.locksUntil) {
    await recordAudit(db, {
      actorUserId: null,
      action: 'login_locked',
      targetKind: 'user',
      targetId: username,
      detail: { failures: attempt.failures, until: attempt.locksUntil.toISOString(), ip },
    })
    throw accountLocked(attempt.locksUntil, now)
  }
  throw new AppError('bad_credentials', 401, 'Wrong username or password')
}

type OtpLimits = Pick<
  Config,
  'OTP_RESEND_SECONDS' | 'OTP_PHONE_PER_HOUR' | 'OTP_PHONE_PER_DAY' | 'OTP_CLIENT_PER_HOUR' | 'OTP_CLIENT_PER_DAY' | 'OTP_WRONG_PER_DAY'
>

/** 429 `otp_send_limit`: this phone or this client asked for too many codes within the hour or the day. */
const otpSendLimit = (retryAfter: number) =>
  new AppError('otp_send_limit', 429, 'Too many codes were asked for; try again later', { retryAfter })
/** 429 `otp_locked`: too many wrong codes for this phone within a day, whatever the resends. */
const otpLocked = (retryAfter: number) =>
  new AppError('otp_locked', 429, 'Too many wrong codes for this phone today; try again later', { retryAfter })

/** Codes sent within the last hour and day to one phone or from one client, and when the oldest of each window leaves it. */
type Sends = { hour: number; day: number; first_hour: string | null; first_day: string | null }

/**
 * Sends a one-time code to `phone` for `client` (its address key), within the resend interval and
 * the per-phone and per-client caps per hour and day. A resend replaces the code but keeps the
 * phone's count of wrong codes for the day. Five round trips: both locks, then every read in one
 * statement, then every write in one (each is a wait on a shared machine's scheduler, and they
 * were ten).
 */
export async function requestOtp(db: Kysely<DB>, sms: SmsSender, limits: OtpLimits, phone: string, client: string, now = new Date()) {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  const hourAgo = new Date(now.getTime() - HOUR_MS)
  const dayAgo = new Date(now.getTime() - DAY_MS)
  const sendsOf = (column: 'phone' | 'client', value: string) => sql`(
    select json_build_object('hour', count(*) filter (where sent_at > ${hourAgo}), 'day', count(*),
             'first_hour', min(sent_at) filter (where sent_at > ${hourAgo}), 'first_day', min(sent_at))
      from otp_sends where ${sql.ref(column)} = ${value} and sent_at > ${dayAgo})`
  await db.transaction().execute(async (tx) => {
    // the locks come before the reads: a read's snapshot is taken when its statement starts
    await sql`select pg_advisory_xact_lock(${OTP_PHONE_LOCK}, hashtext(${phone})), pg_advisory_xact_lock(${OTP_CLIENT_LOCK}, hashtext(${client}))`.execute(
      tx,
    )
    const { rows } = await sql<{
      previous: { sent_at: string; wrong_codes: number; wrong_since: string | null } | null
      by_phone: Sends
      by_client: Sends
    }>`select (select json_build_object('sent_at', sent_at, 'wrong_codes', wrong_codes, 'wrong_since', wrong_since)
                 from otp_codes where phone = ${phone}) as previous,
              ${sendsOf('phone', phone)} as by_phone, ${sendsOf('client', client)} as by_client`.execute(tx)
    const { previous, by_phone, by_client } = rows[0]
    if (previous) {
      const resendAt = new Date(new Date(previous.sent_at).getTime() + limits.OTP_RESEND_SECONDS * 1000)
      if (now < resendAt) {
        throw new AppError('rate_limited', 429, 'A code was sent a moment ago; please wait before asking again', {
          retryAfter: secondsUntil(resendAt, now),
        })
      }
      const lockEnds = previous.wrong_since && new Date(new Date(previous.wrong_since).getTime() + DAY_MS)
      if (lockEnds && lockEnds > now && previous.wrong_codes >= limits.OTP_WRONG_PER_DAY) throw otpLocked(secondsUntil(lockEnds, now))
    }
    const caps = [
      [by_phone, limits.OTP_PHONE_PER_HOUR, limits.OTP_PHONE_PER_DAY],
      [by_client, limits.OTP_CLIENT_PER_HOUR, limits.OTP_CLIENT_PER_DAY],
    ] as const
    for (const [sent, perHour, perDay] of caps) {
      if (sent.day >= perDay) throw otpSendLimit(secondsUntil(new Date(new Date(sent.first_day as string).getTime() + DAY_MS), now))
      if (sent.hour >= perHour) throw otpSendLimit(secondsUntil(new Date(new Date(sent.first_hour as string).getTime() + HOUR_MS), now))
    }
    const expiresAt = new Date(now.getTime() + OTP_TTL_MS)
    // the code, the send, and yesterday's sends gone: one statement
    await sql`with code as (
        insert into otp_codes (phone, code_hash, expires_at, attempts, sent_at)
        values (${phone}, ${otpDigest(phone, code)}, ${expiresAt}, 0, ${now})
        on conflict (phone) do update set code_hash = excluded.code_hash, expires_at = excluded.expires_at, attempts = 0, sent_at = excluded.sent_at
        returning 1
      ), sent as (insert into otp_sends (phone, client, sent_at) values (${phone}, ${client}, ${now}) returning 1),
      old as (delete from otp_sends where sent_at < ${dayAgo} returning 1)
      select (select count(*) from code) + (select count(*) from sent) + (select count(*) from old) as n`.execute(tx)
  })
  await sms.send(phone, `【小兰帮办】验证码 ${code}，5分钟内有效。`)
  return code
}

/**
 * A resident's login with the code: refused once the code had OTP_ATTEMPTS_PER_CODE wrong guesses
 * and once the phone had OTP_WRONG_PER_DAY wrong codes within a day (across resends).
 */
export async function loginResident(
  db: Kysely<DB>,
  limits: Pick<Config, 'OTP_ATTEMPTS_PER_CODE' | 'OTP_WRONG_PER_DAY'>,
  input: { phone: string; code: string; name?: string; idNumber?: string },
  now = new Date(),
) {
  if (input.idNumber !== undefined && !isValidIdNumber(input.idNumber)) {
    throw invalid('idNumber', 'The ID number is not valid; check the digits and the last character')
  }
  if ((input.name === undefined) !== (input.idNumber === undefined)) {
    throw invalid(input.name === undefined ? 'name' : 'idNumber', 'Real-name verification needs both name and ID number')
  }
  return db.transaction().execute(async (tx) => {
    const otp = await tx.selectFrom('otp_codes').selectAll().where('phone', '=', input.phone).forUpdate().executeTakeFirst()
    if (!otp || new Date(otp.expires_at) < now) throw new AppError('code_expired', 401, 'The code has expired; ask for a new one')
    const wrongSince = otp.wrong_since && new Date(otp.wrong_since).getTime() + DAY_MS > now.getTime() ? new Date(otp.wrong_since) : null
    if (wrongSince && otp.wrong_codes >= limits.OTP_WRONG_PER_DAY)
      throw otpLocked(secondsUntil(new Date(wrongSince.getTime() + DAY_MS), now))
    if (otp.attempts >= limits.OTP_ATTEMPTS_PER_CODE) throw new AppError('code_attempts', 429, 'Too many wrong codes; ask for a new one')
    const expected = Buffer.from(otp.code_hash)
    const given = Buffer.from(otpDigest(input.phone, input.code))
    if (!timingSafeEqual(expected, given)) {
      await tx
        .updateTable('otp_codes')
        .set({
          attempts: otp.attempts + 1,
          wrong_codes: wrongSince ? otp.wrong_codes + 1 : 1,
          wrong_since: wrongSince ?? now,
        })
        .where('phone', '=', input.phone)
        .execute()
      return null
    }
    const realName = input.name && input.idNumber ? { name: input.name, id_number: input.idNumber.toUpperCase(), verified_at: now } : {}
    // the code used up and the resident found (or registered) in one statement
    const resident = await tx
      .with('used', (w) => w.deleteFrom('otp_codes').where('phone', '=', input.phone).returning('phone'))
      .insertInto('residents')
      .values({ phone: input.phone, ...realName })
      .onConflict((oc) => oc.column('phone').doUpdateSet(realName.name ? realName : { phone: input.phone }))
      .returning('id')
      .executeTakeFirstOrThrow()
    return resident.id
  })
}
