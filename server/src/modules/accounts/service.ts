/** Signing in: staff by password, residents by phone + one-time code with a real-name check. */
import { createHash, randomInt } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { DAY_MS } from '../../china-time.ts'
import type { Config } from '../../config.ts'
import type { AppContext } from '../../context.ts'
import { type Database, inlined } from '../../db/index.ts'
import type { DB } from '../../db/types.ts'
import { AppError, invalid } from '../../errors.ts'
import { recordAudit } from '../audit/log.ts'
import { isValidIdNumber } from './id-number.ts'
import { accountLocked, beginLoginAttempt, loginSucceeded } from './login-throttle.ts'
import { hashPassword, verifyPassword } from './passwords.ts'
import { newSession, type Principal, type PrincipalRow, principalOf } from './sessions.ts'

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

/** The first rule that refuses a code request (in the order they are checked), and when its wait began. */
type OtpRefusal = { refusal: 'resend' | 'locked' | 'phone_day' | 'phone_hour' | 'client_day' | 'client_hour'; since: Date | string }

/**
 * Sends a one-time code to `phone` for `client` (its address key), within the resend interval and
 * the per-phone and per-client caps per hour and day. A resend replaces the code but keeps the
 * phone's count of wrong codes for the day. One round trip (a script): one request at a time per
 * phone and per client (two advisory locks, so the caps hold under bursts), then one statement —
 * its snapshot taken after the locks, so it reads the sends of the requests it waited for — that
 * checks every rule and, unless one refuses, writes the code and the send and sweeps yesterday's.
 */
export async function requestOtp(database: Database, sms: SmsSender, limits: OtpLimits, phone: string, client: string, now = new Date()) {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  const hourAgo = new Date(now.getTime() - HOUR_MS)
  const dayAgo = new Date(now.getTime() - DAY_MS)
  const resendAgo = new Date(now.getTime() - limits.OTP_RESEND_SECONDS * 1000)
  const [refused] = (await database.script(inlined`
    select pg_advisory_xact_lock(${OTP_PHONE_LOCK}, hashtext(${phone})), pg_advisory_xact_lock(${OTP_CLIENT_LOCK}, hashtext(${client}));
    with refused as materialized (
      select refusal, since from (
        select 1 as rank, 'resend' as refusal, sent_at as since from otp_codes where phone = ${phone} and sent_at > ${resendAgo}
        union all
        select 2, 'locked', wrong_since from otp_codes
          where phone = ${phone} and wrong_since > ${dayAgo} and wrong_codes >= ${limits.OTP_WRONG_PER_DAY}
        union all
        select 3, 'phone_day', min(sent_at) from otp_sends
          where phone = ${phone} and sent_at > ${dayAgo} having count(*) >= ${limits.OTP_PHONE_PER_DAY}
        union all
        select 4, 'phone_hour', min(sent_at) from otp_sends
          where phone = ${phone} and sent_at > ${hourAgo} having count(*) >= ${limits.OTP_PHONE_PER_HOUR}
        union all
        select 5, 'client_day', min(sent_at) from otp_sends
          where client = ${client} and sent_at > ${dayAgo} having count(*) >= ${limits.OTP_CLIENT_PER_DAY}
        union all
        select 6, 'client_hour', min(sent_at) from otp_sends
          where client = ${client} and sent_at > ${hourAgo} having count(*) >= ${limits.OTP_CLIENT_PER_HOUR}
      ) as rules order by rank limit 1
    ), code as (
      insert into otp_codes (phone, code_hash, expires_at, attempts, sent_at)
      select ${phone}, ${otpDigest(phone, code)}, ${new Date(now.getTime() + OTP_TTL_MS)}, 0, ${now} where not exists (select from refused)
      on conflict (phone) do update set code_hash = excluded.code_hash, expires_at = excluded.expires_at, attempts = 0, sent_at = excluded.sent_at
    ), sent as (
      insert into otp_sends (phone, client, sent_at) select ${phone}, ${client}, ${now} where not exists (select from refused)
    ), old as (
      delete from otp_sends where sent_at < ${dayAgo} and not exists (select from refused)
    )
    select refusal, since from refused`)) as OtpRefusal[]
  if (refused) {
    const since = new Date(refused.since).getTime()
    switch (refused.refusal) {
      case 'resend':
        throw new AppError('rate_limited', 429, 'A code was sent a moment ago; please wait before asking again', {
          retryAfter: secondsUntil(new Date(since + limits.OTP_RESEND_SECONDS * 1000), now),
        })
      case 'locked':
        throw otpLocked(secondsUntil(new Date(since + DAY_MS), now))
      case 'phone_day':
      case 'client_day':
        throw otpSendLimit(secondsUntil(new Date(since + DAY_MS), now))
      default:
        throw otpSendLimit(secondsUntil(new Date(since + HOUR_MS), now))
    }
  }
  await sms.send(phone, `【小兰帮办】验证码 ${code}，5分钟内有效。`)
  return code
}

