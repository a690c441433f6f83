/**
 * The transition table, exhaustively: every state × action × actor → the next state or the named
 * error, and for each allowed one the whole log entry and projection, written out as data from
 * DESIGN §5 rather than derived from the rules it checks. Then each guard that depends on a field
 * of the event, once with the field that lets it pass and once with the field that stops it; the
 * input errors; and the special paths (reopen, extension, escalation clock, routing reach).
 * `npm run mutation` checks that these tests notice each small change to lifecycle.ts.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ACTION_TYPES, EVENT_STATES, type EventStateName, MAX_REOPENS } from '@xiaolan/contracts'
import {
  type ActorName,
  accepted,
  actorColumns,
  actors,
  assertRefused,
  at,
  ctx,
  DAY,
  FIXTURE_RESOLVE_BY,
  fixture,
  HOUR,
  iso,
  NOW,
  OTHER_CATEGORY,
  REPORTER,
  RESOLVE_BY,
  SIGN_BY,
  unit,
} from '../../../test/lifecycle-fixtures.ts'
import {
  type ActionRequest,
  type Actor,
  canDispatch,
  districtCenterOf,
  type EventState,
  LIFECYCLE_ACTIONS,
  parentCenter,
  type TransitionContext,
  transition,
} from './lifecycle.ts'

type Action = ActionRequest['type']
const OPEN: EventStateName[] = ['assigned', 'in_progress']
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
const PENDING = { days: 3, reason: '需采购配件' }

/**
 * DESIGN §5 as a table: from which states, which of the fixture's actors, the state and unit it
 * leads to (the holder, 3, unless named), a valid request, fixture fields the action needs, and
 * exactly the fields it changes.
 */
const TABLE: Record<
  Action,
  {
    from: EventStateName[]
    /** who may, in every state of `from` — or per state */
    who: ActorName[] | ((state: EventStateName) => ActorName[])
    to: EventStateName | 'same'
    unit?: number
    request: Omit<ActionRequest, 'type'>
    given?: Partial<EventState>
    changes: Partial<EventState>
  }
