/** Response shapes the server returns and the web app reads. */
import type { Channel, EventStateName, LogAction, OrgKind, Priority, Rating, Role } from './domain.ts'

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
}

export interface SummonedUnit {
  unitId: number
  lead: boolean
  checkInBy: string
  checkedInAt: string | null
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
  version: number
  createdAt: string
  updatedAt: string
  timeline?: TimelineEntry[]
}

/** What anyone with the number may see: no names, phones or ID numbers. */
export interface PublicTrackView {
  number: string
  title: string
  category: string
  state: EventStateName
  district: string | null
  community: string | null
  createdAt: string
  timeline: Array<Pick<TimelineEntry, 'seq' | 'action' | 'toState' | 'at' | 'note'> & { unit: string | null }>
}

export interface Page<T> {
  items: T[]
  next: string | null
}

export type Me =
  | { kind: 'staff'; id: number; username: string; displayName: string; role: Role; unit: UnitRef; csrfToken: string }
  | { kind: 'resident'; id: number; phone: string; name: string | null; verified: boolean; csrfToken: string }
