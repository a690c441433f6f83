/**
 * Abuse controls that hold behind a proxy (issue 12, deliverable 5): the client address is the
 * socket's unless TRUST_PROXY names the proxy; a username locks after repeated wrong passwords from
 * any number of addresses, until the lock runs out or an admin unlocks it; one-time codes are capped
 * per phone and per address per hour and day, with wrong codes counted across resends; the public
 * reads are limited per client. Limits are lifted or lowered only through the configuration.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { InjectOptions } from 'fastify'
import { loadConfig, trustProxyOf } from '../../src/config.ts'
import { build, DEMO_PASSWORD, reportAtSeat, type TestApp } from '../helper.ts'

const STAFF = 'c-620105007010' // 幸福里社区 center
const XINGFULI = '620105007010'
const ID_NUMBER = '11010519491231002X'

/** The n-th address of TEST-NET-3, a different client each. */
const addr = (n: number) => `203.0.113.${n % 250}`

type Raw = { status: number; body: any; cookie?: string }

async function send(h: TestApp, options: InjectOptions): Promise<Raw> {
  const res = await h.app.inject(options)
  const session = res.cookies.find((c) => c.name === 'xiaolan_session')
  let body: unknown = res.body
  try {
    body = res.json()
  } catch {}
  return { status: res.statusCode, body, cookie: session && `xiaolan_session=${session.value}` }
}

const login = (h: TestApp, username: string, password: string, headers: Record<string, string> = {}, remoteAddress?: string) =>
  send(h, { method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers, remoteAddress })

const askOtp = (h: TestApp, phone: string, headers: Record<string, string> = {}) =>
  send(h, { method: 'POST', url: '/api/v1/resident/otp', payload: { phone }, headers })

const residentLogin = (h: TestApp, phone: string, code: string) =>
  send(h, { method: 'POST', url: '/api/v1/resident/login', payload: { phone, code } })

const later = (h: TestApp, seconds: number) => {
  h.clock.now = new Date(h.clock.now.getTime() + seconds * 1000)
}

const auditOf = (h: TestApp, action: string) =>
  h.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute()

/** The address the server took for a request: one wrong password with LOGIN_LOCK_AFTER=1 audits it. */
async function addressSeen(h: TestApp, headers: Record<string, string>, remoteAddress?: string) {
  const username = `probe-${Math.random().toString(36).slice(2)}`
  const res = await login(h, username, 'wrong', headers, remoteAddress)
  assert.equal(res.body.error?.code, 'account_locked', JSON.stringify(res.body))
  const row = (await auditOf(h, 'login_locked')).find((r) => r.target_id === username)
  assert.ok(row, `no lock audited for ${username}`)
  return (row.detail as { ip: string }).ip
}

test('TRUST_PROXY is off by default, refuses "true" and anything that is not an address, a CIDR or a hop count', () => {
  assert.equal(loadConfig({}).TRUST_PROXY, undefined)
  assert.equal(trustProxyOf(undefined), false)
  assert.equal(trustProxyOf('0'), false)
  assert.deepEqual(trustProxyOf('10.0.0.0/8, 127.0.0.1,loopback,::1,fd00::/8'), ['10.0.0.0/8', '127.0.0.1', 'loopback', '::1', 'fd00::/8'])
  const hops = trustProxyOf('2') as (a: string, i: number) => boolean
  assert.deepEqual(
    [0, 1, 2].map((i) => hops('x', i)),
    [true, true, false],
  )
  for (const bad of ['true', 'anyone', '10.0.0.0/33', '300.1.1.1', '1.2.3.4/8/9', '99']) {
    assert.throws(() => loadConfig({ TRUST_PROXY: bad }), /TRUST_PROXY/, bad)
  }
  assert.throws(() => loadConfig({ LOGIN_LOCK_AFTER: '0' }), /LOGIN_LOCK_AFTER/)
  const defaults = loadConfig({})
  assert.equal(defaults.LOGIN_LOCK_AFTER, 5)
  assert.equal(defaults.OTP_PHONE_PER_DAY, 10)
})

