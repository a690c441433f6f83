/**
 * The transition table, exhaustively: every state × action × actor → the next state or the named
 * error, written out as data from DESIGN §5 rather than derived from the rules it checks; then the
 * input errors, the special paths (reopen, extension, escalation clock), and a property test that
 * any legal sequence leaves the projection equal to the replay of its log.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ACTION_TYPES, type ActionType, EVENT_STATES, type EventStateName, MAX_REOPENS } from '@xiaolan/contracts'
import fc from 'fast-check'
import {
  type ActionRequest,
  type Actor,
  type EventState,
  initialState,
  type LogEntry,
  replay,
  submitEntry,
  type TransitionContext,
  transition,
  type UnitInfo,
} from './lifecycle.ts'

// A small command chain: city 1 → district 2 → street 3 → community 4 → grid 5 and force 6;
// department 7 and mediation 8 of the district; department 9 of the city; another street 10.
const units: UnitInfo[] = [
  { id: 1, kind: 'center', level: 1, parentId: null, path: '620100.', active: true },
  { id: 2, kind: 'center', level: 2, parentId: 1, path: '620100.620105.', active: true },
  { id: 3, kind: 'center', level: 3, parentId: 2, path: '620100.620105.620105007.', active: true },
  { id: 4, kind: 'center', level: 4, parentId: 3, path: '620100.620105.620105007.620105007001.', active: true },
  { id: 5, kind: 'grid', level: 5, parentId: 4, path: '620100.620105.620105007.620105007001.G01.', active: true },
  { id: 6, kind: 'force', level: 5, parentId: 4, path: '620100.620105.620105007.620105007001.F01.', active: true },
  { id: 7, kind: 'department', level: 3, parentId: 2, path: '620100.620105.620105D01.', active: true },
  { id: 8, kind: 'mediation', level: 3, parentId: 2, path: '620100.620105.620105M01.', active: true },
  { id: 9, kind: 'department', level: 2, parentId: 1, path: '620100.620100D01.', active: true },
  { id: 10, kind: 'center', level: 3, parentId: 2, path: '620100.620105.620105008.', active: true },
]
const byId = new Map(units.map((u) => [u.id, u]))
const NOW = new Date('2026-11-30T02:00:00Z')
const day = 86_400_000
const ctx = (over: Partial<TransitionContext> = {}): TransitionContext => ({
  now: NOW,
  unit: (id) => byId.get(id),
  deadlines: (now) => ({ signBy: new Date(now.getTime() + day), resolveBy: new Date(now.getTime() + 5 * day) }),
  extend: (deadline, days) => new Date(deadline.getTime() + days * day),
  checkInBy: (now) => new Date(now.getTime() + 2 * 3600_000),
  mergeTarget: { id: 99, state: 'in_progress' },
  ...over,
})

const REPORTER = 501
const actors = {
  system: { kind: 'system' },
  reporter: { kind: 'resident', residentId: REPORTER },
  otherResident: { kind: 'resident', residentId: 502 },
  operator: { kind: 'staff', userId: 1, role: 'operator', unitId: 1 },
  supervisor: { kind: 'staff', userId: 2, role: 'supervisor', unitId: 1 },
  leader: { kind: 'staff', userId: 3, role: 'leader', unitId: 1 },
  admin: { kind: 'staff', userId: 4, role: 'admin', unitId: 1 },
  cityStaff: { kind: 'staff', userId: 5, role: 'center_staff', unitId: 1 },
  districtStaff: { kind: 'staff', userId: 6, role: 'center_staff', unitId: 2 },
  /** the street center holds the fixture event */
  holder: { kind: 'staff', userId: 7, role: 'center_staff', unitId: 3 },
  communityStaff: { kind: 'staff', userId: 8, role: 'center_staff', unitId: 4 },
  otherStreetStaff: { kind: 'staff', userId: 9, role: 'center_staff', unitId: 10 },
  /** summoned by the fixture's whistle, not yet checked in */
  deptStaff: { kind: 'staff', userId: 10, role: 'dept_staff', unitId: 7 },
  mediator: { kind: 'staff', userId: 11, role: 'mediator', unitId: 8 },
  gridWorker: { kind: 'staff', userId: 12, role: 'grid_worker', unitId: 5 },
} satisfies Record<string, Actor>
type ActorName = keyof typeof actors
const ALL_STAFF_BUT_ADMIN: ActorName[] = [
  'operator',
  'supervisor',
  'leader',
  'cityStaff',
  'districtStaff',
  'holder',
  'communityStaff',
  'otherStreetStaff',
  'deptStaff',
  'mediator',
  'gridWorker',
]

