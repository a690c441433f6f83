/**
 * The work-order lifecycle as one pure function (DESIGN §5):
 *
 *   transition(event, request, actor, ctx) → { entry, next } | { error }
 *
 * `entry` is what goes into the append-only action log; `next` is `apply(event, entry)`, so the
 * events row is always the projection of its log and `replay(log)` rebuilds it. Routes only
 * load, call this and persist both in one transaction.
 *
 * Order of checks: the state (409 invalid_transition), then who may act (403 forbidden), then
 * the request's own fields (400 invalid_input naming the field).
 */
import {
  type ActionType,
  type EventStateName,
  type LogAction,
  MAX_REOPENS,
  type Rating,
  REVIEWED_KINDS,
  type ReviewedKind,
  ROLES,
  type Role,
  type SummonedUnit,
} from '@xiaolan/contracts'
import { AppError, forbidden, invalid } from '../../errors.ts'

/** The projection of an event's log: everything an action can change. */
export interface EventState {
  state: EventStateName
  /** the category code (a subcategory such as `sanitation.bins`, or a top-level code); `recategorize` changes it */
  category: string
  currentUnitId: number | null
  dispatcherUnitId: number | null
  lastHandlerUnitId: number | null
  reporterResidentId: number | null
  mergedInto: number | null
  reopenCount: number
  pressCount: number
  lastPressedAt: string | null
  supervised: boolean
  supervisionPending: boolean
  extensionPending: { days: number; reason: string } | null
  summoned: SummonedUnit[]
  /** the units that escalated it, each once (the 已上报 tab of each) */
  escalatedBy: number[]
  /**
   * a real rating (in the app, by the SMS link or on an operator's 回访 call), or how the window
   * lapsed without one: 默认满意 for an app reporter, 未回访 (`not_reached`) for a caller without an account
   */
  evaluation: Rating | 'default_satisfied' | 'not_reached' | null
  signDeadline: string | null
  resolveDeadline: string | null
  version: number
  updatedAt: string
}

export type Actor =
  | { kind: 'staff'; userId: number; role: Role; unitId: number }
  | { kind: 'resident'; residentId: number }
  | { kind: 'system' }

export interface ActionRequest {
  /** `route` is the system's; `answer` is taken only on the hotline desk's answered-call path */
  type: ActionType | 'route' | 'answer'
  note?: string
  unitId?: number
  rating?: Rating
  days?: number
  intoEventId?: number
  units?: number[]
  leadUnitId?: number
  /** comment: a unit's message to the reporter rather than an internal note */
  toReporter?: boolean
  /** recategorize: the new category's code */
  category?: string
}

/** One log entry. `changes` is the patch it applies to the projection. */
export interface LogEntry {
  action: LogAction
  actorKind: Actor['kind']
  actorUserId: number | null
  actorResidentId: number | null
  actorUnitId: number | null
  fromState: EventStateName | null
  toState: EventStateName
  fromUnitId: number | null
  toUnitId: number | null
  note: string | null
  changes: Partial<EventState>
  at: string
  /** a comment the reporter sees: a unit's message to them, or their own words */
  toReporter?: boolean
}

export interface UnitInfo {
  id: number
  kind: 'center' | 'department' | 'mediation' | 'force' | 'grid'
  level: number
  parentId: number | null
  /** Codes from the city down, each followed by '.'; a subtree is a prefix. */
  path: string
  active: boolean
}

export interface TransitionContext {
  now: Date
  unit(id: number): UnitInfo | undefined
  /** Deadlines for a new assignment made now (sign) and for the event's first assignment (resolve). */
  deadlines(now: Date): { signBy: Date; resolveBy: Date }
  /** The resolve deadline moved by an approved extension of `days` working days. */
  extend(deadline: Date, days: number): Date
  /** The check-in deadline of a whistle blown now. */
  checkInBy(now: Date): Date
  /** The event a merge folds into, when the request names one. */
  mergeTarget?: { id: number; state: EventStateName }
  /** Whether a resolution by this kind of handler goes to 办结审核 first (the admin's setting per kind). */
  reviews(kind: ReviewedKind): boolean
  /**
   * The category a recategorize request names, when it exists and is in use, with the event's
   * deadlines under its rule (set by the caller, which has the clocks: sla/tracking.ts `recategorized`).
   */
  newCategory?: { code: string; signDeadline: string | null; resolveDeadline: string | null }
}