> = {
  route: {
    from: ['submitted'],
    who: ['system'],
    to: 'assigned',
    unit: 4,
    request: { unitId: 4 },
    changes: { signDeadline: SIGN_BY, resolveDeadline: FIXTURE_RESOLVE_BY },
  },
  accept: {
    from: ['submitted'],
    who: ['operator', 'holder'],
    to: 'assigned',
    unit: 4,
    request: { unitId: 4 },
    given: { resolveDeadline: null },
    // the first assignment starts the resolve clock
    changes: { signDeadline: SIGN_BY, resolveDeadline: RESOLVE_BY },
  },
  answer: {
    from: ['submitted'],
    who: ['operator'],
    to: 'closed',
    request: { note: '  已电话答复政策  ' },
    changes: { lastHandlerUnitId: 3 },
  },
  reject: { from: ['submitted'], who: ['operator', 'holder'], to: 'rejected', request: { note: '不属于受理范围' }, changes: {} },
  sign: { from: ['assigned'], who: ['holder'], to: 'in_progress', request: {}, changes: {} },
  escalate: {
    from: OPEN,
    who: ['holder'],
    to: 'assigned',
    unit: 2,
    request: { note: '需区级协调' },
    given: { escalatedBy: [4] },
    changes: { signDeadline: SIGN_BY, resolveDeadline: FIXTURE_RESOLVE_BY, dispatcherUnitId: null, escalatedBy: [4, 3] },
  },
  dispatch: {
    from: OPEN,
    who: ['holder'],
    to: 'assigned',
    unit: 7,
    request: { unitId: 7 },
    changes: { signDeadline: SIGN_BY, resolveDeadline: FIXTURE_RESOLVE_BY, dispatcherUnitId: 3 },
  },
  return: {
    from: OPEN,
    who: ['holder'],
    to: 'assigned',
    unit: 2,
    request: { note: '非本单位职责' },
    changes: { signDeadline: SIGN_BY, resolveDeadline: FIXTURE_RESOLVE_BY, dispatcherUnitId: null },
  },
  resolve: {
    from: ['in_progress'],
    who: ['holder'],
    to: 'resolved',
    request: { note: '已清运' },
    // a reopened event: the last round's rating and a pending extension are cleared
    given: { extensionPending: PENDING, evaluation: 'unsatisfied' },
    changes: { lastHandlerUnitId: 3, supervisionPending: false, extensionPending: null, evaluation: null },
  },
  evaluate: {
    from: ['resolved'],
    // the fixture's reporter has an app account: no operator's callback, no link (guards below)
    who: ['reporter'],
    to: 'closed',
    request: { rating: 'basically_satisfied' },
    changes: { evaluation: 'basically_satisfied' },
  },
  close: { from: ['resolved'], who: ['system'], to: 'closed', request: {}, changes: { evaluation: 'default_satisfied' } },
  supervise: {
    from: ['submitted', ...OPEN],
    who: ['supervisor', 'leader', 'cityStaff', 'districtStaff'],
    to: 'same',
    request: { note: '请加快办理' },
    given: { supervised: false, supervisionPending: false },
    changes: { supervised: true, supervisionPending: true },
  },
  reply: { from: OPEN, who: ['holder'], to: 'same', request: { note: '正在协调' }, changes: { supervisionPending: false } },
  extend: {
    from: ['in_progress'],
    who: ['holder'],
    to: 'same',
    request: { days: 3, note: ' 需采购配件 ' },
    changes: { extensionPending: PENDING },
  },
  approve_extension: {
    from: ['in_progress'],
    who: ['districtStaff'],
    to: 'same',
    request: {},
    given: { extensionPending: PENDING },
    changes: { extensionPending: null, resolveDeadline: at(7 * 24) },
  },
  refuse_extension: {
    from: ['in_progress'],
    who: ['districtStaff'],
    to: 'same',
    request: { note: '可按期完成' },
    given: { extensionPending: PENDING },
    changes: { extensionPending: null },
  },
  // 办结审核: the deciding center (the fixture's dispatcher, the district) approves or sends back
  approve_resolution: { from: ['reviewing'], who: ['districtStaff'], to: 'resolved', request: {}, changes: {} },
  send_back: { from: ['reviewing'], who: ['districtStaff'], to: 'in_progress', request: { note: ' 现场照片不清，请补拍 ' }, changes: {} },
  merge: {
    from: ['submitted', ...OPEN],
    who: ['operator', 'holder'],
    to: 'merged',
    request: { intoEventId: 99 },
    changes: { mergedInto: 99 },
  },
  whistle: {
    from: OPEN,
    who: ['holder'],
    to: 'assigned',
    unit: 7,
    request: { units: [4, 7], leadUnitId: 7 },
    changes: {
      signDeadline: SIGN_BY,
      resolveDeadline: FIXTURE_RESOLVE_BY,
      dispatcherUnitId: 3,
      summoned: [
        { unitId: 4, lead: false, checkedInAt: null, checkInBy: at(2) },
        { unitId: 7, lead: true, checkedInAt: null, checkInBy: at(2) },
      ],
    },
  },
  check_in: {
    from: OPEN,
    who: ['deptStaff'],
    to: 'same',
    request: { note: '已到场' },
    changes: {
      summoned: [
        { unitId: 7, lead: true, checkInBy: at(2), checkedInAt: NOW.toISOString() },
        { unitId: 8, lead: false, checkInBy: at(2), checkedInAt: at(-1) },
      ],
    },
  },
  press: {
    from: ['submitted', ...OPEN],
    who: ['reporter'],
    to: 'same',
    request: {},
    given: { pressCount: 2, lastPressedAt: at(-24) },
    changes: { pressCount: 3, lastPressedAt: NOW.toISOString() },
  },
  comment: { from: [...EVENT_STATES], who: [...ALL_STAFF_BUT_ADMIN, 'reporter'], to: 'same', request: { note: '内部备注' }, changes: {} },
  // 改分类: the deadlines are the ones ctx.newCategory worked out under the new rule
  recategorize: {
    from: ['submitted', ...OPEN],
    // a 12345 operator only while screening a submission, like the holding center
    who: (state) => [
      'supervisor',
      'leader',
      'cityStaff',
      'districtStaff',
      'holder',
      ...(state === 'submitted' ? (['operator'] as const) : []),
    ],
    to: 'same',
    request: { category: OTHER_CATEGORY, note: ' 实为路面塌陷 ' },
    changes: { category: OTHER_CATEGORY, signDeadline: at(6), resolveDeadline: at(10 * 24) },
  },
}

/** The actors a row lets act in `state`. */
const whoIn = (row: (typeof TABLE)[Action], state: EventStateName): ActorName[] =>
  typeof row.who === 'function' ? row.who(state) : row.who

test('the table has a row for every rule and a rule for every row, and covers every API action', () => {
  assert.deepEqual(Object.keys(TABLE).sort(), [...LIFECYCLE_ACTIONS].sort())
  for (const type of [...ACTION_TYPES, 'route', 'answer']) assert.ok(type in TABLE, `no row for ${type}`)
})

for (const [type, row] of Object.entries(TABLE) as Array<[Action, (typeof TABLE)[Action]]>) {
  test(`${type}: every state × every actor`, () => {
    for (const state of EVENT_STATES) {
      for (const [name, actor] of Object.entries(actors) as Array<[ActorName, Actor]>) {
        const event = fixture(state, row.given)
        const result = transition(event, { type, ...row.request }, actor, ctx())
        const where = `${type} from ${state} by ${name}`
        if (!row.from.includes(state)) {
          assertRefused(result, 'invalid_transition', 409, where)
          assert.deepEqual(!result.ok && result.error.details, { state, action: type }, where)
        } else if (!whoIn(row, state).includes(name)) {
          assertRefused(result, 'forbidden', 403, where)
        } else {
          const { entry, next } = accepted(result, where)
          const toState = row.to === 'same' ? state : row.to
          const toUnitId = row.unit ?? 3
          assert.deepEqual(
            entry,
            {
              ...actorColumns(actor),
              action: type,
              fromState: state,
              toState,
              fromUnitId: 3,
              toUnitId,
              note: row.request.note?.trim() ?? null,
              changes: row.changes,
              at: NOW.toISOString(),
              ...(type === 'comment' && actor.kind === 'resident' ? { toReporter: true } : {}),
            },
            where,
          )
          assert.deepEqual(
            next,
            { ...event, ...row.changes, state: toState, currentUnitId: toUnitId, version: 4, updatedAt: NOW.toISOString() },
            where,
          )
        }
      }
    }
  })
}

