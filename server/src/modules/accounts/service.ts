/** Signing in: staff by password, residents by phone + one-time code with a real-name check. */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.ts'
import { AppError, invalid, tooMany } from '../../errors.ts'
import { isValidIdNumber } from './id-number.ts'
import { hashPassword, verifyPassword } from './passwords.ts'

/** Where one-time codes go. Deployments plug in their SMS gateway; demo mode only logs. */
export interface SmsSender {
  send(phone: string, text: string): Promise<void>
}

const OTP_TTL_MS = 5 * 60_000
const OTP_RESEND_MS = 60_000
const OTP_MAX_ATTEMPTS = 5
const otpDigest = (phone: string, code: string) => createHash('sha256').update(`${phone}:${code}`).digest('hex')

// verified against when the username is unknown, so both paths cost one argon2 verification
let decoyHash: Promise<string> | undefined

export async function authenticateStaff(db: Kysely<DB>, username: string, password: string) {
  const user = await db.selectFrom('users').select(['id', 'password_hash', 'disabled']).where('username', '=', username).executeTakeFirst()
  decoyHash ??= hashPassword('decoy-password')
  const ok = await verifyPassword(user?.password_hash ?? (await decoyHash), password)
  if (!user || !ok) throw new AppError('bad_credentials', 401, 'Wrong username or password')
  if (user.disabled) throw new AppError('account_disabled', 403, 'This account is disabled; ask your administrator')
  return user.id
}

export async function requestOtp(db: Kysely<DB>, sms: SmsSender, phone: string, now = new Date()) {
  const previous = await db.selectFrom('otp_codes').select('sent_at').where('phone', '=', phone).executeTakeFirst()
  if (previous && now.getTime() - new Date(previous.sent_at).getTime() < OTP_RESEND_MS) {
    throw tooMany('A code was sent less than a minute ago; please wait before asking again')
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  const row = { code_hash: otpDigest(phone, code), expires_at: new Date(now.getTime() + OTP_TTL_MS), attempts: 0, sent_at: now }
  await db
    .insertInto('otp_codes')
    .values({ phone, ...row })
    .onConflict((oc) => oc.column('phone').doUpdateSet(row))
    .execute()
  await sms.send(phone, `【小兰帮办】验证码 ${code}，5分钟内有效。`)
  return code
}

export async function loginResident(
  db: Kysely<DB>,
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
    if (otp.attempts >= OTP_MAX_ATTEMPTS) throw tooMany('Too many wrong codes; ask for a new one')
    const expected = Buffer.from(otp.code_hash)
    const given = Buffer.from(otpDigest(input.phone, input.code))
    if (!timingSafeEqual(expected, given)) {
      await tx
        .updateTable('otp_codes')
        .set({ attempts: otp.attempts + 1 })
        .where('phone', '=', input.phone)
        .execute()
      return null
    }
    await tx.deleteFrom('otp_codes').where('phone', '=', input.phone).execute()
    const realName = input.name && input.idNumber ? { name: input.name, id_number: input.idNumber.toUpperCase(), verified_at: now } : {}
    const resident = await tx
      .insertInto('residents')
      .values({ phone: input.phone, ...realName })
      .onConflict((oc) => oc.column('phone').doUpdateSet(realName.name ? realName : { phone: input.phone }))
      .returning('id')
      .executeTakeFirstOrThrow()
    return resident.id
  })
}