/** The fixture: held by the street center, dispatched there by the district, with a summoned department. */
function fixture(state: EventStateName, over: Partial<EventState> = {}): EventState {
  return {
    state,
    currentUnitId: 3,
    dispatcherUnitId: 2,
    lastHandlerUnitId: 3,
    reporterResidentId: REPORTER,
    mergedInto: null,
    reopenCount: 0,
    pressCount: 0,
    lastPressedAt: null,
    supervised: true,
    supervisionPending: true,
    extensionPending: null,
    summoned: [{ unitId: 7, lead: false, checkInBy: '2026-11-30T04:00:00.000Z', checkedInAt: null }],
    escalatedBy: [],
    evaluation: null,
    signDeadline: '2026-12-01T02:00:00.000Z',
    resolveDeadline: '2026-12-05T02:00:00.000Z',
    version: 3,
    updatedAt: '2026-11-29T02:00:00.000Z',
    ...over,
  }
}

const OPEN: EventStateName[] = ['assigned', 'in_progress']
const ANY: EventStateName[] = [...EVENT_STATES]

/**
 * DESIGN §5 as a table: from which states, which of the fixture's actors, the state it leads to,
 * a valid request, and fixture changes the action needs (a pending extension to decide on).
 */
const TABLE: Record<
  ActionType | 'route',
  {
    from: EventStateName[]
    who: ActorName[]
    to: EventStateName | 'same'
    unit?: number
    request: Omit<ActionRequest, 'type'>
    given?: Partial<EventState>
  }
> = {
  route: { from: ['submitted'], who: ['system'], to: 'assigned', unit: 4, request: { unitId: 4 } },
  accept: { from: ['submitted'], who: ['operator', 'holder'], to: 'assigned', unit: 4, request: { unitId: 4 } },
  reject: { from: ['submitted'], who: ['operator', 'holder'], to: 'rejected', request: { note: '不属于受理范围' } },
  sign: { from: ['assigned'], who: ['holder'], to: 'in_progress', request: {} },
  escalate: { from: OPEN, who: ['holder'], to: 'assigned', unit: 2, request: { note: '需区级协调' } },
  dispatch: { from: OPEN, who: ['holder'], to: 'assigned', unit: 7, request: { unitId: 7 } },
  return: { from: OPEN, who: ['holder'], to: 'assigned', unit: 2, request: { note: '非本单位职责' } },
  resolve: { from: ['in_progress'], who: ['holder'], to: 'resolved', request: { note: '已清运' } },
  evaluate: { from: ['resolved'], who: ['reporter', 'operator'], to: 'closed', request: { rating: 'satisfied' } },
  close: { from: ['resolved'], who: ['system'], to: 'closed', request: {} },
  supervise: {
    from: ['submitted', ...OPEN],
    who: ['supervisor', 'leader', 'cityStaff', 'districtStaff'],
    to: 'same',
    request: { note: '请加快办理' },
  },
  reply: { from: OPEN, who: ['holder'], to: 'same', request: { note: '正在协调' } },
  extend: { from: ['in_progress'], who: ['holder'], to: 'same', request: { days: 3, note: '需采购配件' } },
  approve_extension: {
    from: ['in_progress'],
    who: ['districtStaff'],
    to: 'same',
    request: {},
    given: { extensionPending: { days: 3, reason: '需采购配件' } },
  },
  refuse_extension: {
    from: ['in_progress'],
    who: ['districtStaff'],
    to: 'same',
    request: { note: '可按期完成' },
    given: { extensionPending: { days: 3, reason: '需采购配件' } },
  },
  merge: { from: ['submitted', ...OPEN], who: ['operator', 'holder'], to: 'merged', request: { intoEventId: 99 } },
  whistle: { from: OPEN, who: ['holder'], to: 'assigned', unit: 7, request: { units: [4, 7], leadUnitId: 7 } },
  check_in: { from: OPEN, who: ['deptStaff'], to: 'same', request: { note: '已到场' } },
  press: { from: ['submitted', ...OPEN], who: ['reporter'], to: 'same', request: {} },
  comment: { from: ANY, who: [...ALL_STAFF_BUT_ADMIN, 'reporter'], to: 'same', request: { note: '内部备注' } },
}