/** One side of a guard: the fixture fields, the actor and the clock it is tried with. */
interface Side {
  given?: Partial<EventState>
  actor?: Actor
  now?: Date
}

/**
 * The guards that depend on the event (or on which of two otherwise alike actors asks): for each,
 * the side that lets it pass and the side that stops it, with everything else equal.
 */
const GUARDS: Array<{
  guard: string
  type: Action
  state: EventStateName
  actor: Actor
  request?: Omit<ActionRequest, 'type'>
  passes: Side
  fails: Side
  /** how the failing side is refused (forbidden unless named) */
  refused?: [code: string, status: number]
}> = [
  {
    guard: 'a return goes back to a dispatcher',
    type: 'return',
    state: 'in_progress',
    actor: actors.holder,
    request: { note: '非本单位职责' },
    passes: { given: { dispatcherUnitId: 2 } },
    fails: { given: { dispatcherUnitId: null } },
  },
  {
    guard: 'a reply answers a pending supervision',
    type: 'reply',
    state: 'assigned',
    actor: actors.holder,
    request: { note: '正在协调' },
    passes: { given: { supervisionPending: true } },
    fails: { given: { supervisionPending: false } },
  },
  {
    guard: 'one extension pending at a time',
    type: 'extend',
    state: 'in_progress',
    actor: actors.holder,
    request: { days: 2, note: '等配件' },
    passes: { given: { extensionPending: null } },
    fails: { given: { extensionPending: PENDING } },
  },
  {
    guard: 'approving needs a pending extension',
    type: 'approve_extension',
    state: 'in_progress',
    actor: actors.districtStaff,
    passes: { given: { extensionPending: PENDING } },
    fails: { given: { extensionPending: null } },
  },
  {
    guard: 'refusing needs a pending extension',
    type: 'refuse_extension',
    state: 'in_progress',
    actor: actors.districtStaff,
    request: { note: '可按期完成' },
    passes: { given: { extensionPending: PENDING } },
    fails: { given: { extensionPending: null } },
  },
  {
    guard: 'the dispatcher decides on an extension',
    type: 'approve_extension',
    state: 'in_progress',
    actor: actors.cityStaff,
    passes: { given: { extensionPending: PENDING, dispatcherUnitId: 1 } },
    fails: { given: { extensionPending: PENDING, dispatcherUnitId: 2 } },
  },
  {
    guard: 'a center staff account decides, not a supervisor at the same center',
    type: 'approve_extension',
    state: 'in_progress',
    actor: actors.cityStaff,
    passes: { given: { extensionPending: PENDING, dispatcherUnitId: 1 } },
    fails: { given: { extensionPending: PENDING, dispatcherUnitId: 1 }, actor: actors.supervisor },
  },
  {
    guard: 'without a dispatcher, the holder’s parent center decides',
    type: 'refuse_extension',
    state: 'in_progress',
    actor: actors.districtStaff,
    request: { note: '可按期完成' },
    passes: { given: { extensionPending: PENDING, dispatcherUnitId: null, currentUnitId: 3 } },
    fails: { given: { extensionPending: PENDING, dispatcherUnitId: null, currentUnitId: 2 } },
  },
  {
    guard: 'the parent center is found above a department’s team',
    type: 'approve_extension',
    state: 'in_progress',
    actor: actors.districtStaff,
    passes: { given: { extensionPending: PENDING, dispatcherUnitId: null, currentUnitId: 11 } },
    fails: { given: { extensionPending: PENDING, dispatcherUnitId: null, currentUnitId: 9 } },
  },
  {
    guard: 'a unit nobody knows has no parent center to decide',
    type: 'approve_extension',
    state: 'in_progress',
    actor: actors.districtStaff,
    passes: { given: { extensionPending: PENDING, dispatcherUnitId: null, currentUnitId: 7 } },
    fails: { given: { extensionPending: PENDING, dispatcherUnitId: null, currentUnitId: 404 } },
  },
  {
    guard: 'an event nobody holds has no deciding center',
    type: 'approve_extension',
    state: 'in_progress',
    actor: actors.districtStaff,
    passes: { given: { extensionPending: PENDING, dispatcherUnitId: null, currentUnitId: 3 } },
    fails: { given: { extensionPending: PENDING, dispatcherUnitId: null, currentUnitId: null } },
  },
  {
    guard: 'the dispatcher reviews a resolution',
    type: 'approve_resolution',
    state: 'reviewing',
    actor: actors.cityStaff,
    passes: { given: { dispatcherUnitId: 1, currentUnitId: 7 } },
    fails: { given: { dispatcherUnitId: 2, currentUnitId: 7 } },
  },
  {
    guard: 'without a dispatcher, the handler’s parent center reviews',
    type: 'send_back',
    state: 'reviewing',
    actor: actors.districtStaff,
    request: { note: '请补拍照片' },
    passes: { given: { dispatcherUnitId: null, currentUnitId: 7 } },
    fails: { given: { dispatcherUnitId: null, currentUnitId: 9 } },
  },
  {
    guard: 'a center staff account reviews, not a supervisor at the same center',
    type: 'send_back',
    state: 'reviewing',
    actor: actors.cityStaff,
    request: { note: '请补拍照片' },
    passes: { given: { dispatcherUnitId: 1 } },
    fails: { given: { dispatcherUnitId: 1 }, actor: actors.supervisor },
  },
  {
    guard: 'the handling department does not review its own resolution',
    type: 'approve_resolution',
    state: 'reviewing',
    actor: actors.districtStaff,
    passes: { given: { currentUnitId: 7 } },
    fails: { given: { currentUnitId: 7 }, actor: actors.deptStaff },
  },
  {
    guard: 'a summoned unit checks in once',
    type: 'check_in',
    state: 'in_progress',
    actor: actors.deptStaff,
    request: { note: '已到场' },
    passes: { given: { summoned: [{ unitId: 7, lead: true, checkInBy: at(2), checkedInAt: null }] } },
    fails: { given: { summoned: [{ unitId: 7, lead: true, checkInBy: at(2), checkedInAt: at(-1) }] } },
  },
  {
    guard: 'only a summoned unit checks in',
    type: 'check_in',
    state: 'in_progress',
    actor: actors.deptStaff,
    request: { note: '已到场' },
    passes: { given: { summoned: [{ unitId: 7, lead: true, checkInBy: at(2), checkedInAt: null }] } },
    fails: { given: { summoned: [{ unitId: 8, lead: true, checkInBy: at(2), checkedInAt: null }] } },
  },
  {
    guard: 'a resident checks in nowhere',
    type: 'check_in',
    state: 'in_progress',
    actor: actors.deptStaff,
    request: { note: '已到场' },
    passes: {},
    // a resident id that happens to equal a summoned unit's id
    fails: { actor: { kind: 'resident', residentId: 7 } },
  },
  {
    guard: 'an anonymous report has no reporter to press',
    type: 'press',
    state: 'assigned',
    actor: actors.reporter,
    passes: { given: { reporterResidentId: REPORTER } },
    fails: { given: { reporterResidentId: null } },
  },
  {
    guard: 'an anonymous report has no reporter to rate it',
    type: 'evaluate',
    state: 'resolved',
    actor: actors.reporter,
    request: { rating: 'satisfied' },
    passes: { given: { reporterResidentId: REPORTER } },
    fails: { given: { reporterResidentId: null } },
  },
  {
    guard: 'an operator records a rating (回访) only for a caller without an app account',
    type: 'evaluate',
    state: 'resolved',
    actor: actors.operator,
    request: { rating: 'satisfied' },
    passes: { given: { reporterResidentId: null } },
    fails: { given: { reporterResidentId: REPORTER } },
  },
  {
    guard: 'the system rates only for the link of a caller without an app account',
    type: 'evaluate',
    state: 'resolved',
    actor: actors.system,
    request: { rating: 'satisfied' },
    passes: { given: { reporterResidentId: null } },
    fails: { given: { reporterResidentId: REPORTER } },
  },
  {
    guard: 'the system presses only for the link of a caller without an app account',
    type: 'press',
    state: 'assigned',
    actor: actors.system,
    passes: { given: { reporterResidentId: null } },
    fails: { given: { reporterResidentId: REPORTER } },
  },
  {
    guard: 'an anonymous report has no reporter to write',
    type: 'comment',
    state: 'closed',
    actor: actors.reporter,
    request: { note: '谢谢' },
    passes: { given: { reporterResidentId: REPORTER } },
    fails: { given: { reporterResidentId: null } },
  },
  {
    guard: 'a center supervises the units below it',
    type: 'supervise',
    state: 'assigned',
    actor: actors.communityStaff,
    request: { note: '请加快办理' },
    passes: { given: { currentUnitId: 5 } },
    fails: { given: { currentUnitId: 3 } },
  },
  {
    guard: 'a center does not supervise itself',
    type: 'supervise',
    state: 'assigned',
    actor: actors.districtStaff,
    request: { note: '请加快办理' },
    passes: { given: { currentUnitId: 10 } },
    fails: { given: { currentUnitId: 2 } },
  },
  {
    guard: 'a center supervises a held event only; a supervisor any',
    type: 'supervise',
    state: 'submitted',
    actor: actors.districtStaff,
    request: { note: '请加快办理' },
    passes: { given: { currentUnitId: null }, actor: actors.supervisor },
    fails: { given: { currentUnitId: null } },
  },
  {
    guard: 'a center staff account supervises from a center only',
    type: 'supervise',
    state: 'assigned',
    actor: { kind: 'staff', userId: 20, role: 'center_staff', unitId: 7 },
    request: { note: '请加快办理' },
    passes: { given: { currentUnitId: 11 }, actor: actors.districtStaff },
    fails: { given: { currentUnitId: 11 } },
  },
  {
    guard: 'a center staff account at an unknown unit supervises nothing',
    type: 'supervise',
    state: 'assigned',
    actor: { kind: 'staff', userId: 20, role: 'center_staff', unitId: 404 },
    request: { note: '请加快办理' },
    passes: { actor: actors.districtStaff },
    fails: {},
  },
  {
    guard: 'a department supervises nothing',
    type: 'supervise',
    state: 'assigned',
    actor: { kind: 'staff', userId: 20, role: 'dept_staff', unitId: 2 },
    request: { note: '请加快办理' },
    passes: { actor: actors.districtStaff },
    fails: {},
  },
  {
    guard: 'the holding unit signs',
    type: 'sign',
    state: 'assigned',
    actor: actors.gridWorker,
    passes: { given: { currentUnitId: 5 } },
    fails: { given: { currentUnitId: 4 } },
  },
  {
    guard: 'a mediation organisation signs what it holds',
    type: 'sign',
    state: 'assigned',
    actor: actors.mediator,
    passes: { given: { currentUnitId: 8 } },
    fails: { given: { currentUnitId: 7 } },
  },
  {
    guard: 'a handler role signs at the unit that holds it, an operator does not',
    type: 'sign',
    state: 'assigned',
    actor: { kind: 'staff', userId: 21, role: 'dept_staff', unitId: 1 },
    passes: { given: { currentUnitId: 1 } },
    fails: { given: { currentUnitId: 1 }, actor: actors.operator },
  },
  {
    guard: 'a center escalates, a department holding it does not',
    type: 'escalate',
    state: 'in_progress',
    actor: actors.holder,
    request: { note: '需协调' },
    passes: {},
    fails: { given: { currentUnitId: 7 }, actor: actors.deptStaff },
  },
  {
    guard: 'a center staff account escalates from a center only',
    type: 'escalate',
    state: 'in_progress',
    actor: { kind: 'staff', userId: 22, role: 'center_staff', unitId: 7 },
    request: { note: '需协调' },
    passes: { actor: actors.holder, given: { currentUnitId: 3 } },
    fails: { given: { currentUnitId: 7 } },
  },
  {
    guard: 'a department account at a center does not escalate for it',
    type: 'escalate',
    state: 'in_progress',
    actor: { kind: 'staff', userId: 23, role: 'dept_staff', unitId: 3 },
    request: { note: '需协调' },
    passes: { actor: actors.holder },
    fails: {},
  },
  {
    guard: 'a center staff account at an unknown unit escalates nothing',
    type: 'escalate',
    state: 'in_progress',
    actor: { kind: 'staff', userId: 24, role: 'center_staff', unitId: 404 },
    request: { note: '需协调' },
    passes: { actor: actors.holder },
    fails: { given: { currentUnitId: 404 } },
  },
  {
    guard: 'a street center blows the whistle, a community center does not',
    type: 'whistle',
    state: 'in_progress',
    actor: actors.communityStaff,
    request: { units: [5, 6], leadUnitId: 5 },
    passes: { given: { currentUnitId: 3 }, actor: actors.holder },
    fails: { given: { currentUnitId: 4 } },
  },
  {
    guard: 'an extension is asked before the resolve deadline',
    type: 'extend',
    state: 'in_progress',
    actor: actors.holder,
    request: { days: 2, note: '等配件' },
    passes: { given: { resolveDeadline: iso(NOW.getTime() + 1) } },
    fails: { given: { resolveDeadline: NOW.toISOString() } },
    refused: ['deadline_passed', 409],
  },
  {
    guard: 'a resident presses at most once a day',
    type: 'press',
    state: 'in_progress',
    actor: actors.reporter,
    passes: { given: { lastPressedAt: at(-24) } },
    fails: { given: { lastPressedAt: iso(NOW.getTime() - DAY + 1) } },
    refused: ['press_too_soon', 429],
  },
]

