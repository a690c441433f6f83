/**
 * The lifecycle tests' world: a small command chain, one actor per kind of account in it, a
 * context with round-number deadlines, and the fixture event. Every expected value in the tests
 * is written by hand against these numbers, never computed by the lifecycle under test.
 */
import assert from 'node:assert/strict'
import type { EventStateName } from '@xiaolan/contracts'
import type { Actor, EventState, TransitionContext, TransitionResult, UnitInfo } from '../src/modules/events/lifecycle.ts'

// city 1 → district 2 → street 3 → community 4 → grid 5 and force 6; department 7 (with its team
// 11) and mediation 8 of the district; department 9 of the city; another street 10; a closed
// street 12; and an orphan department 13, with its team 14, that hangs under nothing.
export const units: UnitInfo[] = [
  { id: 1, kind: 'center', level: 1, parentId: null, path: '620100.', active: true },
  { id: 2, kind: 'center', level: 2, parentId: 1, path: '620100.620105.', active: true },
  { id: 3, kind: 'center', level: 3, parentId: 2, path: '620100.620105.620105007.', active: true },
  { id: 4, kind: 'center', level: 4, parentId: 3, path: '620100.620105.620105007.620105007010.', active: true },
  { id: 5, kind: 'grid', level: 5, parentId: 4, path: '620100.620105.620105007.620105007010.G01.', active: true },
  { id: 6, kind: 'force', level: 5, parentId: 4, path: '620100.620105.620105007.620105007010.F01.', active: true },
  { id: 7, kind: 'department', level: 3, parentId: 2, path: '620100.620105.620105D01.', active: true },
  { id: 8, kind: 'mediation', level: 3, parentId: 2, path: '620100.620105.620105M01.', active: true },
  { id: 9, kind: 'department', level: 2, parentId: 1, path: '620100.620100D01.', active: true },
  { id: 10, kind: 'center', level: 3, parentId: 2, path: '620100.620105.620105008.', active: true },
  { id: 11, kind: 'force', level: 4, parentId: 7, path: '620100.620105.620105D01.T01.', active: true },
  { id: 12, kind: 'center', level: 3, parentId: 2, path: '620100.620105.620105009.', active: false },
  { id: 13, kind: 'department', level: 3, parentId: null, path: '999999.', active: true },
  { id: 14, kind: 'force', level: 4, parentId: 13, path: '999999.T01.', active: true },
]
const byId = new Map(units.map((u) => [u.id, u]))
export const unit = (id: number) => byId.get(id) as UnitInfo

export const NOW = new Date('2026-11-30T02:00:00Z')
export const HOUR = 3_600_000
export const DAY = 24 * HOUR
export const iso = (ms: number) => new Date(ms).toISOString()
/** NOW moved by some hours, as the ISO string the lifecycle writes. */
export const at = (hours: number) => iso(NOW.getTime() + hours * HOUR)

/** Sign within a day, resolve within five, an extension adds whole days, check in within two hours; departments reviewed. */
export const ctx = (over: Partial<TransitionContext> = {}): TransitionContext => ({
  now: NOW,
  // held to its type: the lifecycle asks about ids, never about a missing one (null)
  unit(id) {
    if (typeof id !== 'number') throw new TypeError(`ctx.unit(${id}): not a unit id`)
    return byId.get(id)
  },
  deadlines: (now) => ({ signBy: new Date(now.getTime() + DAY), resolveBy: new Date(now.getTime() + 5 * DAY) }),
  extend: (deadline, days) => new Date(deadline.getTime() + days * DAY),
  checkInBy: (now) => new Date(now.getTime() + 2 * HOUR),
  mergeTarget: { id: 99, state: 'in_progress' },
  newCategory: { code: OTHER_CATEGORY, signDeadline: at(6), resolveDeadline: at(10 * 24) },
  // the default setting: departments' results are reviewed, local forces' and mediation's are not
  reviews: (kind) => kind === 'department',
  ...over,
})

export const REPORTER = 501
export const actors = {
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
  /** summoned too, already checked in */
  mediator: { kind: 'staff', userId: 11, role: 'mediator', unitId: 8 },
  gridWorker: { kind: 'staff', userId: 12, role: 'grid_worker', unitId: 5 },
} satisfies Record<string, Actor>
export type ActorName = keyof typeof actors

/** The action-log fields that name the actor, as DESIGN §5 spells them for each kind. */
export function actorColumns(actor: Actor) {
  if (actor.kind === 'staff') return { actorKind: 'staff', actorUserId: actor.userId, actorResidentId: null, actorUnitId: actor.unitId }
  if (actor.kind === 'resident') return { actorKind: 'resident', actorUserId: null, actorResidentId: actor.residentId, actorUnitId: null }
  return { actorKind: 'system', actorUserId: null, actorResidentId: null, actorUnitId: null }
}

/** The fixture's category, and the one a recategorize in the tests moves it to. */
export const CATEGORY = 'sanitation.garbage'
export const OTHER_CATEGORY = 'municipal.road'

/** Deadlines an assignment made at NOW gets from `ctx()`. */
export const SIGN_BY = at(24)
export const RESOLVE_BY = at(5 * 24)
/** The fixture's own resolve deadline: set by its first assignment, four days from NOW. */
export const FIXTURE_RESOLVE_BY = at(4 * 24)

/**
 * The fixture: held by the street center, dispatched there by the district, handled before by
 * the department, supervised with a reply owed, and a whistle that summoned the department (not
 * checked in yet) and the mediation (checked in).
 */
export function fixture(state: EventStateName, over: Partial<EventState> = {}): EventState {
  return {
    state,
    category: CATEGORY,
    currentUnitId: 3,
    dispatcherUnitId: 2,
    lastHandlerUnitId: 7,
    reporterResidentId: REPORTER,
    mergedInto: null,
    reopenCount: 0,
    pressCount: 0,
    lastPressedAt: null,
    supervised: true,
    supervisionPending: true,
    extensionPending: null,
    summoned: [
      { unitId: 7, lead: true, checkInBy: at(2), checkedInAt: null },
      { unitId: 8, lead: false, checkInBy: at(2), checkedInAt: at(-1) },
    ],
    escalatedBy: [],
    evaluation: null,
    signDeadline: at(10),
    resolveDeadline: FIXTURE_RESOLVE_BY,
    version: 3,
    updatedAt: at(-24),
    ...over,
  }
}

/** A refusal with its code and HTTP status, a message for the caller, and the field when one is named. */
export function assertRefused(result: TransitionResult, code: string, status: number, where: string, field?: string) {
  assert.equal(result.ok, false, `${where}: expected ${code}`)
  if (result.ok) return
  assert.equal(result.error.code, code, `${where}: ${result.error.message}`)
  assert.equal(result.error.status, status, where)
  assert.ok(result.error.message.trim().length > 0, `${where}: the refusal says why`)
  if (field !== undefined) assert.deepEqual(result.error.details, { field }, where)
}

/** The result when it succeeded (fails the test with the refusal's reason otherwise). */
export function accepted(result: TransitionResult, where: string) {
  assert.ok(result.ok, `${where}: ${!result.ok && result.error.message}`)
  return result
}
