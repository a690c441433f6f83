/**
 * The demo city's live hotspot (研判预警, issue 16 item 5): seven reports of garbage piling up
 * around 幸福里社区's seat, each a few dozen metres from the last, registered through intake as a
 * 12345 call would be, so the scan's first pass (a few seconds after `xiaolan start`) raises a
 * hotspot alert on the screen. `npm run demo:hotspot` posts such a cluster live through the API.
 */
import type { AppContext } from '../../context.ts'
import { createEvent } from '../../modules/events/commands/report.ts'

export const HOTSPOT_COMMUNITY = '620105007010'

export const HOTSPOT_TEXTS = [
  '幸福里小区3号楼旁垃圾堆了好几天，没人清运，臭味很大',
  '幸福里小区东门垃圾桶满了溢到路上，三天没人收',
  '幸福里小区5号楼后面垃圾成堆，招苍蝇',
  '小区门口的垃圾站垃圾满了，一直没人清理',
  '幸福里社区菜市场边上的垃圾没人拉走，已经堆到人行道',
  '幸福里小区2号楼下垃圾袋堆成小山，环卫好几天没来',
  '小区北侧垃圾清运不及时，下雨后污水横流',
]

/** Offsets in metres from the seat: a cluster well within the hotspot rule's 300 m. */
const OFFSETS: Array<[number, number]> = [
  [0, 0],
  [40, 25],
  [-35, 50],
  [70, -20],
  [-60, -45],
  [25, 90],
  [95, 60],
]

export function hotspotPoints(seat: { lat: number; lng: number }) {
  return OFFSETS.map(([dx, dy]) => ({
    lat: seat.lat + dy / 111_000,
    lng: seat.lng + dx / (111_000 * Math.cos((seat.lat * Math.PI) / 180)),
  }))
}

/** Registers the cluster as the city's 12345 desk (the system actor) would; returns the numbers. */
export async function seedDemoHotspot(ctx: AppContext): Promise<string[]> {
  const community = ctx.orgs.byCode(HOTSPOT_COMMUNITY)
  if (!community?.seat) return []
  const numbers: string[] = []
  const points = hotspotPoints(community.seat)
  for (const [i, description] of HOTSPOT_TEXTS.entries()) {
    const { row } = await createEvent(
      ctx,
      { channel: 'hotline', category: 'sanitation.garbage', description, lat: points[i].lat, lng: points[i].lng },
      { kind: 'system' },
    )
    numbers.push(row.number)
  }
  return numbers
}
