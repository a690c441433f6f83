/** An events row and its log as the API shows them: reporters' contacts masked unless their own. */
import type { EventView, Photo, TimelineEntry } from '@xiaolan/contracts'
import type { AppContext } from '../../../context.ts'
import type { Principal } from '../../accounts/sessions.ts'
import { maskName, maskPhone } from '../../privacy/masker.ts'
import { type LogEntry, nextPressAt } from '../lifecycle.ts'
import { type EventRow, toState } from '../queries.ts'

export function toView(app: AppContext, row: EventRow, principal: Principal, photos: Array<Photo & { seq: number }> = []): EventView {
  const s = toState(row)
  const own = principal.kind === 'resident' && row.reporter_resident_id === principal.resident.id
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    description: row.description,
    category: row.category_code,
    priority: row.priority as EventView['priority'],
    channel: row.channel as EventView['channel'],
    state: s.state,
    lat: row.lat,
    lng: row.lng,
    address: row.address,
    community: app.orgs.ref(row.community_id),
    district: app.orgs.ref(row.district_id),
    currentUnit: app.orgs.ref(s.currentUnitId),
    reporter: {
      name: own ? row.reporter_name : maskName(row.reporter_name),
      phone: own ? row.reporter_phone : maskPhone(row.reporter_phone),
      anonymous: row.reporter_anonymous,
      masked: !own,
    },
    supervised: s.supervised,
    supervisionPending: s.supervisionPending,
    extensionPending: s.extensionPending,
    summoned: s.summoned,
    reopenCount: s.reopenCount,
    pressCount: s.pressCount,
    nextPressAt: nextPressAt(s),
    evaluation: s.evaluation,
    mergedInto: s.mergedInto,
    signDeadline: s.signDeadline,
    resolveDeadline: s.resolveDeadline,
    slaStatus: row.sla_status as EventView['slaStatus'],
    supervisionCount: row.supervision_count,
    version: s.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: s.updatedAt,
    photos: photos.map(({ id, url, kind }) => ({ id, url, kind })),
  }
}

export function timelineEntry(app: AppContext, e: LogEntry & { seq: number }, photos: Array<Photo & { seq: number }>): TimelineEntry {
  const photoIds = photos.filter((p) => p.seq === e.seq).map((p) => p.id)
  return {
    seq: e.seq,
    action: e.action,
    fromState: e.fromState,
    toState: e.toState,
    fromUnit: app.orgs.ref(e.fromUnitId),
    toUnit: app.orgs.ref(e.toUnitId),
    actorUnit: app.orgs.ref(e.actorUnitId),
    actorKind: e.actorKind,
    note: e.note,
    data: e.changes as Record<string, unknown>,
    at: e.at,
    ...(e.toReporter ? { toReporter: true } : {}),
    ...(photoIds.length ? { photoIds } : {}),
  }
}