export type TransitionResult = { ok: true; entry: LogEntry; next: EventState } | { ok: false; error: AppError }

const OPEN: EventStateName[] = ['assigned', 'in_progress']
const HANDLER_ROLES: Role[] = ['center_staff', 'dept_staff', 'mediator', 'grid_worker']
const PRESS_INTERVAL_MS = 24 * 3600_000

/** When the reporter may press (催办) again: a day after the last press; null before the first. */
export const nextPressAt = (event: Pick<EventState, 'lastPressedAt'>): string | null =>
  event.lastPressedAt ? new Date(Date.parse(event.lastPressedAt) + PRESS_INTERVAL_MS).toISOString() : null

export const isWithin = (unit: UnitInfo, ancestor: UnitInfo) => unit.path.startsWith(ancestor.path)

/** The nearest center above a unit (for a center, its parent center). */
export function parentCenter(unit: UnitInfo, ctx: Pick<TransitionContext, 'unit'>): UnitInfo | undefined {
  let u = unit.parentId === null ? undefined : ctx.unit(unit.parentId)
  while (u && u.kind !== 'center') u = u.parentId === null ? undefined : ctx.unit(u.parentId)
  return u
}

/** The district center a unit belongs to (the city center for city-level units). */
export function districtCenterOf(unit: UnitInfo, ctx: Pick<TransitionContext, 'unit'>): UnitInfo {
  let u: UnitInfo = unit
  while (u.level > 2 || u.kind !== 'center') {
    const parent = u.parentId === null ? undefined : ctx.unit(u.parentId)
    if (!parent) break
    u = parent
  }
  return u
}

/**
 * Where a center may dispatch (DESIGN §5, routing): anywhere in its own subtree (a lower center,
 * a community's local forces, a grid), and to the departments and mediation organisations of its
 * district — of the city for the city center.
 */
export function canDispatch(center: UnitInfo, target: UnitInfo, ctx: Pick<TransitionContext, 'unit'>): boolean {
  if (center.kind !== 'center' || target.id === center.id || !target.active) return false
  if (isWithin(target, center)) return true
  if (target.kind !== 'department' && target.kind !== 'mediation') return false
  return isWithin(target, districtCenterOf(center, ctx))
}

/** Applies a log entry to the projection. `replay` folds it over a whole log. */
export function apply(event: EventState, entry: LogEntry): EventState {
  return {
    ...event,
    ...entry.changes,
    state: entry.toState,
    currentUnitId: entry.toUnitId,
    version: event.version + 1,
    updatedAt: entry.at,
  }
}

export function initialState(entry: LogEntry): EventState {
  return apply(
    {
      // Stryker disable next-line StringLiteral: equivalent, apply takes the state from the submit entry
      state: 'submitted',
      // Stryker disable next-line StringLiteral: equivalent, the submit entry names the category
      category: '',
      currentUnitId: null,
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
      signDeadline: null,
      resolveDeadline: null,
      version: 0,
      updatedAt: entry.at,
    },
    entry,
  )
}

export function replay(log: LogEntry[]): EventState {
  const [first, ...rest] = log
  if (!first) throw new Error('an event log starts with its submit entry')
  return rest.reduce(apply, initialState(first))
}