for (const g of GUARDS) {
  test(`guard: ${g.guard}`, () => {
    const attempt = (side: Side) =>
      transition(fixture(g.state, side.given), { type: g.type, ...g.request }, side.actor ?? g.actor, ctx({ now: side.now ?? NOW }))
    accepted(attempt(g.passes), `${g.guard} (passes)`)
    const [code, status] = g.refused ?? ['forbidden', 403]
    assertRefused(attempt(g.fails), code, status, `${g.guard} (fails)`)
  })
}

test('a missing required field is a 400 naming the field and what to give, checked after state and actor', () => {
  const required: Partial<Record<Action, [field: string, message: string]>> = {
    route: ['unitId', 'unitId is required'],
    accept: ['unitId', 'unitId is required'],
    answer: ['note', 'A record of the answer is required'],
    reject: ['note', 'A reason is required'],
    escalate: ['note', 'A reason for escalating is required'],
    dispatch: ['unitId', 'unitId is required'],
    return: ['note', 'A reason for returning is required'],
    resolve: ['note', 'A result is required'],
    evaluate: ['rating', 'rating is required'],
    supervise: ['note', 'A supervision note is required'],
    reply: ['note', 'A reply is required'],
    extend: ['days', 'days is required'],
    refuse_extension: ['note', 'A reason for refusing is required'],
    send_back: ['note', 'A reason for sending it back is required'],
    merge: ['intoEventId', 'intoEventId is required'],
    whistle: ['units', 'Summon at least two units'],
    check_in: ['note', 'A note of your part is required'],
    comment: ['note', 'A comment is required'],
    recategorize: ['category', 'category is required'],
  }
  for (const [type, row] of Object.entries(TABLE) as Array<[Action, (typeof TABLE)[Action]]>) {
    const state = row.from[0] as EventStateName
    // a blank note, and no note at all
    for (const note of ['   ', undefined]) {
      const result = transition(fixture(state, row.given), { type, note }, actors[whoIn(row, state)[0] as ActorName], ctx())
      const expected = required[type]
      if (!expected) {
        accepted(result, `${type} needs no input`)
        continue
      }
      assertRefused(result, 'invalid_input', 400, type, expected[0])
      assert.equal(!result.ok && result.error.message, expected[1], type)
    }
  }
  const extend = transition(fixture('in_progress'), { type: 'extend', days: 2, note: ' ' }, actors.holder, ctx())
  assert.equal(!extend.ok && extend.error.message, 'A reason for the extension is required')
})