test('the table covers every action', () => {
  assert.deepEqual(Object.keys(TABLE).sort(), [...ACTION_TYPES, 'route'].sort())
})

for (const [type, row] of Object.entries(TABLE) as Array<[ActionType | 'route', (typeof TABLE)[ActionType]]>) {
  test(`${type}: every state × every actor`, () => {
    for (const state of EVENT_STATES) {
      for (const [name, actor] of Object.entries(actors) as Array<[ActorName, Actor]>) {
        const event = fixture(state, row.given)
        const result = transition(event, { type, ...row.request }, actor, ctx())
        const where = `${type} from ${state} by ${name}`
        if (!row.from.includes(state)) {
          assert.equal(result.ok, false, where)
          assert.equal(!result.ok && result.error.code, 'invalid_transition', where)
          assert.equal(!result.ok && result.error.status, 409, where)
        } else if (!row.who.includes(name)) {
          assert.equal(!result.ok && result.error.code, 'forbidden', where)
          assert.equal(!result.ok && result.error.status, 403, where)
        } else {
          assert.ok(result.ok, `${where}: ${!result.ok && result.error.message}`)
          assert.equal(result.next.state, row.to === 'same' ? state : row.to, where)
          if (row.unit !== undefined) assert.equal(result.next.currentUnitId, row.unit, where)
          assert.equal(result.next.version, event.version + 1, where)
          assert.equal(result.entry.action, type, where)
          assert.equal(result.entry.fromState, state, where)
        }
      }
    }
  })
}

test('a missing required field is a 400 naming the field, checked after state and actor', () => {
  const required: Partial<Record<ActionType | 'route', string>> = {
    route: 'unitId',
    accept: 'unitId',
    reject: 'note',
    escalate: 'note',
    dispatch: 'unitId',
    return: 'note',
    resolve: 'note',
    evaluate: 'rating',
    supervise: 'note',
    reply: 'note',
    extend: 'days',
    refuse_extension: 'note',
    merge: 'intoEventId',
    whistle: 'units',
    check_in: 'note',
    comment: 'note',
  }
  for (const [type, row] of Object.entries(TABLE) as Array<[ActionType | 'route', (typeof TABLE)[ActionType]]>) {
    const state = row.from[0] as EventStateName
    const result = transition(fixture(state, row.given), { type, note: '   ' }, actors[row.who[0] as ActorName], ctx())
    const field = required[type]
    if (field) {
      assert.equal(!result.ok && result.error.status, 400, type)
      assert.deepEqual(!result.ok && result.error.details, { field }, type)
    } else {
      assert.ok(result.ok, `${type} needs no input`)
    }
  }
})

test('dispatch reaches the subtree and the district’s departments, nothing else', () => {
  const at = (unitId: number) => transition(fixture('in_progress'), { type: 'dispatch', unitId }, actors.holder, ctx())
  const status = (unitId: number) => {
    const result = at(unitId)
    return result.ok ? 200 : result.error.status
  }
  for (const ok of [4, 5, 6, 7, 8]) assert.equal(status(ok), 200, `unit ${ok}`)
  for (const no of [1, 2, 9, 10]) assert.equal(status(no), 403, `unit ${no}`)
  assert.equal(status(12345), 400)
})

test('the city center cannot escalate further', () => {
  const result = transition(fixture('in_progress', { currentUnitId: 1 }), { type: 'escalate', note: '…' }, actors.cityStaff, ctx())
  assert.equal(!result.ok && result.error.status, 403)
})