/** What a resident's login reads back: the refusal, or the new session with the resident (`PrincipalRow`). */
type ResidentLoginRow = {
  refusal: 'code_expired' | 'otp_locked' | 'code_attempts' | 'bad_code' | null
  wrong_since: Date | string | null
} & (PrincipalRow | { id: null })

/**
 * A resident's login with the code, and their new session: refused once the code had
 * OTP_ATTEMPTS_PER_CODE wrong guesses and once the phone had OTP_WRONG_PER_DAY wrong codes within a
 * day (across resends); a wrong code is counted. One statement: the phone's code locked (a
 * concurrent login waits and then reads what it left: a used code is gone), the checks, then either
 * the wrong code counted or the code used up, the resident found (or registered) and the session
 * written. Null for a wrong code.
 */
export async function loginResident(
  db: Kysely<DB>,
  limits: Pick<Config, 'OTP_ATTEMPTS_PER_CODE' | 'OTP_WRONG_PER_DAY' | 'SESSION_DAYS'>,
  input: { phone: string; code: string; name?: string; idNumber?: string },
  now = new Date(),
): Promise<{ token: string; principal: Principal } | null> {
  if (input.idNumber !== undefined && !isValidIdNumber(input.idNumber)) {
    throw invalid('idNumber', 'The ID number is not valid; check the digits and the last character')
  }
  if ((input.name === undefined) !== (input.idNumber === undefined)) {
    throw invalid(input.name === undefined ? 'name' : 'idNumber', 'Real-name verification needs both name and ID number')
  }
  const verified = input.name !== undefined && input.idNumber !== undefined
  const session = newSession(limits.SESSION_DAYS)
  const { rows } = await sql<ResidentLoginRow>`
    with otp as materialized (
      select attempts, wrong_codes, wrong_since, expires_at, code_hash = ${otpDigest(input.phone, input.code)} as right,
          coalesce(wrong_since > ${new Date(now.getTime() - DAY_MS)}, false) as wrong_today
        from otp_codes where phone = ${input.phone} for update
    ), verdict as materialized (
      select case
          when otp.expires_at is null or otp.expires_at < ${now} then 'code_expired'
          when otp.wrong_today and otp.wrong_codes >= ${limits.OTP_WRONG_PER_DAY} then 'otp_locked'
          when otp.attempts >= ${limits.OTP_ATTEMPTS_PER_CODE} then 'code_attempts'
          when not otp.right then 'bad_code'
        end as refusal, otp.wrong_since, otp.wrong_today
        from (select) as one left join otp on true
    ), wrong as (
      update otp_codes set attempts = otp_codes.attempts + 1,
          wrong_codes = case when v.wrong_today then otp_codes.wrong_codes + 1 else 1 end,
          wrong_since = case when v.wrong_today then otp_codes.wrong_since else ${now} end
        from verdict v where otp_codes.phone = ${input.phone} and v.refusal = 'bad_code'
    ), used as (
      delete from otp_codes where phone = ${input.phone} and exists (select from verdict where refusal is null) returning phone
    ), resident as (
      insert into residents (phone, name, id_number, verified_at)
        select phone, ${verified ? input.name : null}::text, ${verified ? input.idNumber?.toUpperCase() : null}::text, ${verified ? now : null}::timestamptz
          from used
        on conflict (phone) do update set ${
          verified
            ? sql`name = excluded.name, id_number = excluded.id_number, verified_at = excluded.verified_at`
            : sql`phone = excluded.phone`
        }
        returning id, phone, name, verified_at
    ), s as (
      insert into sessions (id, resident_id, csrf_token, expires_at)
        select ${session.row.id}, r.id, ${session.row.csrf_token}, ${session.row.expires_at} from resident r
        returning id, csrf_token, expires_at
    )
    select v.refusal, v.wrong_since, s.id, s.csrf_token, s.expires_at, null::integer as user_id, null as username,
        null as display_name, null as role, null::integer as unit_id, null::boolean as disabled,
        r.id as resident_id, r.phone, r.name, r.verified_at
      from verdict v left join s on true left join resident r on true`.execute(db)
  const row = rows[0]
  switch (row.refusal) {
    case 'code_expired':
      throw new AppError('code_expired', 401, 'The code has expired; ask for a new one')
    case 'otp_locked':
      throw otpLocked(secondsUntil(new Date(new Date(row.wrong_since as Date).getTime() + DAY_MS), now))
    case 'code_attempts':
      throw new AppError('code_attempts', 429, 'Too many wrong codes; ask for a new one')
    case 'bad_code':
      return null
  }
  const principal = row.id === null ? null : principalOf(row)?.principal
  if (!principal) throw new Error('a resident login wrote no session')
  return { token: session.token, principal }
}