test('each input is checked: unknown or closed units, the lead, the summoned, the merge target, the note of an extension', () => {
  const holder = (type: Action, request: Omit<ActionRequest, 'type'>, over: Partial<TransitionContext> = {}) =>
    transition(fixture('in_progress'), { type, ...request }, actors.holder, ctx(over))
  assertRefused(holder('dispatch', { unitId: 404 }), 'invalid_input', 400, 'an unknown unit', 'unitId')
  assertRefused(holder('dispatch', { unitId: 12 }), 'invalid_input', 400, 'a closed unit', 'unitId')
  assertRefused(
    transition(fixture('submitted'), { type: 'route', unitId: 12 }, actors.system, ctx()),
    'invalid_input',
    400,
    'routed to a closed unit',
    'unitId',
  )
  assertRefused(holder('whistle', { units: [4], leadUnitId: 4 }), 'invalid_input', 400, 'one unit is no whistle', 'units')
  assertRefused(holder('whistle', { units: [4, 7] }), 'invalid_input', 400, 'no lead', 'leadUnitId')
  assertRefused(holder('whistle', { units: [4, 7], leadUnitId: 8 }), 'invalid_input', 400, 'a lead not summoned', 'leadUnitId')
  assertRefused(holder('whistle', { units: [4, 9], leadUnitId: 4 }), 'invalid_input', 400, 'a city department', 'units')
  assertRefused(holder('whistle', { units: [4, 404], leadUnitId: 4 }), 'invalid_input', 400, 'an unknown unit', 'units')
  assertRefused(holder('merge', { intoEventId: 98 }), 'invalid_input', 400, 'another event than the loaded target', 'intoEventId')
  assertRefused(holder('merge', { intoEventId: 99 }, { mergeTarget: undefined }), 'invalid_input', 400, 'no target', 'intoEventId')
  for (const state of ['closed', 'rejected', 'merged'] as const) {
    assertRefused(holder('merge', { intoEventId: 99 }, { mergeTarget: { id: 99, state } }), 'invalid_input', 400, state, 'intoEventId')
  }
  accepted(holder('merge', { intoEventId: 99 }, { mergeTarget: { id: 99, state: 'resolved' } }), 'into a resolved event')
  const recategorize = (category: string, over: Partial<TransitionContext> = {}, note = '实为路面塌陷') =>
    holder('recategorize', { category, note }, over)
  assertRefused(recategorize('municipal.nothing'), 'invalid_input', 400, 'another category than the one looked up', 'category')
  assertRefused(recategorize(OTHER_CATEGORY, { newCategory: undefined }), 'invalid_input', 400, 'a category not in use', 'category')
  const same = { newCategory: { code: 'sanitation.garbage', signDeadline: null, resolveDeadline: null } }
  assertRefused(recategorize('sanitation.garbage', same), 'invalid_input', 400, 'the category it has', 'category')
  assertRefused(recategorize(OTHER_CATEGORY, {}, '  '), 'invalid_input', 400, 'no reason', 'note')
  const unexplained = recategorize(OTHER_CATEGORY, {}, '')
  assert.equal(!unexplained.ok && unexplained.error.message, 'A reason for the change is required')
})