test('with TRUST_PROXY off a forged X-Forwarded-For changes neither the rate-limit key nor the audited address', async (t) => {
  const h = await build(t, { env: { LOGIN_LOCK_AFTER: '1' } })
  // the auth limit is 10 a minute per client: 10 requests from "10 addresses" are one client
  for (let i = 0; i < 9; i++) {
    const res = await login(h, `nobody-${i}`, 'wrong', { 'x-forwarded-for': addr(i) })
    assert.equal(res.status, 429)
    assert.equal(res.body.error.code, 'account_locked')
  }
  assert.equal(await addressSeen(h, { 'x-forwarded-for': addr(99) }), '127.0.0.1')
  const limited = await login(h, STAFF, DEMO_PASSWORD, { 'x-forwarded-for': addr(100) })
  assert.equal(limited.status, 429)
  assert.equal(limited.body.error.code, 'rate_limited')
  // another socket address is another client
  assert.equal((await login(h, STAFF, DEMO_PASSWORD, {}, '198.51.100.7')).status, 200)

  // revealing a reporter's contact audits the socket's address, not the forged one
  const { event, staff } = await reportedEvent(h, '198.51.100.8')
  const reveal = await send(h, {
    method: 'POST',
    url: `/api/v1/events/${event.id}/contact`,
    headers: { cookie: staff.cookie as string, 'x-csrf-token': staff.body.csrfToken, 'x-forwarded-for': '192.0.2.66' },
    remoteAddress: '198.51.100.8',
  })
  assert.equal(reveal.status, 200, JSON.stringify(reveal.body))
  const [audit] = await auditOf(h, 'unmask_contact')
  assert.deepEqual(audit.detail, { ip: '198.51.100.8' })
})

async function reportedEvent(h: TestApp, staffAddress: string) {
  const resident = await h.resident('13900000077', { name: '王小兰', idNumber: ID_NUMBER })
  const event = await reportAtSeat(h, resident, XINGFULI, '小区门口垃圾三天没人清运')
  const staff = await login(h, STAFF, DEMO_PASSWORD, {}, staffAddress)
  assert.equal(staff.status, 200)
  return { event, staff }
}

test('with TRUST_PROXY naming the proxy the forwarded client address is used, and only from that proxy', async (t) => {
  const h = await build(t, { env: { TRUST_PROXY: '127.0.0.1', LOGIN_LOCK_AFTER: '1' } })
  assert.equal(await addressSeen(h, { 'x-forwarded-for': '192.0.2.10' }), '192.0.2.10')
  // a client's own forged entry before the real one is not believed: the proxy appends the socket address
  assert.equal(await addressSeen(h, { 'x-forwarded-for': '10.9.9.9, 192.0.2.11' }), '192.0.2.11')
  // a request that did not come through the proxy keeps its socket address
  assert.equal(await addressSeen(h, { 'x-forwarded-for': '192.0.2.12' }, '198.51.100.9'), '198.51.100.9')

  // the rate limit counts each forwarded client on its own
  for (let i = 0; i < 9; i++) await login(h, `nobody-${i}`, 'wrong', { 'x-forwarded-for': '192.0.2.10' })
  assert.equal((await login(h, STAFF, DEMO_PASSWORD, { 'x-forwarded-for': '192.0.2.10' })).body.error?.code, 'rate_limited')
  assert.equal((await login(h, STAFF, DEMO_PASSWORD, { 'x-forwarded-for': '192.0.2.20' })).status, 200)
})

test('with TRUST_PROXY as a hop count the address one hop before the proxy is the client', async (t) => {
  const h = await build(t, { env: { TRUST_PROXY: '1', LOGIN_LOCK_AFTER: '1' } })
  assert.equal(await addressSeen(h, { 'x-forwarded-for': '10.9.9.9, 192.0.2.30' }), '192.0.2.30')
})

test('30 wrong passwords from 30 addresses lock the account; the right one is refused until the lock ends, which doubles', async (t) => {
  // behind a trusted proxy every request is a different client: the per-address limit never bites
  const h = await build(t, { env: { TRUST_PROXY: '127.0.0.1' } })
  const codes: string[] = []
  for (let i = 0; i < 30; i++) codes.push((await login(h, STAFF, `guess-${i}`, { 'x-forwarded-for': addr(i) })).body.error.code)
  assert.deepEqual(codes.slice(0, 4), Array(4).fill('bad_credentials'))
  assert.deepEqual(codes.slice(4), Array(26).fill('account_locked'))

  const refused = await login(h, STAFF, DEMO_PASSWORD, { 'x-forwarded-for': addr(31) })
  assert.equal(refused.status, 429)
  assert.equal(refused.body.error.code, 'account_locked')
  assert.ok(refused.body.error.details.retryAfter > 0 && refused.body.error.details.retryAfter <= 60)
  const locks = await auditOf(h, 'login_locked')
  assert.equal(locks.length, 1, 'refusals while locked are not new locks')
  assert.equal(locks[0].target_id, STAFF)
  assert.equal((locks[0].detail as { ip: string }).ip, addr(4))

  later(h, 61)
  // the lock ran out: one more wrong password locks again, for twice as long
  const again = await login(h, STAFF, 'guess-again', { 'x-forwarded-for': addr(40) })
  assert.equal(again.body.error.code, 'account_locked')
  assert.equal(again.body.error.details.retryAfter, 120)
  later(h, 61)
  assert.equal((await login(h, STAFF, DEMO_PASSWORD, { 'x-forwarded-for': addr(41) })).status, 429)
  later(h, 60)
  assert.equal((await login(h, STAFF, DEMO_PASSWORD, { 'x-forwarded-for': addr(42) })).status, 200)

  // a success starts the count again: four wrong passwords are four plain refusals
  for (let i = 0; i < 4; i++) assert.equal((await login(h, STAFF, 'wrong', { 'x-forwarded-for': addr(50 + i) })).status, 401)
  assert.equal((await login(h, STAFF, DEMO_PASSWORD, { 'x-forwarded-for': addr(60) })).status, 200)
})

