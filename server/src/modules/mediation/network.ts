/**
 * The mediation network (issue 19 items 1 and 3): what each mediation organisation does and who its
 * named mediators are, and the choice of organisation for an event — by the dispute's type (the
 * event's category when the classifier or staff set a dispute one, else keywords of its text) and by
 * proximity (the event's community room, its street's, then the district's professional ones).
 */
import type { DisputeType, MediationOrgChoice, MediationOrgView, MediationSpecialty } from '@xiaolan/contracts'
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../db/types.ts'
import { canDispatch } from '../events/lifecycle.ts'
import type { OrgDirectory, OrgUnit } from '../orgs/directory.ts'
import { insertNetwork, mediatorsOf, networkRows } from './queries.ts'

/** A mediation unit's specialty, brand and named mediators, as the demo (or an admin's import) writes them. */
export interface MediationOrgSeed {
  unitId: number
  specialty: MediationSpecialty
  brand: string | null
  mediators: Array<{ name: string; title: string | null }>
}

/** Writes the network in the seed's transaction. */
export async function seedMediationNetwork(tx: Transaction<DB>, seeds: MediationOrgSeed[]) {
  await insertNetwork(
    tx,
    seeds.map((s) => ({ unit_id: s.unitId, specialty: s.specialty, brand: s.brand })),
    seeds.flatMap((s) => s.mediators.map((m) => ({ unit_id: s.unitId, name: m.name, title: m.title }))),
  )
}

/** The category of the events catalogue a dispute type is filed under, and back. */
const TYPE_OF_CATEGORY: Record<string, DisputeType> = {
  'dispute.neighbour': 'neighbour',
  'dispute.family': 'family',
  'dispute.landlord_tenant': 'tenancy',
  'dispute.debt': 'debt',
  'dispute.property_owner': 'property',
  'dispute.land': 'neighbour',
  'dispute.labour': 'labor',
  'dispute.medical': 'medical',
  'dispute.traffic_accident': 'traffic',
  labor: 'labor',
  property: 'property',
}

/** Words of a complaint that tell its dispute's type, most specific first. */
const TYPE_WORDS: Array<[DisputeType, string[]]> = [
  ['medical', ['医疗纠纷', '医疗事故', '手术', '医院', '误诊']],
  ['traffic', ['交通事故', '撞', '追尾', '剐蹭', '理赔']],
  ['labor', ['工资', '欠薪', '劳动', '工伤', '辞退', '社保']],
  ['construction', ['装修', '施工', '工程款', '包工头']],
  ['consumer', ['退款', '商家', '消费', '预付卡', '会员卡']],
  ['property', ['物业', '业主', '物业费', '电梯']],
  ['family', ['离婚', '赡养', '抚养', '婆媳', '家暴', '夫妻']],
  ['tenancy', ['房东', '租客', '押金', '退租', '租房']],
  ['debt', ['欠钱', '借款', '欠款', '债务']],
  ['neighbour', ['邻居', '邻里', '楼上', '楼下', '漏水', '噪音', '占道']],
]

/** The district specialty that serves a dispute type; the rest go to people's mediation rooms. */
const SPECIALTY_OF_TYPE: Partial<Record<DisputeType, MediationSpecialty>> = {
  labor: 'labor',
  property: 'property',
  medical: 'medical',
  traffic: 'traffic',
  family: 'family',
  consumer: 'consumer',
  construction: 'construction',
}

/** The dispute's type of an event: its category's when that says it, else the first type its words name. */
export function disputeTypeOf(event: { category_code: string; title: string; description: string }): {
  type: DisputeType | null
  basis: MediationOrgChoice['basis']
} {
  const byCategory = TYPE_OF_CATEGORY[event.category_code] ?? TYPE_OF_CATEGORY[event.category_code.split('.')[0]]
  if (byCategory) return { type: byCategory, basis: 'category' }
  const text = `${event.title} ${event.description}`
  const hit = TYPE_WORDS.find(([, words]) => words.some((w) => text.includes(w)))
  if (hit) return { type: hit[0], basis: 'keywords' }
  return { type: null, basis: 'none' }
}