/** The log entry that creates an event, at the unit that screens it (or none yet). */
export function submitEntry(options: {
  actor: Actor
  at: Date
  unitId: number | null
  reporterResidentId: number | null
  category: string
  note?: string
}): LogEntry {
  return {
    ...actorFields(options.actor),
    action: 'submit',
    fromState: null,
    toState: 'submitted',
    fromUnitId: null,
    toUnitId: options.unitId,
    note: options.note ?? null,
    changes: { reporterResidentId: options.reporterResidentId, category: options.category },
    at: options.at.toISOString(),
  }
}

export function transition(event: EventState, request: ActionRequest, actor: Actor, ctx: TransitionContext): TransitionResult {
  const rule = RULES[request.type]
  if (!rule.from.includes(event.state)) {
    return fail(
      new AppError('invalid_transition', 409, `Cannot ${request.type} an event that is ${event.state}`, {
        state: event.state,
        action: request.type,
      }),
    )
  }
  if (!rule.who(event, actor, ctx)) return fail(forbidden(`You may not ${request.type} this event`))
  const outcome = rule.run(event, request, actor, ctx)
  if (outcome instanceof AppError) return fail(outcome)
  const entry: LogEntry = {
    ...actorFields(actor),
    action: request.type,
    fromState: event.state,
    toState: outcome.toState ?? event.state,
    fromUnitId: event.currentUnitId,
    toUnitId: outcome.toUnitId === undefined ? event.currentUnitId : outcome.toUnitId,
    note: request.note?.trim() || null,
    changes: outcome.changes ?? {},
    at: ctx.now.toISOString(),
  }
  if (request.type === 'comment' && (actor.kind === 'resident' || request.toReporter)) entry.toReporter = true
  return { ok: true, entry, next: apply(event, entry) }
}

/** Who may attempt each action, from which states, and what it does. */
interface Rule {
  from: EventStateName[]
  who(event: EventState, actor: Actor, ctx: TransitionContext): boolean
  run(
    event: EventState,
    request: ActionRequest,
    actor: Actor,
    ctx: TransitionContext,
  ): AppError | { toState?: EventStateName; toUnitId?: number | null; changes?: Partial<EventState> }
}

type Staff = Extract<Actor, { kind: 'staff' }>

// The two narrowings below only tell TypeScript the actor's kind: a resident or the system has
// no role or unit, and staff have no resident id, so what follows fails for them either way.
// Stryker disable next-line ConditionalExpression: equivalent (see above); a type checker would reject the mutant, and Stryker has none for TypeScript 7
const asStaff = (actor: Actor): Staff | undefined => (actor.kind === 'staff' ? actor : undefined)
// Stryker disable next-line ConditionalExpression: equivalent (see above)
const residentIdOf = (actor: Actor) => (actor.kind === 'resident' ? actor.residentId : undefined)

/** The actor as a staff account with one of these roles, else undefined. */
function withRole(actor: Actor, roles: readonly Role[]): Staff | undefined {
  const staff = asStaff(actor)
  return staff && roles.includes(staff.role) ? staff : undefined
}
const hasRole = (actor: Actor, roles: readonly Role[]) => withRole(actor, roles) !== undefined

const NOT_ADMIN = ROLES.filter((role) => role !== 'admin')

/** The actor works for the unit that currently holds the event. */
const holds = (event: EventState, actor: Actor) => withRole(actor, HANDLER_ROLES)?.unitId === event.currentUnitId

/** …as the staff of a center (a center screens, escalates, dispatches and summons). */
const holdsAsCenter = (event: EventState, actor: Actor, ctx: TransitionContext) =>
  holds(event, actor) && hasRole(actor, ['center_staff']) && ctx.unit(event.currentUnitId as number)?.kind === 'center'

/** A center above the holder: its staff or leader (the supervisors see the whole city). */
function overHolder(event: EventState, actor: Actor, ctx: TransitionContext) {
  if (hasRole(actor, ['supervisor'])) return true
  const staff = withRole(actor, ['center_staff', 'leader'])
  if (!staff) return false
  const mine = ctx.unit(staff.unitId)
  const holder = event.currentUnitId === null ? undefined : ctx.unit(event.currentUnitId)
  return !!mine && !!holder && mine.kind === 'center' && mine.id !== holder.id && isWithin(holder, mine)
}

