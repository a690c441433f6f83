/**
 * Joint hazard sweeps (隐患联排, issue 20 item 2): a district or street center launches a sweep of its
 * subtree's buildings or shops against a checklist by a deadline; grid workers check their grid's
 * targets item by item (pass / fail, a note, photos of a hazard); a failed target becomes one event.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { literals } from './domain.ts'
import { At, BigintId, Day, Int4Id, Nullable, Shape, Version } from './schema.ts'
import { UnitRef } from './views.ts'

/** What is swept for: gas safety, e-bike charging in corridors, shops' fire exits, or something else. */
export const SWEEP_THEMES = ['gas', 'ebike', 'fire_exit', 'other'] as const
export type SweepTheme = (typeof SWEEP_THEMES)[number]
export const SWEEP_SITE_KINDS = ['building', 'shop'] as const
export const SWEEP_STATES = ['open', 'closed'] as const
export const SWEEP_TARGET_STATES = ['pending', 'passed', 'failed'] as const
export type SweepTargetState = (typeof SWEEP_TARGET_STATES)[number]

const Text = (maxLength: number) => T.String({ minLength: 1, maxLength, pattern: '\\S' })

export const LaunchSweepBody = T.Object(
  {
    title: Text(80),
    theme: literals(SWEEP_THEMES),
    /** the center whose subtree is swept: the caller's own (the default) or one below it */
    scopeId: T.Optional(Int4Id()),
    siteKind: literals([...SWEEP_SITE_KINDS, 'all'] as const),
    /** the category of the events failed targets become (default safety, 安全隐患) */
    category: T.Optional(T.String({ minLength: 1, maxLength: 40 })),
    items: T.Array(Text(120), { minItems: 1, maxItems: 20 }),
    deadline: Day('the last day to check, China date'),
  },
  { additionalProperties: false },
)
export type LaunchSweepBody = Static<typeof LaunchSweepBody>

export const SweepTotals = Shape({ targets: T.Integer(), checked: T.Integer(), failed: T.Integer(), failedItems: T.Integer() })
export type SweepTotals = Static<typeof SweepTotals>

/** A unit's progress: its targets, how many are checked, how many failed and how many items failed. */
export const SweepProgressRow = Shape({ unit: UnitRef, parentId: Nullable(T.Integer()), ...SweepTotals.properties })
export type SweepProgressRow = Static<typeof SweepProgressRow>

export const SweepItemResult = T.Object(
  {
    pass: T.Boolean(),
    note: T.Optional(T.String({ maxLength: 200 })),
    /** photos of a failed item (uploaded first with POST /attachments); they go with its event */
    attachmentIds: T.Optional(T.Array(BigintId(), { maxItems: 3, uniqueItems: true })),
  },
  { additionalProperties: false },
)

export const CheckTargetBody = T.Object(
  {
    /** the client's id of this check (a UUID): a retry with the same key answers the first check and writes nothing */
    idempotencyKey: T.String({ format: 'uuid' }),
    /** one result per checklist item, in the sweep's order */
    results: T.Array(SweepItemResult, { minItems: 1, maxItems: 20 }),
    note: T.Optional(T.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
)
export type CheckTargetBody = Static<typeof CheckTargetBody>

export const SweepTargetView = Shape({
  id: T.Integer(),
  sweepId: T.Integer(),
  site: Shape({
    kind: literals(SWEEP_SITE_KINDS),
    name: T.String(),
    address: T.String(),
    lat: T.Number(),
    lng: T.Number(),
  }),
  grid: UnitRef,
  state: literals(SWEEP_TARGET_STATES),
  results: Nullable(T.Array(Shape({ pass: T.Boolean(), note: Nullable(T.String()), attachmentIds: T.Array(T.Integer()) }))),
  note: Nullable(T.String()),
  checkedAt: Nullable(At()),
  /** the event a failed target became */
  event: Nullable(Shape({ id: T.Integer(), number: T.String() })),
})
export type SweepTargetView = Static<typeof SweepTargetView>

export const SweepSummaryView = Shape({
  id: T.Integer(),
  title: T.String(),
  theme: literals(SWEEP_THEMES),
  center: UnitRef,
  scope: UnitRef,
  siteKind: literals([...SWEEP_SITE_KINDS, 'all'] as const),
  category: T.String(),
  items: T.Array(T.String()),
  deadline: T.String(),
  state: literals(SWEEP_STATES),
  /** the whole sweep's; a grid worker's are their grid's */
  totals: SweepTotals,
  createdAt: At(),
  closedAt: Nullable(At()),
  version: T.Integer(),
  /** the grid's targets, for a grid worker; null for centers (GET /sweeps/:id/targets) */
  targets: Nullable(T.Array(SweepTargetView)),
})
export type SweepSummaryView = Static<typeof SweepSummaryView>

export const SweepView = Shape({
  ...SweepSummaryView.properties,
  /** whether the caller may close it (the launching center or one above) */
  canClose: T.Boolean(),
  progress: Shape({ streets: T.Array(SweepProgressRow), communities: T.Array(SweepProgressRow), grids: T.Array(SweepProgressRow) }),
})
export type SweepView = Static<typeof SweepView>

export const SweepsQuery = T.Object({ state: T.Optional(literals(SWEEP_STATES)) }, { additionalProperties: false })
export type SweepsQuery = Static<typeof SweepsQuery>
export const SweepTargetsQuery = T.Object(
  { gridId: T.Optional(Int4Id()), state: T.Optional(literals(SWEEP_TARGET_STATES)) },
  { additionalProperties: false },
)
export type SweepTargetsQuery = Static<typeof SweepTargetsQuery>
export const SweepTargetParams = T.Object({ id: Int4Id(), targetId: Int4Id() }, { additionalProperties: false })
export const CloseSweepBody = T.Object({ version: Version() }, { additionalProperties: false })
export type CloseSweepBody = Static<typeof CloseSweepBody>
export const SweepReportQuery = T.Object({ lang: T.Optional(literals(['zh-CN', 'en'] as const)) }, { additionalProperties: false })