test('escalation and dispatch keep the resolve clock; only an approved extension moves it', () => {
  const event = fixture('in_progress')
  const escalated = transition(event, { type: 'escalate', note: '需协调' }, actors.holder, ctx({ now: new Date('2026-12-03T02:00:00Z') }))
  assert.ok(escalated.ok)
  assert.equal(escalated.next.resolveDeadline, event.resolveDeadline)
  assert.equal(escalated.next.signDeadline, '2026-12-04T02:00:00.000Z')

  const asked = transition(event, { type: 'extend', days: 3, note: '需采购' }, actors.holder, ctx())
  assert.ok(asked.ok)
  assert.equal(asked.next.resolveDeadline, event.resolveDeadline, 'asking moves nothing')
  const refused = transition(asked.next, { type: 'refuse_extension', note: '可按期' }, actors.districtStaff, ctx())
  assert.ok(refused.ok)
  assert.equal(refused.next.resolveDeadline, event.resolveDeadline)
  assert.equal(refused.next.extensionPending, null)
  const approved = transition(asked.next, { type: 'approve_extension' }, actors.districtStaff, ctx())
  assert.ok(approved.ok)
  assert.equal(approved.next.resolveDeadline, '2026-12-08T02:00:00.000Z')
})

test('不满意 reopens to the last handler at most twice, then goes to the city for review', () => {
  let event = fixture('resolved', { lastHandlerUnitId: 7, currentUnitId: 7 })
  for (let i = 1; i <= MAX_REOPENS; i++) {
    const result = transition(event, { type: 'evaluate', rating: 'unsatisfied' }, actors.reporter, ctx())
    assert.ok(result.ok)
    assert.equal(result.next.state, 'assigned')
    assert.equal(result.next.currentUnitId, 7)
    assert.equal(result.next.reopenCount, i)
    event = { ...result.next, state: 'resolved' }
  }
  const third = transition(event, { type: 'evaluate', rating: 'unsatisfied' }, actors.reporter, ctx())
  assert.ok(third.ok)
  assert.equal(third.next.currentUnitId, 1)
  assert.equal(third.next.reopenCount, MAX_REOPENS + 1)
})

test('a resident may press once a day', () => {
  const first = transition(fixture('in_progress'), { type: 'press' }, actors.reporter, ctx())
  assert.ok(first.ok)
  const again = transition(first.next, { type: 'press' }, actors.reporter, ctx({ now: new Date(NOW.getTime() + 23 * 3600_000) }))
  assert.equal(!again.ok && again.error.code, 'press_too_soon')
  const nextDay = transition(first.next, { type: 'press' }, actors.reporter, ctx({ now: new Date(NOW.getTime() + day) }))
  assert.ok(nextDay.ok)
  assert.equal(nextDay.next.pressCount, 2)
})

test('merge refuses an event that is already closed', () => {
  const result = transition(
    fixture('in_progress'),
    { type: 'merge', intoEventId: 99 },
    actors.holder,
    ctx({ mergeTarget: { id: 99, state: 'closed' } }),
  )
  assert.equal(!result.ok && result.error.code, 'invalid_input')
})

test('any sequence of legal actions leaves the projection equal to the replay of its log', () => {
  const attempts = fc.array(
    fc.record({
      type: fc.constantFrom(...(Object.keys(TABLE) as Array<ActionType | 'route'>)),
      actor: fc.constantFrom(...(Object.keys(actors) as ActorName[])),
      unitId: fc.constantFrom(2, 3, 4, 5, 6, 7, 8, 9, 10),
      rating: fc.constantFrom('satisfied', 'basically_satisfied', 'unsatisfied' as const),
      hours: fc.integer({ min: 0, max: 72 }),
    }),
    { maxLength: 40 },
  )
  fc.assert(
    fc.property(attempts, (steps) => {
      const first = submitEntry({ actor: actors.reporter, at: NOW, unitId: null, reporterResidentId: REPORTER })
      const log: LogEntry[] = [first]
      let event = initialState(first)
      let now = NOW.getTime()
      for (const step of steps) {
        now += step.hours * 3600_000
        const row = TABLE[step.type]
        const request: ActionRequest = { ...row.request, type: step.type }
        if ('unitId' in row.request) request.unitId = step.unitId
        if (step.type === 'evaluate') request.rating = step.rating
        if (step.type === 'whistle') request.units = [4, 7]
        // act as whoever holds the event when the table's actor is "the holder"
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
      assert.equal(event.version, log.length)
    }),
    { numRuns: 300 },
  )
})