test('an unknown username locks exactly like a real one, so the lock tells nothing about which accounts exist', async (t) => {
  const h = await build(t, { env: { TRUST_PROXY: '127.0.0.1' } })
  const run = async (username: string, from: number) => {
    const seen = []
    for (let i = 0; i < 7; i++) {
      const res = await login(h, username, 'wrong', { 'x-forwarded-for': addr(from + i) })
      seen.push([res.status, res.body.error.code, res.body.error.message, res.body.error.details?.retryAfter])
    }
    return seen
  }
  assert.deepEqual(await run('no-such-user', 0), await run(STAFF, 100))
})

test('a burst of parallel wrong passwords gets no more guesses than the limit', async (t) => {
  const h = await build(t, { env: { TRUST_PROXY: '127.0.0.1' } })
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => login(h, STAFF, `burst-${i}`, { 'x-forwarded-for': addr(i) })))
  const codes = results.map((r) => r.body.error.code)
  assert.equal(codes.filter((c) => c === 'bad_credentials').length, 4)
  assert.equal(codes.filter((c) => c === 'account_locked').length, 16)
  const row = await h.database.db.selectFrom('login_throttle').selectAll().where('username', '=', STAFF).executeTakeFirstOrThrow()
  assert.equal(row.failures, 5)
})

test('an admin sees the lock in the users list and unlocks the account, audited; others may not', async (t) => {
  const h = await build(t, { env: { TRUST_PROXY: '127.0.0.1' } })
  const admin = await h.as('admin')
  for (let i = 0; i < 5; i++) await login(h, STAFF, 'wrong', { 'x-forwarded-for': addr(i) })
  assert.equal((await login(h, STAFF, DEMO_PASSWORD, { 'x-forwarded-for': addr(9) })).status, 429)

  const listed = await admin.get(`/api/v1/admin/users?q=${STAFF}`)
  const user = listed.body.items.find((u: { username: string }) => u.username === STAFF)
  assert.equal(user.lockedUntil, new Date(h.clock.now.getTime() + 60_000).toISOString())
  assert.equal(listed.body.items.find((u: { username: string }) => u.username !== STAFF)?.lockedUntil ?? null, null)

  const leader = await h.as('leader')
  assert.equal((await leader.post(`/api/v1/admin/users/${user.id}/unlock`)).status, 403)
  assert.equal((await admin.post('/api/v1/admin/users/2147483647/unlock')).status, 404)
  assert.equal((await admin.post('/api/v1/admin/users/abc/unlock')).status, 400)

  const unlocked = await admin.post(`/api/v1/admin/users/${user.id}/unlock`)
  assert.equal(unlocked.status, 200, JSON.stringify(unlocked.body))
  assert.equal(unlocked.body.lockedUntil, null)
  const [entry] = await auditOf(h, 'user_unlock')
  assert.equal(entry.target_id, STAFF)
  assert.equal(entry.actor_user_id, admin.me.id)
  assert.deepEqual(entry.detail, { failures: 5, lockedUntil: user.lockedUntil })
  assert.equal((await login(h, STAFF, DEMO_PASSWORD, { 'x-forwarded-for': addr(10) })).status, 200)
})

