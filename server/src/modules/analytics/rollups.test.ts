import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { EventChange } from '../../context.ts'
import type { EventState, LogEntry } from '../events/lifecycle.ts'
import { addDeltas, dueHour, emptyDeltas } from './rollups.ts'

const AREAS = [1, 2, 3, 4] // city, district, street, community
const base: EventState = {
  state: 'assigned',
  category: 'sanitation.garbage',
  currentUnitId: 4,
  dispatcherUnitId: null,
  lastHandlerUnitId: null,
  reporterResidentId: null,
  mergedInto: null,
  reopenCount: 0,
  pressCount: 0,
  lastPressedAt: null,
  supervised: false,
  supervisionPending: false,
  extensionPending: null,
  summoned: [],
  escalatedBy: [],
  evaluation: null,
  signDeadline: '2026-11-30T06:00:00.000Z',
  resolveDeadline: '2026-12-04T09:30:00.000Z',
  version: 2,
  updatedAt: '2026-11-29T17:00:00.000Z',
}
const entry = (action: LogEntry['action'], at: string): LogEntry => ({
  action,
  actorKind: 'staff',
  actorUserId: 1,
  actorResidentId: null,
  actorUnitId: 4,
  fromState: null,
  toState: 'assigned',
  fromUnitId: null,
  toUnitId: 4,
  note: null,
  changes: {},
  at,
})
const change = (before: EventState | null, after: EventState, action: LogEntry['action'], at: string): Omit<EventChange, 'entryId'> => ({
  event: {
    id: 1,
    number: 'LZ20261130-000001',
    category: 'sanitation.garbage',
    priority: 'normal',
    channel: 'hotline',
    districtId: 2,
    communityId: 4,
    createdAt: new Date('2026-11-29T17:00:00Z'), // 01:00 on 30 November in Lanzhou
    sourceClientId: null,
    externalId: null,
    callerPhone: null,
    reporterResidentId: null,
  },
  before,
  after,
  entry: entry(action, at),
})

test('deadlines count from the end of their hour', () => {
  assert.equal(dueHour('2026-12-04T09:30:00Z').toISOString(), '2026-12-04T10:00:00.000Z')
  assert.equal(dueHour('2026-12-04T09:00:00Z').toISOString(), '2026-12-04T09:00:00.000Z')
})

test('a new event counts once in every area above it, on its created day, in its state', () => {
  const d = addDeltas(
    emptyDeltas(),
    change(null, { ...base, state: 'submitted', resolveDeadline: null }, 'submit', '2026-11-29T17:00:00Z'),
    AREAS,
  )
  assert.equal(d.daily.size, 4)
  assert.deepEqual(
    [...d.created.values()].map((r) => [r.unit_id, r.day, r.category, r.channel, r.n]),
    AREAS.map((id) => [id, '2026-11-30', 'sanitation', 'hotline', 1]),
  )
  for (const row of d.daily.values())
    assert.deepEqual([row.day, row.category, row.state, row.n], ['2026-11-30', 'sanitation', 'submitted', 1])
  assert.deepEqual(
    [...d.unitDay.values()].map((r) => r.created),
    [1, 1, 1, 1],
  )
  assert.equal(d.due.size, 0, 'no deadline yet')
})

test('a state change moves the count; resolving late clears the deadline and is not on time', () => {
  const signed = addDeltas(emptyDeltas(), change(base, { ...base, state: 'in_progress' }, 'sign', '2026-11-30T02:00:00Z'), [1])
  assert.deepEqual(
    [...signed.state.values()].map((r) => [r.state, r.n]),
    [
      ['assigned', -1],
      ['in_progress', 1],
    ],
  )
  assert.equal(signed.unitDay.size, 0)
  assert.equal(signed.created.size, 0, 'created once, whatever happens next')

  const inProgress = { ...base, state: 'in_progress' as const }
  const late = addDeltas(emptyDeltas(), change(inProgress, { ...inProgress, state: 'resolved' }, 'resolve', '2026-12-05T02:00:00Z'), [1])
  const day = [...late.unitDay.values()][0]
  assert.deepEqual([day.day, day.resolved, day.resolved_on_time], ['2026-12-05', 1, 0])
  assert.deepEqual(
    [...late.due.values()].map((r) => [r.due_hour.toISOString(), r.n]),
    [
      ['2026-12-04T10:00:00.000Z', -1],
      ['9999-12-31T00:00:00.000Z', -1],
    ],
  )
})

test('an assigned event is due by its sign deadline, one in progress by its resolve deadline (as the SLA status)', () => {
  const d = addDeltas(emptyDeltas(), change(base, { ...base, state: 'in_progress' }, 'sign', '2026-11-30T02:00:00Z'), [1])
  assert.deepEqual(
    [...d.due.values()].map((r) => [r.due_hour.toISOString(), r.n]),
    [
      ['2026-11-30T06:00:00.000Z', -1],
      ['2026-12-04T10:00:00.000Z', 1],
    ],
  )
})

test('a rating counts once, satisfied or basically satisfied as satisfied; a lapsed window is counted apart, never as a rating', () => {
  const resolved = { ...base, state: 'resolved' as const }
  const counted = (evaluation: EventState['evaluation'], action: LogEntry['action'], actorKind: LogEntry['actorKind']) => {
    const c = change(resolved, { ...resolved, state: 'closed', evaluation }, action, '2026-12-01T02:00:00Z')
    const row = [...addDeltas(emptyDeltas(), { ...c, entry: { ...c.entry, actorKind } }, [1]).unitDay.values()][0]
    return [row.evaluated, row.satisfied, row.default_closed, row.not_reached, row.callback_rated]
  }
  assert.deepEqual(counted('satisfied', 'evaluate', 'resident'), [1, 1, 0, 0, 0])
  assert.deepEqual(counted('basically_satisfied', 'evaluate', 'resident'), [1, 1, 0, 0, 0])
  assert.deepEqual(counted('unsatisfied', 'evaluate', 'resident'), [1, 0, 0, 0, 0])
  assert.deepEqual(counted('satisfied', 'evaluate', 'staff'), [1, 1, 0, 0, 1], 'an operator’s callback')
  assert.deepEqual(counted('basically_satisfied', 'evaluate', 'system'), [1, 1, 0, 0, 1], 'the SMS link')
  assert.deepEqual(counted('default_satisfied', 'close', 'system'), [0, 0, 1, 0, 0], '默认满意')
  assert.deepEqual(counted('not_reached', 'close', 'system'), [0, 0, 0, 1, 0], '未回访')
})