test('a comment reaches the reporter when a unit says so or the reporter writes it', () => {
  const comment = (actor: Actor, toReporter?: boolean) =>
    accepted(transition(fixture('in_progress'), { type: 'comment', note: '您好', toReporter }, actor, ctx()), 'comment').entry
  assert.equal(comment(actors.holder, true).toReporter, true)
  assert.equal('toReporter' in comment(actors.holder), false, 'an internal note')
  assert.equal('toReporter' in comment(actors.holder, false), false)
  assert.equal(comment(actors.reporter).toReporter, true)
  const pressed = accepted(transition(fixture('in_progress'), { type: 'press', toReporter: true }, actors.reporter, ctx()), 'press').entry
  assert.equal('toReporter' in pressed, false, 'only a comment is a message')
})

test('dispatch reaches the subtree and the district’s departments, nothing else', () => {
  const dispatch = (from: Actor, held: number, unitId: number) =>
    transition(fixture('in_progress', { currentUnitId: held }), { type: 'dispatch', unitId }, from, ctx())
  for (const ok of [4, 5, 6, 7, 8]) accepted(dispatch(actors.holder, 3, ok), `street to ${ok}`)
  // not up, not to itself, not into another street, not the city's or a department's own units
  for (const no of [1, 2, 3, 9, 10, 11]) assertRefused(dispatch(actors.holder, 3, no), 'forbidden', 403, `street to ${no}`)
  // a community reaches its district's departments too; the city its own departments and every unit below
  accepted(dispatch(actors.communityStaff, 4, 7), 'community to a district department')
  assertRefused(dispatch(actors.communityStaff, 4, 9), 'forbidden', 403, 'community to a city department')
  accepted(dispatch(actors.cityStaff, 1, 9), 'city to its department')
  accepted(dispatch(actors.cityStaff, 1, 7), 'city to a district department')
  assertRefused(dispatch(actors.holder, 3, 404), 'invalid_input', 400, 'to an unknown unit', 'unitId')
})

