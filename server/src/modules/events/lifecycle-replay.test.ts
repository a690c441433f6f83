/**
 * The events row is the projection of its action log. Three whole stories, with the state after
 * each step written by hand: both the row the transition returns and `replay` of the log so far
 * must equal it, so a projection that drops a change fails here whatever `apply` does. Then a
 * property over random sequences: the row equals the replay of its log, and what the log says
 * (how many presses, who escalated, whether a supervision is owed) agrees with the row.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RATINGS } from '@xiaolan/contracts'
import fc from 'fast-check'
import { type ActorName, actors, at, CATEGORY, ctx, fixture, NOW, REPORTER } from '../../../test/lifecycle-fixtures.ts'
import {
  type ActionRequest,
  type Actor,
  type EventState,
  initialState,
  LIFECYCLE_ACTIONS,
  type LogEntry,
  replay,
  submitEntry,
  transition,
} from './lifecycle.ts'

/** A new submission at NOW: the fixture before anything was assigned, supervised or summoned. */
const submitted = (over: Partial<EventState>): EventState =>
  fixture('submitted', {
    currentUnitId: null,
    dispatcherUnitId: null,
    lastHandlerUnitId: null,
    reporterResidentId: null,
    supervised: false,
    supervisionPending: false,
    summoned: [],
    signDeadline: null,
    resolveDeadline: null,
    version: 1,
    updatedAt: NOW.toISOString(),
    ...over,
  })

/** One step of a story: hours after the submission, who, what, and the fields it is expected to change. */
type Step = [hours: number, actor: ActorName, request: ActionRequest, expect: Partial<EventState>]

function tell(story: { first: LogEntry; start: EventState; steps: Step[] }) {
  const log = [story.first]
  let event = initialState(story.first)
  let expected = story.start
  assert.deepEqual(event, expected, 'the submission')
  assert.deepEqual(replay(log), expected, 'the submission replayed')
  for (const [hours, name, request, expect] of story.steps) {
    const where = `${request.type} by ${name} at +${hours} h`
    const result = transition(event, request, actors[name], ctx({ now: new Date(at(hours)) }))
    assert.ok(result.ok, `${where}: ${!result.ok && result.error.message}`)
    expected = { ...expected, ...expect, version: expected.version + 1, updatedAt: at(hours) }
    log.push(result.entry)
    event = result.next
    assert.deepEqual(event, expected, where)
    assert.deepEqual(replay(log), expected, `${where}, replayed`)
  }
}

test('the submit entry names who reported, where it waits and what they said; a log starts with it', () => {
  assert.deepEqual(
    submitEntry({ actor: actors.operator, at: NOW, unitId: 3, reporterResidentId: null, category: CATEGORY, note: '来电' }),
    {
      action: 'submit',
      actorKind: 'staff',
      actorUserId: 1,
      actorResidentId: null,
      actorUnitId: 1,
      fromState: null,
      toState: 'submitted',
      fromUnitId: null,
      toUnitId: 3,
      note: '来电',
      changes: { reporterResidentId: null, category: CATEGORY },
      at: NOW.toISOString(),
    },
  )
  assert.equal(submitEntry({ actor: actors.reporter, at: NOW, unitId: null, reporterResidentId: REPORTER, category: CATEGORY }).note, null)
  assert.throws(() => replay([]), /an event log starts with its submit entry/)
})