/** Screening: the 12345 operators, or the staff of the center the submission waits at. */
const screens = (event: EventState, actor: Actor, ctx: TransitionContext) =>
  hasRole(actor, ['operator']) || holdsAsCenter(event, actor, ctx)

/** The resident who reported it (an anonymous report or a 12345 call has none: null never equals). */
const isReporter = (event: EventState, actor: Actor) => residentIdOf(actor) === event.reporterResidentId

/**
 * Someone acting for a reporter without an app account (a hotline caller): staff of `roles`, or the
 * system, which acts only for whoever holds the event's evaluation link.
 */
const speaksForCaller = (event: EventState, actor: Actor, roles: readonly Role[]) =>
  event.reporterResidentId === null && (actor.kind === 'system' || hasRole(actor, roles))

/** The center that decides on returns, extensions and 办结审核: the dispatcher, else the holder's parent center. */
function decidingCenter(event: EventState, ctx: TransitionContext): UnitInfo | undefined {
  if (event.dispatcherUnitId !== null) return ctx.unit(event.dispatcherUnitId)
  const holder = event.currentUnitId === null ? undefined : ctx.unit(event.currentUnitId)
  return holder && parentCenter(holder, ctx)
}

const needNote = (request: ActionRequest, what: string) => (request.note?.trim() ? null : invalid('note', `A ${what} is required`))

function assignTo(event: EventState, unitId: number, ctx: TransitionContext, changes: Partial<EventState> = {}) {
  const { signBy, resolveBy } = ctx.deadlines(ctx.now)
  return {
    toState: 'assigned' as const,
    toUnitId: unitId,
    changes: {
      signDeadline: signBy.toISOString(),
      // escalation and dispatch keep the clock: the resolve deadline is set once
      resolveDeadline: event.resolveDeadline ?? resolveBy.toISOString(),
      ...changes,
    },
  }
}

function targetUnit(request: ActionRequest, ctx: TransitionContext): UnitInfo | AppError {
  if (request.unitId === undefined) return invalid('unitId', 'unitId is required')
  const unit = ctx.unit(request.unitId)
  return unit?.active ? unit : invalid('unitId', `No active unit ${request.unitId}`)
}