test('one-time codes: 5 an hour and 10 a day per phone, whatever the address', async (t) => {
  const h = await build(t, { env: { TRUST_PROXY: '127.0.0.1', RATE_LIMIT_AUTH_PER_MINUTE: '1000' } })
  const phone = '13900000101'
  const start = h.clock.now.getTime()
  const statuses = []
  for (let i = 0; i < 6; i++) {
    statuses.push((await askOtp(h, phone, { 'x-forwarded-for': addr(i) })).body.error?.code ?? 'sent')
    later(h, 61)
  }
  assert.deepEqual(statuses, ['sent', 'sent', 'sent', 'sent', 'sent', 'otp_send_limit'])
  // an hour after the first, the hour has room again; the day stops at 10
  h.clock.now = new Date(start + 3_600_000 + 1000)
  for (let i = 0; i < 5; i++) {
    assert.equal((await askOtp(h, phone, { 'x-forwarded-for': addr(10 + i) })).status, 200, `send ${6 + i}`)
    later(h, 61)
  }
  h.clock.now = new Date(start + 3 * 3_600_000)
  const eleventh = await askOtp(h, phone, { 'x-forwarded-for': addr(20) })
  assert.equal(eleventh.status, 429)
  assert.equal(eleventh.body.error.code, 'otp_send_limit')
  assert.ok(eleventh.body.error.details.retryAfter > 3600)
  h.clock.now = new Date(start + 86_400_000 + 1000)
  assert.equal((await askOtp(h, phone)).status, 200)
})

test('one-time codes: 20 an hour and 50 a day per address; forged X-Forwarded-For does not make new addresses', async (t) => {
  const h = await build(t, { env: { RATE_LIMIT_AUTH_PER_MINUTE: '1000' } })
  for (let i = 0; i < 20; i++) {
    const res = await askOtp(h, `139000002${String(i).padStart(2, '0')}`, { 'x-forwarded-for': addr(i) })
    assert.equal(res.status, 200, JSON.stringify(res.body))
  }
  const blocked = await askOtp(h, '13900000299', { 'x-forwarded-for': addr(77) })
  assert.equal(blocked.body.error?.code, 'otp_send_limit')
  // the hour passes: 30 more fill the day
  for (let hour = 1; hour <= 2; hour++) {
    later(h, 3600)
    for (let i = 0; i < (hour === 1 ? 20 : 10); i++) {
      assert.equal((await askOtp(h, `1390000${hour}${String(i).padStart(3, '0')}`)).status, 200)
    }
  }
  later(h, 3600)
  assert.equal((await askOtp(h, '13900009999')).body.error?.code, 'otp_send_limit')
  // and another address is another client
  assert.equal(
    (await send(h, { method: 'POST', url: '/api/v1/resident/otp', payload: { phone: '13900009999' }, remoteAddress: '198.51.100.3' }))
      .status,
    200,
  )
})

test('wrong codes are counted across resends: 5 per code, 10 a day per phone, then even the right code waits', async (t) => {
  const h = await build(t, { env: { RATE_LIMIT_AUTH_PER_MINUTE: '1000' } })
  const phone = '13900000301'
  const codeOf = async () => {
    const res = await askOtp(h, phone)
    assert.equal(res.status, 200, JSON.stringify(res.body))
    return res.body.devCode as string
  }
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

  let code = await codeOf()
  for (let i = 0; i < 5; i++) assert.equal((await residentLogin(h, phone, wrong(code))).body.error.code, 'bad_code')
  assert.equal((await residentLogin(h, phone, code)).body.error.code, 'code_attempts')
  later(h, 61)
  code = await codeOf() // a resend: a new code, but the day's count stays
  for (let i = 0; i < 5; i++) assert.equal((await residentLogin(h, phone, wrong(code))).body.error.code, 'bad_code')
  later(h, 61)
  const refused = await askOtp(h, phone)
  assert.equal(refused.status, 429)
  assert.equal(refused.body.error.code, 'otp_locked')
  const row = await h.database.db.selectFrom('otp_codes').selectAll().where('phone', '=', phone).executeTakeFirstOrThrow()
  assert.equal(row.wrong_codes, 10)
  const right = await residentLogin(h, phone, code)
  assert.equal(right.status, 429)
  assert.equal(right.body.error.code, 'otp_locked')

  // a day after the first wrong code the phone may try again; a success clears the count
  later(h, 86_400)
  code = await codeOf()
  const ok = await residentLogin(h, phone, code)
  assert.equal(ok.status, 200, JSON.stringify(ok.body))
  assert.equal(await h.database.db.selectFrom('otp_codes').selectAll().where('phone', '=', phone).executeTakeFirst(), undefined)
})

