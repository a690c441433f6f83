/**
 * Where a single client's intake spends its time on the embedded PGlite (issue 15 item 2: p50 < 5 ms):
 * 200 sequential POST /events through app.inject after 20 to warm up, with every PGlite query and exec
 * timed (PGlite.prototype wrapped), then the intake's p50 and mean, its PGlite calls and the time
 * inside them, and the statements that cost most per intake.
 *
 *   node --import tsx bench/intake-profile.ts
 */
import { PGlite } from '@electric-sql/pglite'
import { buildApp } from '../server/src/app.ts'
import { loadConfig } from '../server/src/config.ts'
import { openDatabase } from '../server/src/db/index.ts'
import { migrate } from '../server/src/db/migrate.ts'
import { DEMO_PASSWORD } from '../server/src/seed/demo/accounts.ts'
import { seed } from '../server/src/seed.ts'

// biome-ignore lint/suspicious/noExplicitAny: the prototype's methods are wrapped by name
const proto = PGlite.prototype as any
const stats = { n: 0, ms: 0, byText: new Map<string, { n: number; ms: number }>() }
let on = false
for (const name of ['query', 'exec'] as const) {
  const original = proto[name]
  proto[name] = async function (this: unknown, text: string, ...rest: unknown[]) {
    const t = performance.now()
    try {
      return await original.call(this, text, ...rest)
    } finally {
      if (on) {
        const ms = performance.now() - t
        stats.n++
        stats.ms += ms
        const key = text.replace(/\s+/g, ' ').slice(0, 90)
        const s = stats.byText.get(key) ?? { n: 0, ms: 0 }
        s.n++
        s.ms += ms
        stats.byText.set(key, s)
      }
    }
  }
}
const database = await openDatabase({})
await migrate(database)
await seed(database.db, { demo: true, log: { info() {} } })
const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }, { demo: true }), database })
const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'operator1', password: DEMO_PASSWORD } })
const cookie = `xiaolan_session=${res.cookies.find((k) => k.name === 'xiaolan_session')?.value}`
const headers = { cookie, 'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken }
const body = {
  channel: 'hotline',
  category: 'sanitation.garbage',
  description: '楼下垃圾桶满了没人清，已经三天了',
  communityCode: '620105007010',
}
const N = 200
const times: number[] = []
for (let i = 0; i < N + 20; i++) {
  on = i >= 20
  const t = performance.now()
  const r = await app.inject({ method: 'POST', url: '/api/v1/events', headers, payload: body })
  if (r.statusCode !== 201) throw new Error(r.body)
  if (on) times.push(performance.now() - t)
}
on = false
times.sort((a, b) => a - b)
console.log(`p50 ${times[N / 2].toFixed(2)} ms, mean ${(times.reduce((a, b) => a + b) / N).toFixed(2)} ms`)
console.log(`PGlite calls per intake ${(stats.n / N).toFixed(1)}, ms inside PGlite per intake ${(stats.ms / N).toFixed(2)}`)
for (const [k, s] of [...stats.byText].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15))
  console.log(`${(s.ms / N).toFixed(3)} ms  ${(s.n / N).toFixed(1)}x  ${k}`)
await app.close()
await database.close()