const RULES: Record<ActionRequest['type'], Rule> = {
  route: {
    from: ['submitted'],
    who: (_e, actor) => actor.kind === 'system',
    run(event, request, _actor, ctx) {
      const unit = targetUnit(request, ctx)
      return unit instanceof AppError ? unit : assignTo(event, unit.id, ctx)
    },
  },
  accept: {
    from: ['submitted'],
    who: screens,
    run(event, request, _actor, ctx) {
      const unit = targetUnit(request, ctx)
      return unit instanceof AppError ? unit : assignTo(event, unit.id, ctx)
    },
  },
  answer: {
    from: ['submitted'],
    // a policy question answered on the 12345 call: recorded and closed at once, nothing to route
    who: (_e, actor) => hasRole(actor, ['operator']),
    run: (event, request) =>
      needNote(request, 'record of the answer') ?? { toState: 'closed', changes: { lastHandlerUnitId: event.currentUnitId } },
  },
  reject: {
    from: ['submitted'],
    who: screens,
    run: (_e, request) => needNote(request, 'reason') ?? { toState: 'rejected' },
  },
  sign: {
    from: ['assigned'],
    who: holds,
    run: () => ({ toState: 'in_progress' }),
  },
  escalate: {
    from: OPEN,
    who: holdsAsCenter,
    run(event, request, _actor, ctx) {
      const missing = needNote(request, 'reason for escalating')
      if (missing) return missing
      const holder = ctx.unit(event.currentUnitId as number) as UnitInfo
      const parent = parentCenter(holder, ctx)
      if (!parent) return forbidden('The city center has no higher level to escalate to')
      const escalatedBy = event.escalatedBy.includes(holder.id) ? event.escalatedBy : [...event.escalatedBy, holder.id]
      return assignTo(event, parent.id, ctx, { dispatcherUnitId: null, escalatedBy })
    },
  },
  dispatch: {
    from: OPEN,
    who: holdsAsCenter,
    run(event, request, _actor, ctx) {
      const target = targetUnit(request, ctx)
      if (target instanceof AppError) return target
      const center = ctx.unit(event.currentUnitId as number) as UnitInfo
      if (!canDispatch(center, target, ctx)) return forbidden('This unit is outside what your center may dispatch to')
      return assignTo(event, target.id, ctx, { dispatcherUnitId: center.id })
    },
  },
  return: {
    from: OPEN,
    who: (event, actor) => holds(event, actor) && event.dispatcherUnitId !== null,
    run(event, request, _actor, ctx) {
      return needNote(request, 'reason for returning') ?? assignTo(event, event.dispatcherUnitId as number, ctx, { dispatcherUnitId: null })
    },
  },
  resolve: {
    from: ['in_progress'],
    who: holds,
    run: (event, request, _actor, ctx) =>
      needNote(request, 'result') ?? {
        // 办结审核: a reviewed kind of handler's result waits at its deciding center (never lost at an orphan)
        toState: underReview(event, ctx) ? 'reviewing' : 'resolved',
        changes: {
          lastHandlerUnitId: event.currentUnitId,
          supervisionPending: false,
          extensionPending: null,
          evaluation: null,
        },
      },
  },
  approve_resolution: {
    from: ['reviewing'],
    who: decides,
    // the reporter is asked to evaluate from here on, as after any resolution
    run: () => ({ toState: 'resolved' }),
  },
  send_back: {
    from: ['reviewing'],
    who: decides,
    // back to the same handler, who sees the reason and resolves again; the deadline is unchanged
    run: (_e, request) => needNote(request, 'reason for sending it back') ?? { toState: 'in_progress' },
  },
  evaluate: {
    from: ['resolved'],
    // the reporter; for a caller without an app account, a 12345 operator recording the rating on the
    // 回访 call, or the system for the caller holding the evaluation link of their SMS
    who: (event, actor) => isReporter(event, actor) || speaksForCaller(event, actor, ['operator']),
    run(event, request, _actor, ctx) {
      if (!request.rating) return invalid('rating', 'rating is required')
      if (request.rating !== 'unsatisfied') return { toState: 'closed', changes: { evaluation: request.rating } }
      const reopenCount = event.reopenCount + 1
      // 重办 is a new round of handling: fresh sign and resolve deadlines
      const resolveDeadline = ctx.deadlines(ctx.now).resolveBy.toISOString()
      if (event.reopenCount < MAX_REOPENS && event.lastHandlerUnitId !== null) {
        // back to the last handler
        return assignTo(event, event.lastHandlerUnitId, ctx, { evaluation: 'unsatisfied', reopenCount, resolveDeadline })
      }
      // reopened too often: the city center's supervisors review it
      let root = ctx.unit(event.lastHandlerUnitId ?? (event.currentUnitId as number)) as UnitInfo
      while (root.parentId !== null) root = ctx.unit(root.parentId) as UnitInfo
      return assignTo(event, root.id, ctx, { evaluation: 'unsatisfied', reopenCount, dispatcherUnitId: null, resolveDeadline })
    },
  },
  close: {
    from: ['resolved'],
    // the evaluation window lapsed: 默认满意 for an app reporter, 未回访 for a caller nobody reached
    // (neither counts as satisfied)
    who: (_e, actor) => actor.kind === 'system',
    run: (event) => ({
      toState: 'closed',
      changes: { evaluation: event.reporterResidentId === null ? 'not_reached' : 'default_satisfied' },
    }),
  },
  supervise: {
    from: ['submitted', ...OPEN],
    who: overHolder,
    run: (_e, request) => needNote(request, 'supervision note') ?? { changes: { supervised: true, supervisionPending: true } },
  },
  reply: {
    from: OPEN,
    who: (event, actor) => holds(event, actor) && event.supervisionPending,
    run: (_e, request) => needNote(request, 'reply') ?? { changes: { supervisionPending: false } },
  },
  extend: {
    from: ['in_progress'],
    who: (event, actor) => holds(event, actor) && event.extensionPending === null,
    run(event, request, _actor, ctx) {
      if (!request.days) return invalid('days', 'days is required')
      // 延期 is asked before the deadline, not after missing it
      if (event.resolveDeadline && ctx.now.getTime() >= Date.parse(event.resolveDeadline)) {
        return new AppError('deadline_passed', 409, 'An extension must be asked before the resolve deadline')
      }
      const missing = needNote(request, 'reason for the extension')
      if (missing) return missing
      return { changes: { extensionPending: { days: request.days, reason: (request.note as string).trim() } } }
    },
  },
  approve_extension: {
    from: ['in_progress'],
    who: (event, actor, ctx) => event.extensionPending !== null && decides(event, actor, ctx),
    run(event, _r, _a, ctx) {
      const pending = event.extensionPending as { days: number }
      const base = event.resolveDeadline ? new Date(event.resolveDeadline) : ctx.now
      return { changes: { extensionPending: null, resolveDeadline: ctx.extend(base, pending.days).toISOString() } }
    },
  },
  refuse_extension: {
    from: ['in_progress'],
    who: (event, actor, ctx) => event.extensionPending !== null && decides(event, actor, ctx),
    run: (_e, request) => needNote(request, 'reason for refusing') ?? { changes: { extensionPending: null } },
  },
  merge: {
    from: ['submitted', ...OPEN],
    who: (event, actor, ctx) => screens(event, actor, ctx),
    run(_event, request, _actor, ctx) {
      const target = ctx.mergeTarget
      if (request.intoEventId === undefined) return invalid('intoEventId', 'intoEventId is required')
      if (!target || target.id !== request.intoEventId) return invalid('intoEventId', 'No such event to merge into')
      if (['closed', 'rejected', 'merged'].includes(target.state)) {
        return invalid('intoEventId', `Cannot merge into an event that is ${target.state}`)
      }
      return { toState: 'merged', changes: { mergedInto: target.id } }
    },
  },
  whistle: {
    from: OPEN,
    // 吹哨: a street, district or city center summons several units to one matter
    who: (event, actor, ctx) => holdsAsCenter(event, actor, ctx) && (ctx.unit(event.currentUnitId as number) as UnitInfo).level <= 3,
    run(event, request, _actor, ctx) {
      const ids = request.units
      if (!ids || ids.length < 2) return invalid('units', 'Summon at least two units')
      const lead = ids.find((id) => id === request.leadUnitId)
      if (lead === undefined) return invalid('leadUnitId', 'The lead must be one of the summoned units')
      const center = ctx.unit(event.currentUnitId as number) as UnitInfo
      for (const id of ids) {
        const unit = ctx.unit(id)
        if (!unit || !canDispatch(center, unit, ctx)) return invalid('units', `Unit ${id} cannot be summoned by this center`)
      }
      const checkInBy = ctx.checkInBy(ctx.now).toISOString()
      return assignTo(event, lead, ctx, {
        dispatcherUnitId: center.id,
        summoned: ids.map((unitId) => ({ unitId, lead: unitId === lead, checkedInAt: null, checkInBy })),
      })
    },
  },
  check_in: {
    from: OPEN,
    who(event, actor) {
      const unitId = asStaff(actor)?.unitId
      return event.summoned.some((s) => s.unitId === unitId && s.checkedInAt === null)
    },
    run(event, request, actor, ctx) {
      const missing = needNote(request, 'note of your part')
      if (missing) return missing
      const unitId = (actor as Staff).unitId
      const at = ctx.now.toISOString()
      return { changes: { summoned: event.summoned.map((s) => (s.unitId === unitId ? { ...s, checkedInAt: at } : s)) } }
    },
  },
  press: {
    from: ['submitted', ...OPEN],
    // the reporter, or the system for the caller holding the link of their SMS
    who: (event, actor) => isReporter(event, actor) || speaksForCaller(event, actor, []),
    run(event, _r, _a, ctx) {
      const next = nextPressAt(event)
      if (next && ctx.now.getTime() < Date.parse(next)) {
        return new AppError('press_too_soon', 429, 'You can press an event at most once a day', { nextPressAt: next })
      }
      return { changes: { pressCount: event.pressCount + 1, lastPressedAt: ctx.now.toISOString() } }
    },
  },
  recategorize: {
    // 改分类: the holder or a center above it corrects the category, and a 12345 operator while screening
    // a submission; the event stays where it is (a center dispatches it if it now belongs elsewhere)
    // while it is being handled: a result handed in for review is judged as what it was handled as
    from: ['submitted', ...OPEN],
    who: (event, actor, ctx) =>
      holds(event, actor) || overHolder(event, actor, ctx) || (event.state === 'submitted' && hasRole(actor, ['operator'])),
    run(event, request, _actor, ctx) {
      if (request.category === undefined) return invalid('category', 'category is required')
      const target = ctx.newCategory
      if (target?.code !== request.category) return invalid('category', `No category ${request.category} in use`)
      if (target.code === event.category) return invalid('category', 'The event already has this category')
      // deadlines follow the new category's rule (worked out by the caller, who has the clocks)
      return (
        needNote(request, 'reason for the change') ?? {
          changes: { category: target.code, signDeadline: target.signDeadline, resolveDeadline: target.resolveDeadline },
        }
      )
    },
  },
  comment: {
    from: ['submitted', ...OPEN, 'reviewing', 'resolved', 'closed', 'rejected', 'merged'],
    // internal unless addressed to the reporter; the reporter's own comments reach the handling unit
    // (two-way messages); never public; scope is checked before (the caller can see the event)
    who: (event, actor) => hasRole(actor, NOT_ADMIN) || isReporter(event, actor),
    run: (_e, request) => needNote(request, 'comment') ?? {},
  },
}

