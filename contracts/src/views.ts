/** Response shapes the server returns and the web app reads. */
import type { ActionType, Channel, EventStateName, LogAction, OrgKind, Priority, Rating, Role, SlaStatus } from './domain.ts'

export interface UnitRef {
  id: number
  code: string
  name: string
  kind: OrgKind
  level: number
}

export interface TimelineEntry {
  seq: number
  action: LogAction
  fromState: EventStateName | null
  toState: EventStateName
  fromUnit: UnitRef | null
  toUnit: UnitRef | null
  /** The acting unit; residents and the system have none. */
  actorUnit: UnitRef | null
  actorKind: 'staff' | 'resident' | 'system'
  note: string | null
  data: Record<string, unknown>
  at: string
  /** a comment the handling unit addressed to the reporter (two-way messages) */
  toReporter?: boolean
  /** ids of the photos this step attached (report or result) */
  photoIds?: number[]
}

/** A photo of an event: `report` from its reporter, `result` from the unit that resolved it. */
export interface Photo {
  id: number
  url: string
  kind: 'report' | 'result'
}

export interface SummonedUnit {
  unitId: number
  lead: boolean
  checkInBy: string
  checkedInAt: string | null
}

/** One 督办: who urged which holder, and the holder's reply once given. */
export interface SupervisionView {
  seq: number
  at: string
  by: UnitRef | null
  to: UnitRef | null
  note: string | null
  reply: { at: string; by: UnitRef | null; note: string | null } | null
}

/** A work order as staff and its reporter see it. Reporter contact is masked unless unmasked. */
export interface EventView {
  id: number
  number: string
  title: string
  description: string
  category: string
  priority: Priority
  channel: Channel
  state: EventStateName
  lat: number | null
  lng: number | null
  address: string | null
  community: UnitRef | null
  district: UnitRef | null
  currentUnit: UnitRef | null
  reporter: { name: string | null; phone: string | null; anonymous: boolean; masked: boolean }
  supervised: boolean
  supervisionPending: boolean
  extensionPending: { days: number; reason: string } | null
  summoned: SummonedUnit[]
  reopenCount: number
  pressCount: number
  evaluation: Rating | 'default_satisfied' | null
  mergedInto: number | null
  signDeadline: string | null
  resolveDeadline: string | null
  /** normal → warning (75 % of the time used) → overdue; kept by the SLA scan and every transition. */
  slaStatus: SlaStatus
  /** How many times the event has been supervised (督办). */
  supervisionCount: number
  /** On the single-event read: each 督办 with the holder's reply. */
  supervisions?: SupervisionView[]
  version: number
  createdAt: string
  updatedAt: string
  photos: Photo[]
  timeline?: TimelineEntry[]
  /** On the single-event read: the actions the caller may take now (the lifecycle tried for each). */
  allowedActions?: ActionType[]
}

/** What anyone with the number may see: no names, phones or ID numbers. */
export interface PublicTrackView {
  number: string
  /** null when the reporter chose to hide their name and words from the public */
  title: string | null
  category: string
  state: EventStateName
  district: string | null
  community: string | null
  createdAt: string
  timeline: PublicTimelineEntry[]
}

/**
 * Who took a step, as the public may know it: the reporter (their report in the app, their rating,
 * 催办), the 12345 hotline (an operator's intake, screening, answer), the system (routing, overdue,
 * reminders, auto-close), or the handling unit.
 */
export type PublicActor = 'reporter' | 'hotline' | 'system' | 'unit'

/** One step of the public timeline; its note is masked (and null for a hide-my-name reporter's own words). */
export interface PublicTimelineEntry extends Pick<TimelineEntry, 'seq' | 'action' | 'toState' | 'at' | 'note'> {
  actor: PublicActor
  /** the acting unit's name, only when `actor` is 'unit' */
  unit: string | null
  /** where the step sent the event, when it moved it to another unit */
  toUnit: string | null
}

/** One row of the public list (公开): masked; an anonymous report shows its category instead of its own words. */
export interface PublicEventView {
  number: string
  title: string | null
  category: string
  state: EventStateName
  district: string | null
  community: string | null
  /** the unit handling it now */
  unit: string | null
  createdAt: string
  updatedAt: string
}

/** A grid worker's patrol check-in. */
export interface PatrolView {
  id: number
  lat: number
  lng: number
  note: string | null
  grid: UnitRef | null
  community: UnitRef | null
  at: string
}

export interface Page<T> {
  items: T[]
  next: string | null
}

/** GET /map: the deployment's map tiles, when it has a tile server (Web Mercator, 256 px tiles). */
export interface MapSettings {
  tiles: { url: string; attribution: string | null } | null
}

export type Me =
  | { kind: 'staff'; id: number; username: string; displayName: string; role: Role; unit: UnitRef; csrfToken: string }
  | { kind: 'resident'; id: number; phone: string; name: string | null; verified: boolean; csrfToken: string }

/** One area's figures on the big screen; `GET /api/v1/dashboard` (read from the rollups only). */
export interface DashboardView {
  scope: UnitRef
  /** the chain from the city down to the scope, for the breadcrumb */
  path: UnitRef[]
  days: number
  /** Asia/Shanghai days, oldest first, the last one today */
  dayList: string[]
  generatedAt: string
  headline: {
    todayNew: number
    /** assigned + in progress now */
    inProgress: number
    resolvedToday: number
    /** open events whose resolve deadline has passed (hour precision) */
    overdue: number
    /** (satisfied + basically + default satisfied) / evaluated over the window; null without evaluations */
    satisfactionRate: number | null
    /** resolved within the deadline / resolved over the window; null without resolutions */
    onTimeRate: number | null
  }
  /** events now per state in the area */
  states: Partial<Record<EventStateName, number>>
  /** new events per day (dayList order) per channel */
  trend: Array<{ channel: Channel; counts: number[] }>
  /** new events of the window per top-level category, largest first */
  categories: Array<{ category: string; count: number }>
  /** the area's child centers (districts of the city, streets of a district, …), most events first */
  units: Array<{ unit: UnitRef; created: number; open: number; overdue: number }>
  /** newest events of the area, masked (no names, phones or ID numbers) */
  latest: Array<{
    id: number
    number: string
    title: string
    category: string
    channel: Channel
    state: EventStateName
    district: string | null
    community: string | null
    createdAt: string
  }>
}

/** `data` of an `event: change` message of `GET /api/v1/stream`; `id:` is the change (action log) id. */
export interface ChangeMessage {
  eventId: number
  number: string
  state: EventStateName
  action: LogAction
  currentUnitId: number | null
  districtId: number | null
  communityId: number | null
  category: string
  channel: Channel
  at: string
}