test('a resident’s report: routed, dispatched, supervised, extended, pressed, reviewed and sent back, reopened once, closed', () => {
  tell({
    first: submitEntry({ actor: actors.reporter, at: NOW, unitId: null, reporterResidentId: REPORTER, category: CATEGORY }),
    start: submitted({ reporterResidentId: REPORTER, category: CATEGORY }),
    steps: [
      [1, 'system', { type: 'route', unitId: 3 }, { state: 'assigned', currentUnitId: 3, signDeadline: at(25), resolveDeadline: at(121) }],
      [2, 'holder', { type: 'sign' }, { state: 'in_progress' }],
      [3, 'holder', { type: 'dispatch', unitId: 7 }, { state: 'assigned', currentUnitId: 7, dispatcherUnitId: 3, signDeadline: at(27) }],
      [4, 'deptStaff', { type: 'sign' }, { state: 'in_progress' }],
      [5, 'supervisor', { type: 'supervise', note: '请加快' }, { supervised: true, supervisionPending: true }],
      [6, 'deptStaff', { type: 'reply', note: '已安排' }, { supervisionPending: false }],
      [7, 'deptStaff', { type: 'extend', days: 2, note: '等配件' }, { extensionPending: { days: 2, reason: '等配件' } }],
      [8, 'holder', { type: 'approve_extension' }, { extensionPending: null, resolveDeadline: at(169) }],
      [30, 'reporter', { type: 'press' }, { pressCount: 1, lastPressedAt: at(30) }],
      // 办结审核 at the street center that dispatched it: sent back once, then approved
      [40, 'deptStaff', { type: 'resolve', note: '已修复' }, { state: 'reviewing', lastHandlerUnitId: 7 }],
      [40.25, 'holder', { type: 'send_back', note: '请附修复后照片' }, { state: 'in_progress' }],
      [40.5, 'deptStaff', { type: 'resolve', note: '已修复，附照片' }, { state: 'reviewing' }],
      [40.75, 'holder', { type: 'approve_resolution' }, { state: 'resolved' }],
      [
        41,
        'reporter',
        { type: 'evaluate', rating: 'unsatisfied' },
        { state: 'assigned', evaluation: 'unsatisfied', reopenCount: 1, signDeadline: at(65), resolveDeadline: at(161) },
      ],
      [42, 'deptStaff', { type: 'sign' }, { state: 'in_progress' }],
      [43, 'deptStaff', { type: 'comment', note: '再次处理中', toReporter: true }, {}],
      [44, 'deptStaff', { type: 'resolve', note: '已更换' }, { state: 'reviewing', evaluation: null }],
      [44.5, 'holder', { type: 'approve_resolution' }, { state: 'resolved' }],
      [45, 'reporter', { type: 'evaluate', rating: 'satisfied' }, { state: 'closed', evaluation: 'satisfied' }],
    ],
  })
})

test('a hotline call: accepted at the street, escalated by the community, whistled, returned, merged', () => {
  tell({
    first: submitEntry({ actor: actors.operator, at: NOW, unitId: 3, reporterResidentId: null, category: CATEGORY, note: '来电' }),
    start: submitted({ currentUnitId: 3 }),
    steps: [
      [1, 'holder', { type: 'accept', unitId: 4 }, { state: 'assigned', currentUnitId: 4, signDeadline: at(25), resolveDeadline: at(121) }],
      [2, 'communityStaff', { type: 'sign' }, { state: 'in_progress' }],
      [
        3,
        'communityStaff',
        { type: 'escalate', note: '需街道协调' },
        { state: 'assigned', currentUnitId: 3, escalatedBy: [4], signDeadline: at(27) },
      ],
      [
        4,
        'holder',
        { type: 'whistle', units: [4, 7], leadUnitId: 7 },
        {
          currentUnitId: 7,
          dispatcherUnitId: 3,
          signDeadline: at(28),
          summoned: [
            { unitId: 4, lead: false, checkedInAt: null, checkInBy: at(6) },
            { unitId: 7, lead: true, checkedInAt: null, checkInBy: at(6) },
          ],
        },
      ],
      [
        5,
        'communityStaff',
        { type: 'check_in', note: '已到场' },
        {
          summoned: [
            { unitId: 4, lead: false, checkedInAt: at(5), checkInBy: at(6) },
            { unitId: 7, lead: true, checkedInAt: null, checkInBy: at(6) },
          ],
        },
      ],
      [6, 'deptStaff', { type: 'return', note: '非本部门职责' }, { currentUnitId: 3, dispatcherUnitId: null, signDeadline: at(30) }],
      [7, 'holder', { type: 'merge', intoEventId: 99 }, { state: 'merged', mergedInto: 99 }],
    ],
  })
})

