/** The read router's decisions on a scripted primary and replica (the real pair: server/test/replica/). */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Kysely } from 'kysely'
import type { Database } from './db/index.ts'
import type { DB } from './db/types.ts'
import { lsnValue, ReadRouter } from './read-routing.ts'

const primary = { name: 'primary' } as unknown as Kysely<DB>
const replica = { name: 'replica' } as unknown as Kysely<DB>

function scripted() {
  const state = { primary: '0/100', replay: '0/100' as string | null, standby: true, down: false, probes: 0, now: 1_000_000 }
  const database = {
    db: primary,
    read: replica,
    replica: {
      primaryLsn: async () => state.primary,
      async replayLsn() {
        state.probes++
        if (state.down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
        return { lsn: state.replay, standby: state.standby }
      },
      poolUse: () => ({ total: 0, idle: 0, waiting: 0 }),
    },
  } as unknown as Database
  const logged: string[] = []
  const log = { warn: (...a: unknown[]) => logged.push(String(a.at(-1))), info: (...a: unknown[]) => logged.push(String(a.at(-1))) }
  const router = new ReadRouter(database, { maxLagSeconds: 5, log: log as never, clock: () => state.now })
  return { state, router, logged }
}

test('WAL positions compare as numbers; anything else is no position', () => {
  assert.equal(lsnValue('0/16B3748'), 0x16b3748n)
  assert.ok((lsnValue('1/0') as bigint) > (lsnValue('0/FFFFFFFF') as bigint))
  for (const bad of ['', '0/', 'x/1', '1/2/3', '123456789/0', null, undefined]) assert.equal(lsnValue(bad), null)
})

test('a caught-up replica serves; a session whose write it lacks reads the primary until it is replayed', async () => {
  const { state, router } = scripted()
  assert.equal((await router.choose(null)).db, replica)
  state.primary = '0/200'
  // the probe is fresh for 100 ms: the write at 0/200 is not known replayed, so the primary
  assert.deepEqual(await router.choose(lsnValue('0/200')), { db: primary, reason: 'own_write' })
  const probes = state.probes
  state.replay = '0/200'
  assert.equal((await router.choose(lsnValue('0/200'))).reason, 'own_write', 'no new probe within 100 ms')
  assert.equal(state.probes, probes)
  state.now += 100
  assert.deepEqual(await router.choose(lsnValue('0/200')), { db: replica, reason: 'replica' })
  assert.equal(state.probes, probes + 1)
})

test('lag is the age of the oldest primary position not replayed; past the maximum the primary reads, logged once', async () => {
  const { state, router, logged } = scripted()
  await router.refresh()
  state.primary = '0/300' // the replica stopped replaying at 0/100
  state.now += 1000
  assert.equal((await router.refresh()).lagSeconds, 0, 'first seen behind now')
  state.now += 3000
  state.primary = '0/400'
  assert.equal((await router.refresh()).lagSeconds, 3)
  state.now += 3000
  const status = await router.refresh()
  assert.deepEqual([status.state, status.lagSeconds], ['lagging', 6])
  assert.equal((await router.choose(null)).reason, 'lagging')
  state.now += 1000
  await router.refresh()
  assert.equal(logged.filter((l) => l.includes('behind')).length, 1)
  // it replays up to 0/300: the lag is now that of 0/400, first seen 4 s ago
  state.replay = '0/300'
  state.now += 1000
  assert.deepEqual([(await router.refresh()).state, router.current().lagSeconds], ['up', 5])
  state.replay = '0/400'
  state.now += 1000
  assert.equal((await router.refresh()).lagSeconds, 0)
  assert.equal((await router.choose(null)).db, replica)
  assert.equal(logged.filter((l) => l.includes('again')).length, 1)
})

test('a replica that does not answer is passed over without waiting, and comes back with the next probe', async () => {
  const { state, router, logged } = scripted()
  await router.refresh()
  state.down = true
  state.now += 200
  assert.deepEqual(await router.choose(null), { db: primary, reason: 'down' })
  const probes = state.probes
  state.now += 200
  assert.equal((await router.choose(null)).reason, 'down')
  assert.equal(state.probes, probes, 'reads do not probe a replica known down')
  state.down = false
  await router.refresh()
  assert.equal((await router.choose(null)).db, replica)
  assert.deepEqual(
    logged.map((l) => l.split(':')[0]),
    ['read replica unreachable', 'read replica serving reads again'],
  )
})

test('a read database that is not a standby (the primary itself, a promoted one) counts as caught up', async () => {
  const { state, router } = scripted()
  state.standby = false
  state.replay = null
  state.primary = '0/900'
  assert.deepEqual(await router.choose(lsnValue('0/900')), { db: replica, reason: 'replica' })
})