test('a burst of parallel code requests gets no more codes than the caps and the resend interval allow', async (t) => {
  const h = await build(t, { env: { TRUST_PROXY: '127.0.0.1', RATE_LIMIT_AUTH_PER_MINUTE: '1000' } })
  // one address, 30 phones at once: its 20 an hour
  const fromOne = await Promise.all(Array.from({ length: 30 }, (_, i) => askOtp(h, `13900000${500 + i}`)))
  assert.equal(fromOne.filter((r) => r.status === 200).length, 20)
  assert.ok(fromOne.filter((r) => r.status !== 200).every((r) => r.body.error.code === 'otp_send_limit'))
  // one phone from 10 addresses at once: one code, the others wait for the interval
  const phone = '13900000599'
  const toOne = await Promise.all(Array.from({ length: 10 }, (_, i) => askOtp(h, phone, { 'x-forwarded-for': addr(100 + i) })))
  assert.deepEqual(toOne.map((r) => r.body.error?.code ?? 'sent').sort(), ['sent', ...Array(9).fill('rate_limited')].sort())
  const sends = await h.database.db.selectFrom('otp_sends').select(['phone', 'client']).execute()
  assert.equal(sends.length, 21)
  assert.equal(sends.filter((s) => s.phone === phone).length, 1)
})

test('parallel logins with one code: the right one opens one session, wrong ones are each counted', async (t) => {
  const h = await build(t, { env: { RATE_LIMIT_AUTH_PER_MINUTE: '1000' } })
  const phone = '13900000601'
  const { devCode: code } = (await askOtp(h, phone)).body
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
  const guesses = await Promise.all(Array.from({ length: 8 }, () => residentLogin(h, phone, wrong)))
  // 5 wrong codes a code, then it is spent, however many arrive at once
  assert.deepEqual(guesses.map((r) => r.body.error.code).sort(), [...Array(5).fill('bad_code'), ...Array(3).fill('code_attempts')].sort())
  const row = await h.database.db.selectFrom('otp_codes').selectAll().where('phone', '=', phone).executeTakeFirstOrThrow()
  assert.deepEqual([row.attempts, row.wrong_codes], [5, 5])

  later(h, 61)
  const { devCode: fresh } = (await askOtp(h, phone)).body
  const logins = await Promise.all(Array.from({ length: 6 }, () => residentLogin(h, phone, fresh)))
  const ok = logins.filter((r) => r.status === 200)
  assert.equal(ok.length, 1, JSON.stringify(logins.map((r) => r.body)))
  assert.ok(logins.filter((r) => r.status !== 200).every((r) => r.body.error.code === 'code_expired'))
  assert.ok(ok[0].cookie)
  const me = await send(h, { method: 'GET', url: '/api/v1/me', headers: { cookie: ok[0].cookie as string } })
  assert.deepEqual([me.status, me.body.kind, me.body.phone], [200, 'resident', phone])
  const sessions = await h.database.db
    .selectFrom('sessions')
    .innerJoin('residents', 'residents.id', 'sessions.resident_id')
    .where('residents.phone', '=', phone)
    .select('sessions.id')
    .execute()
  assert.equal(sessions.length, 1)
})

test('a resend inside the interval is refused with the wait; the interval is configuration', async (t) => {
  const h = await build(t, { env: { OTP_RESEND_SECONDS: '30' } })
  assert.equal((await askOtp(h, '13900000401')).status, 200)
  later(h, 10)
  const early = await askOtp(h, '13900000401')
  assert.equal(early.status, 429)
  assert.equal(early.body.error.code, 'rate_limited')
  assert.equal(early.body.error.details.retryAfter, 20)
  later(h, 21)
  assert.equal((await askOtp(h, '13900000401')).status, 200)
})

test('public tracking and public lists are limited per client, by configuration', async (t) => {
  const h = await build(t, { env: { RATE_LIMIT_TRACK_PER_MINUTE: '3', RATE_LIMIT_PUBLIC_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1' } })
  const get = (url: string, from = '192.0.2.1') => send(h, { method: 'GET', url, headers: { 'x-forwarded-for': from } })
  const track = '/api/v1/track/LZ20261130-000001'
  for (let i = 0; i < 3; i++) assert.notEqual((await get(track)).status, 429)
  const limited = await get(track)
  assert.equal(limited.status, 429)
  assert.equal(limited.body.error.code, 'rate_limited')
  assert.ok(limited.body.error.details.retryAfter > 0)
  assert.notEqual((await get(track, '192.0.2.2')).status, 429)
  for (const url of ['/api/v1/public/events', '/api/v1/public/kpis']) {
    assert.equal((await get(url)).status, 200)
    assert.equal((await get(url)).status, 200)
    assert.equal((await get(url)).status, 429, url)
    assert.equal((await get(url, '192.0.2.2')).status, 200)
  }
})

test('by default a client may track 30 times a minute', async (t) => {
  const h = await build(t)
  const results = []
  for (let i = 0; i < 31; i++) results.push((await h.anonymous.get('/api/v1/track/LZ20261130-000001')).status)
  assert.equal(results.filter((s) => s === 429).length, 1)
  assert.equal(results.at(-1), 429)
})