/** Every action the lifecycle has a rule for (the table test checks it row for row). */
export const LIFECYCLE_ACTIONS = Object.keys(RULES) as Array<ActionRequest['type']>

/** The staff of the deciding center (returns, extensions, 办结审核). */
function decides(event: EventState, actor: Actor, ctx: TransitionContext) {
  const staff = withRole(actor, ['center_staff'])
  return staff !== undefined && decidingCenter(event, ctx)?.id === staff.unitId
}

/** A center's or a grid's own result is never reviewed: it is the center (or on the spot) that answers. */
const isReviewedKind = (kind: string | undefined): kind is ReviewedKind =>
  (REVIEWED_KINDS as readonly (string | undefined)[]).includes(kind)

/** A resolution by the holder goes to review: review is on for its kind and a center is there to do it. */
function underReview(event: EventState, ctx: TransitionContext) {
  const kind = ctx.unit(event.currentUnitId as number)?.kind
  return isReviewedKind(kind) && ctx.reviews(kind) && decidingCenter(event, ctx) !== undefined
}

function actorFields(actor: Actor) {
  return {
    actorKind: actor.kind,
    actorUserId: actor.kind === 'staff' ? actor.userId : null,
    actorResidentId: actor.kind === 'resident' ? actor.residentId : null,
    actorUnitId: actor.kind === 'staff' ? actor.unitId : null,
  }
}

const fail = (error: AppError): TransitionResult => ({ ok: false, error })