test('the chain helpers: parent centers, district centers, who may be dispatched to', () => {
  assert.equal(parentCenter(unit(5), ctx())?.id, 4)
  assert.equal(parentCenter(unit(11), ctx())?.id, 2, 'skips the department')
  assert.equal(parentCenter(unit(3), ctx())?.id, 2)
  assert.equal(parentCenter(unit(1), ctx()), undefined)
  assert.equal(parentCenter(unit(13), ctx()), undefined)
  assert.equal(parentCenter(unit(14), ctx()), undefined, 'no center above the orphan’s team')
  assert.equal(districtCenterOf(unit(5), ctx()).id, 2)
  assert.equal(districtCenterOf(unit(2), ctx()).id, 2)
  assert.equal(districtCenterOf(unit(1), ctx()).id, 1)
  assert.equal(districtCenterOf(unit(9), ctx()).id, 1)
  assert.equal(districtCenterOf(unit(13), ctx()).id, 13, 'an orphan is its own district')
  assert.equal(canDispatch(unit(3), unit(4), ctx()), true)
  assert.equal(canDispatch(unit(7), unit(11), ctx()), false, 'a department dispatches nothing')
  assert.equal(canDispatch(unit(3), unit(3), ctx()), false, 'not to itself')
  assert.equal(canDispatch(unit(2), unit(12), ctx()), false, 'not to a closed unit')
  assert.equal(canDispatch(unit(2), unit(10), ctx()), true)
  assert.equal(canDispatch(unit(10), unit(4), ctx()), false, 'not into another street')
  assert.equal(canDispatch(unit(10), unit(8), ctx()), true, 'the district’s mediation')
})

test('the city center cannot escalate further', () => {
  const result = transition(fixture('in_progress', { currentUnitId: 1 }), { type: 'escalate', note: '…' }, actors.cityStaff, ctx())
  assertRefused(result, 'forbidden', 403, 'escalate from the city')
})

test('escalating twice from the same center lists it once', () => {
  const result = transition(fixture('assigned', { escalatedBy: [3] }), { type: 'escalate', note: '再次上报' }, actors.holder, ctx())
  assert.deepEqual(accepted(result, 'escalate').next.escalatedBy, [3])
})

test('escalation and dispatch keep the resolve clock; only an approved extension moves it', () => {
  const later = ctx({ now: new Date(at(3 * 24)) })
  const event = fixture('in_progress')
  const escalated = accepted(transition(event, { type: 'escalate', note: '需协调' }, actors.holder, later), 'escalate')
  assert.equal(escalated.next.resolveDeadline, FIXTURE_RESOLVE_BY)
  assert.equal(escalated.next.signDeadline, at(4 * 24))

  const asked = accepted(transition(event, { type: 'extend', days: 3, note: '需采购' }, actors.holder, ctx()), 'extend')
  assert.equal(asked.next.resolveDeadline, FIXTURE_RESOLVE_BY, 'asking moves nothing')
  const refused = accepted(transition(asked.next, { type: 'refuse_extension', note: '可按期' }, actors.districtStaff, ctx()), 'refuse')
  assert.equal(refused.next.resolveDeadline, FIXTURE_RESOLVE_BY)
  const approved = accepted(transition(asked.next, { type: 'approve_extension' }, actors.districtStaff, later), 'approve')
  assert.equal(approved.next.resolveDeadline, at(7 * 24), 'moved from the deadline, not from when it was approved')
  const noClock = fixture('in_progress', { resolveDeadline: null, extensionPending: PENDING })
  const fromNow = accepted(transition(noClock, { type: 'approve_extension' }, actors.districtStaff, later), 'approve without a deadline')
  assert.equal(fromNow.next.resolveDeadline, at(6 * 24), 'three days from now')
})