export interface NetworkEntry {
  specialty: MediationSpecialty
  brand: string | null
}

/** Every mediation unit's specialty and brand (a few hundred rows). */
export async function loadNetwork(db: Kysely<DB>): Promise<Map<number, NetworkEntry>> {
  const rows = await networkRows(db)
  return new Map(rows.map((r) => [r.unit_id, { specialty: r.specialty as MediationSpecialty, brand: r.brand }]))
}

/** Great-circle distance in km. */
function km(a: { lat: number; lng: number }, b: { lat: number; lng: number }) {
  const rad = Math.PI / 180
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2
  return 2 * 6371 * Math.asin(Math.sqrt(h))
}

/** Where a unit sits: its own seat, else its parent center's (a mediation room sits at its center). */
function seatOf(orgs: OrgDirectory, unit: OrgUnit) {
  if (unit.seat) return unit.seat
  const parent = unit.parentId === null ? undefined : orgs.unit(unit.parentId)
  return parent?.seat ?? null
}

export async function orgViews(
  db: Kysely<DB>,
  orgs: OrgDirectory,
  units: OrgUnit[],
  network: Map<number, NetworkEntry>,
  from?: { lat: number; lng: number } | null,
) {
  const mediators = await mediatorsOf(
    db,
    units.map((u) => u.id),
  )
  return units.map((u): MediationOrgView => {
    const entry = network.get(u.id)
    const seat = seatOf(orgs, u)
    return {
      unit: orgs.ref(u.id) as NonNullable<ReturnType<OrgDirectory['ref']>>,
      specialty: entry?.specialty ?? 'general',
      brand: entry?.brand ?? null,
      mediators: mediators.filter((m) => m.unit_id === u.id).map((m) => ({ id: m.id, name: m.name, title: m.title })),
      distanceKm: from && seat ? Math.round(km(from, seat) * 10) / 10 : null,
    }
  })
}

/**
 * The organisations a center may send this event to mediate, best first: for a type a district
 * specialty serves, that professional organisation first; then by nearness — the room of the event's
 * community, its street's, other rooms in the center's subtree by distance, the district's others.
 */
export async function chooseOrganisation(
  db: Kysely<DB>,
  orgs: OrgDirectory,
  center: OrgUnit,
  event: { category_code: string; title: string; description: string; community_id: number | null; lat: number | null; lng: number | null },
): Promise<MediationOrgChoice> {
  const network = await loadNetwork(db)
  const { type, basis } = disputeTypeOf(event)
  const wanted = type ? SPECIALTY_OF_TYPE[type] : undefined
  const community = event.community_id === null ? undefined : orgs.unit(event.community_id)
  const street = community?.parentId == null ? undefined : orgs.unit(community.parentId)
  const from = event.lat !== null && event.lng !== null ? { lat: event.lat, lng: event.lng } : (community?.seat ?? null)
  const candidates = orgs.all().filter((u) => u.kind === 'mediation' && canDispatch(center, u, { unit: (id) => orgs.unit(id) }))
  const rank = (u: OrgUnit) => {
    const specialty = network.get(u.id)?.specialty ?? 'general'
    if (wanted && specialty === wanted) return 0
    if (community && u.parentId === community.id) return specialty === 'counselling' ? (type === 'family' ? 1 : 3) : 1
    if (street && u.parentId === street.id) return 2
    return u.level === 2 ? 5 : 4
  }
  const views = await orgViews(db, orgs, candidates, network, from)
  const ranked = candidates
    .map((u, i) => ({ view: views[i], r: rank(u) }))
    .sort((a, b) => a.r - b.r || (a.view.distanceKm ?? 1e9) - (b.view.distanceKm ?? 1e9) || a.view.unit.id - b.view.unit.id)
  const items = ranked.map((x) => x.view)
  return { disputeType: type, basis, suggested: items[0] ?? null, items }
}