test('the short ways out: answered on the call, rejected at screening, closed by default', () => {
  tell({
    first: submitEntry({ actor: actors.operator, at: NOW, unitId: 1, reporterResidentId: null, category: CATEGORY }),
    start: submitted({ currentUnitId: 1 }),
    steps: [[1, 'operator', { type: 'answer', note: '已答复政策' }, { state: 'closed', lastHandlerUnitId: 1 }]],
  })
  tell({
    first: submitEntry({ actor: actors.reporter, at: NOW, unitId: 3, reporterResidentId: REPORTER, category: CATEGORY }),
    start: submitted({ currentUnitId: 3, reporterResidentId: REPORTER, category: CATEGORY }),
    steps: [
      [1, 'holder', { type: 'reject', note: '不属于受理范围' }, { state: 'rejected' }],
      [2, 'reporter', { type: 'comment', note: '为什么？' }, {}],
    ],
  })
  tell({
    first: submitEntry({ actor: actors.reporter, at: NOW, unitId: null, reporterResidentId: REPORTER, category: CATEGORY }),
    start: submitted({ reporterResidentId: REPORTER, category: CATEGORY }),
    steps: [
      [1, 'system', { type: 'route', unitId: 5 }, { state: 'assigned', currentUnitId: 5, signDeadline: at(25), resolveDeadline: at(121) }],
      [2, 'gridWorker', { type: 'sign' }, { state: 'in_progress' }],
      [3, 'gridWorker', { type: 'resolve', note: '已清理' }, { state: 'resolved', lastHandlerUnitId: 5 }],
      [171, 'system', { type: 'close' }, { state: 'closed', evaluation: 'default_satisfied' }],
    ],
  })
})

test('any sequence of legal actions leaves the row equal to the replay of its log, and to what the log says', () => {
  const attempts = fc.array(
    fc.record({
      type: fc.constantFrom(...LIFECYCLE_ACTIONS),
      actor: fc.constantFrom(...(Object.keys(actors) as ActorName[])),
      unitId: fc.constantFrom(2, 3, 4, 5, 6, 7, 8, 9, 10),
      other: fc.constantFrom(4, 5, 7, 8),
      rating: fc.constantFrom(...RATINGS),
      toReporter: fc.boolean(),
      hours: fc.integer({ min: 0, max: 72 }),
    }),
    { maxLength: 40 },
  )
  fc.assert(
    fc.property(attempts, (steps) => {
      const first = submitEntry({ actor: actors.reporter, at: NOW, unitId: null, reporterResidentId: REPORTER, category: CATEGORY })
      const log: LogEntry[] = [first]
      let event = initialState(first)
      let now = NOW.getTime()
      for (const step of steps) {
        now += step.hours * 3600_000
        // one request carries every field; each rule reads the ones it needs
        const request: ActionRequest = {
          type: step.type,
          note: '说明',
          unitId: step.unitId,
          rating: step.rating,
          days: 2,
          intoEventId: 99,
          units: [step.unitId, step.other],
          leadUnitId: step.unitId,
          toReporter: step.toReporter,
        }
        // act as whoever holds the event when the actor is a center's staff
        let actor: Actor = actors[step.actor]
        if (actor.kind === 'staff' && actor.role === 'center_staff' && event.currentUnitId !== null) {
          actor = { ...actor, unitId: event.currentUnitId }
        }
        const result = transition(event, request, actor, ctx({ now: new Date(now) }))
        if (!result.ok) {
          assert.ok([400, 403, 409, 429].includes(result.error.status), result.error.message)
          continue
        }
        log.push(result.entry)
        event = result.next
      }
      assert.deepEqual(replay(log), event)
      assertAgreesWithLog(event, log)
    }),
    { numRuns: 300 },
  )
})

/** What can be read off the log without projecting it. */
function assertAgreesWithLog(event: EventState, log: LogEntry[]) {
  const last = log.at(-1) as LogEntry
  const of = (...actions: string[]) => log.filter((e) => actions.includes(e.action))
  const names: string[] = log.map((e) => e.action)
  const lastIndex = (...actions: string[]) => Math.max(...actions.map((a) => names.lastIndexOf(a)))
  assert.equal(event.version, log.length)
  assert.equal(event.updatedAt, last.at)
  assert.equal(event.state, last.toState)
  assert.equal(event.currentUnitId, last.toUnitId)
  assert.equal(event.pressCount, of('press').length)
  assert.equal(event.lastPressedAt, of('press').at(-1)?.at ?? null)
  assert.equal(event.supervised, of('supervise').length > 0)
  assert.equal(event.supervisionPending, lastIndex('supervise') > lastIndex('reply', 'resolve'))
  assert.equal(event.reopenCount, of('evaluate').filter((e) => e.toState === 'assigned').length)
  assert.equal(event.mergedInto !== null, event.state === 'merged')
  assert.deepEqual(event.escalatedBy, [...new Set(of('escalate').map((e) => e.fromUnitId))])
  assert.equal(event.extensionPending !== null, lastIndex('extend') > lastIndex('approve_extension', 'refuse_extension', 'resolve'))
}