test('不满意 reopens to the last handler at most twice, then goes to the city for review', () => {
  const later = ctx({ now: new Date(at(10 * 24)) })
  let event = fixture('resolved', { lastHandlerUnitId: 7, currentUnitId: 7, dispatcherUnitId: 2 })
  for (let i = 1; i <= MAX_REOPENS; i++) {
    const { next } = accepted(transition(event, { type: 'evaluate', rating: 'unsatisfied' }, actors.reporter, later), `reopen ${i}`)
    assert.deepEqual(
      next,
      {
        ...event,
        state: 'assigned',
        currentUnitId: 7,
        evaluation: 'unsatisfied',
        reopenCount: i,
        // a new round: fresh deadlines from now, and the same dispatcher
        signDeadline: at(11 * 24),
        resolveDeadline: at(15 * 24),
        version: event.version + 1,
        updatedAt: at(10 * 24),
      },
      `reopen ${i}`,
    )
    event = { ...next, state: 'resolved' }
  }
  const third = accepted(transition(event, { type: 'evaluate', rating: 'unsatisfied' }, actors.reporter, later), 'third')
  assert.deepEqual(third.next, {
    ...event,
    state: 'assigned',
    currentUnitId: 1,
    dispatcherUnitId: null,
    evaluation: 'unsatisfied',
    reopenCount: MAX_REOPENS + 1,
    signDeadline: at(11 * 24),
    resolveDeadline: at(15 * 24),
    version: event.version + 1,
    updatedAt: at(10 * 24),
  })

  // no last handler on record: the review goes to the root above the holder
  const unknown = fixture('resolved', { lastHandlerUnitId: null, currentUnitId: 5, reporterResidentId: null })
  const review = accepted(transition(unknown, { type: 'evaluate', rating: 'unsatisfied' }, actors.operator, ctx()), 'no handler')
  assert.equal(review.next.currentUnitId, 1)
  assert.equal(review.next.reopenCount, 1)
})

test('a lapsed window closes as 默认满意 for an app reporter and as 未回访 for a caller without an account', () => {
  const app = accepted(transition(fixture('resolved'), { type: 'close' }, actors.system, ctx()), 'app reporter')
  assert.equal(app.next.evaluation, 'default_satisfied')
  const caller = accepted(transition(fixture('resolved', { reporterResidentId: null }), { type: 'close' }, actors.system, ctx()), 'caller')
  assert.equal(caller.next.evaluation, 'not_reached')
  assert.equal(caller.next.state, 'closed')
})

test('a resident may press once a day', () => {
  const first = accepted(transition(fixture('in_progress'), { type: 'press' }, actors.reporter, ctx()), 'first')
  const again = transition(first.next, { type: 'press' }, actors.reporter, ctx({ now: new Date(NOW.getTime() + 23 * HOUR) }))
  assertRefused(again, 'press_too_soon', 429, 'again within the day')
  const nextDay = accepted(transition(first.next, { type: 'press' }, actors.reporter, ctx({ now: new Date(at(24)) })), 'next day')
  assert.equal(nextDay.next.pressCount, 2)
  assert.equal(nextDay.next.lastPressedAt, at(24))
})

test('办结审核: a reviewed kind of handler’s resolution waits for its deciding center; others are resolved at once', () => {
  const resolve = (holder: number, actor: Actor, given: Partial<EventState> = {}, over: Partial<TransitionContext> = {}) =>
    accepted(
      transition(fixture('in_progress', { currentUnitId: holder, ...given }), { type: 'resolve', note: '已修复' }, actor, ctx(over)),
      `resolve at ${holder}`,
    ).next
  const dept = resolve(7, actors.deptStaff)
  assert.equal(dept.state, 'reviewing', 'a department is reviewed by default')
  assert.equal(dept.currentUnitId, 7, 'the result stays with its handler while the center reviews it')
  assert.equal(dept.lastHandlerUnitId, 7)
  const force = { kind: 'staff', userId: 30, role: 'grid_worker', unitId: 6 } as const
  assert.equal(resolve(6, force).state, 'resolved', 'a local force is not reviewed by default')
  assert.equal(resolve(6, force, {}, { reviews: (kind) => kind === 'force' }).state, 'reviewing', 'unless the setting says so')
  assert.equal(resolve(7, actors.deptStaff, {}, { reviews: () => false }).state, 'resolved', 'review off for departments')
  assert.equal(resolve(8, actors.mediator, {}, { reviews: (kind) => kind === 'department' }).state, 'resolved', 'mediation: its own flow')
  assert.equal(resolve(3, actors.holder, {}, { reviews: () => true }).state, 'resolved', 'a center’s own result is not reviewed')
  // nobody could review it: an orphan department without a dispatcher, or a unit nobody knows
  assert.equal(resolve(13, { kind: 'staff', userId: 31, role: 'dept_staff', unitId: 13 }, { dispatcherUnitId: null }).state, 'resolved')
  assert.equal(resolve(13, { kind: 'staff', userId: 31, role: 'dept_staff', unitId: 13 }).state, 'reviewing', 'its dispatcher reviews')
  assert.equal(resolve(404, { kind: 'staff', userId: 32, role: 'dept_staff', unitId: 404 }).state, 'resolved')

  // sent back, resolved again, approved: the reporter then evaluates as after any resolution
  const sentBack = accepted(transition(dept, { type: 'send_back', note: '请补拍照片' }, actors.districtStaff, ctx()), 'send back').next
  assert.deepEqual([sentBack.state, sentBack.currentUnitId, sentBack.resolveDeadline], ['in_progress', 7, FIXTURE_RESOLVE_BY])
  const again = accepted(transition(sentBack, { type: 'resolve', note: '已补拍' }, actors.deptStaff, ctx()), 'again').next
  assert.equal(again.state, 'reviewing')
  const approved = accepted(transition(again, { type: 'approve_resolution' }, actors.districtStaff, ctx()), 'approve').next
  assert.deepEqual([approved.state, approved.currentUnitId, approved.lastHandlerUnitId], ['resolved', 7, 7])
  accepted(transition(approved, { type: 'evaluate', rating: 'satisfied' }, actors.reporter, ctx()), 'evaluate')
})
