/**
 * The demo's seven streams (issue 17 item 1): a week of reports from every channel, so the screen's
 * trend shows all seven from the first start. The partner platforms — 三维数字社会服务管理平台,
 * 平安甘肃信息化支撑管理平台 and the 110 / petitions / digital city-management linkage — get one API
 * client each and push their small sample feeds through the real ingestion path; the city's message
 * board (网民留言) is a netizen board whose sample feed (server/data/netizen/demo-feed.json) is
 * imported as an upload would be; the app, the 12345 desk and the grid workers add a few reports a
 * day through intake. Each day's share is written with the clock set to that day, so the reports
 * count at their own dates.
 */
import { readFileSync } from 'node:fs'
import type { IngestItem, PartnerChannel } from '@xiaolan/contracts'
import { addDays, chinaDateOf, chinaTime } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import { ingestEvents } from '../../modules/channels/ingest.ts'
import { createBoard, importFeedText, readFeed } from '../../modules/channels/netizen-import.ts'
import { createClient } from '../../modules/clients/service.ts'
import { createEvent } from '../../modules/events/commands/report.ts'
import { placeSearch } from '../../modules/orgs/place-search.ts'
import { demoStaff } from './accounts.ts'

export const DEMO_DAYS = 7

const FEED = new URL('../../../data/netizen/demo-feed.json', import.meta.url)

type Sample = Omit<IngestItem, 'externalId' | 'channel'>

/** What each partner platform reports, as it would: its own ids, our community codes. */
const PARTNER_FEEDS: Record<
  PartnerChannel & ('platform_3d' | 'platform_safety' | 'linkage'),
  { name: string; prefix: string; samples: Sample[] }
> = {
  platform_3d: {
    name: '三维数字社会服务管理平台',
    prefix: 'SW',
    samples: [
      { category: 'municipal.manhole', description: '网格巡查发现人行道井盖破损下沉，已拍照上传三维平台', communityCode: '620102001001' },
      { category: 'sanitation.clutter', description: '楼栋之间空地乱堆建筑材料和废旧家具', communityCode: '620102009004' },
      { category: 'municipal.streetlight', description: '三维模型比对发现小区主干道两盏路灯缺失', communityCode: '620102004006' },
      { category: 'safety.fire_access', description: '小区消防通道被私家车长期占用，消防车无法通行', communityCode: '620102006003' },
      { category: 'municipal.public_facility', description: '公交站候车亭顶棚玻璃破裂，存在坠落风险', communityCode: '620103002007' },
    ],
  },
  platform_safety: {
    name: '平安甘肃信息化支撑管理平台',
    prefix: 'PA',
    samples: [
      { category: 'safety.ebike_charging', description: '平安巡查：居民楼一楼商铺私拉电线给电动车充电', communityCode: '620102020004' },
      { category: 'dispute.neighbour', description: '两户居民因楼上漏水多次争吵，需调解', communityCode: '620102017002' },
      { category: 'safety.gas_leak', description: '群防群治队员报告：餐馆后厨闻到燃气味', communityCode: '620102008001' },
      { category: 'security.nuisance', description: '夜市散场后有人聚集饮酒喧哗，影响周边居民', communityCode: '620102012002' },
      { category: 'safety.fire_hazard', description: '废品收购站堆放大量纸箱，旁边有明火', communityCode: '620102011003' },
    ],
  },
  linkage: {
    name: '110非警务警情·信访·数字城管联动平台',
    prefix: 'LD',
    samples: [
      { category: 'environment.construction_noise', description: '110转来：建筑工地夜间施工噪音扰民', communityCode: '620102009004' },
      { category: 'sanitation.street_stall', description: '数字城管：早市摊贩占道经营，影响交通', communityCode: '620102012002' },
      { category: 'utilities.heating', description: '信访转办：小区整栋楼暖气不热，已反映多次', communityCode: '620103001008' },
      { category: 'municipal.waterlogging', description: '数字城管：下穿通道积水，排水口堵塞', communityCode: '620102023003' },
      { category: 'sanitation.flyposting', description: '数字城管：沿街墙面和电线杆小广告成片', communityCode: '620102017002' },
    ],
  },
}

/** A few reports a day from our own forms, by channel. */
const OWN_SAMPLES: Array<{ channel: 'app' | 'hotline' | 'grid'; category: string; description: string; communityCode: string }> = [
  { channel: 'app', category: 'municipal.road', description: '小区门口道路有个大坑，下雨后积水，车辆绕行', communityCode: '620102002005' },
  { channel: 'app', category: 'sanitation.garbage', description: '楼下垃圾站的垃圾两天没人清运了', communityCode: '620102021007' },
  {
    channel: 'hotline',
    category: 'utilities.water_outage',
    description: '来电反映家里停水一整天，没有接到通知',
    communityCode: '620102025006',
  },
  {
    channel: 'hotline',
    category: 'property.service',
    description: '来电反映物业不处理电梯故障，老人上下楼困难',
    communityCode: '620102013005',
  },
  { channel: 'grid', category: 'sanitation.bins', description: '网格员巡查：垃圾分类桶破损缺盖', communityCode: '620102014008' },
]

/** The clock at 10:00 China time `back` days before today, plus some minutes so reports differ. */
function dayClock(ctx: AppContext, back: number, minutes: number): AppContext {
  const day = addDays(chinaDateOf(ctx.now()), -back)
  const at = new Date(chinaTime(day, '10:00').getTime() + minutes * 60_000)
  return { ...ctx, now: () => at }
}

/** Seeds the week's streams; the counts per channel, for the start-up log. */
export async function seedDemoChannels(ctx: AppContext): Promise<Record<string, number>> {
  const admin = await demoStaff(ctx, 'admin')
  if (!admin) return {}
  const places = placeSearch(ctx)
  const counts: Record<string, number> = {}
  const count = (channel: string, n: number) => {
    counts[channel] = (counts[channel] ?? 0) + n
  }

  for (const [channel, feed] of Object.entries(PARTNER_FEEDS) as Array<[PartnerChannel, (typeof PARTNER_FEEDS)['linkage']]>) {
    const created = await createClient(ctx, admin, { name: feed.name, channels: [channel] })
    const client = { id: created.id, name: created.name, channels: [channel], scopeUnitId: null }
    // a week of the feed: one or two items a day, each sample once or twice, ids as the platform numbers them
    for (let back = DEMO_DAYS - 1; back >= 0; back--) {
      const today = feed.samples.filter((_, i) => (i + back) % 3 !== 0).slice(0, 1 + (back % 2))
      const items = today.map((s, i) => ({ ...s, externalId: `${feed.prefix}-${DEMO_DAYS - back}-${i + 1}`, channel }))
      const results = await ingestEvents(dayClock(ctx, back, 17 * (back + 1)), client, items, places)
      count(channel, results.filter((r) => r.status === 'created').length)
    }
  }

  // the board's week: each day's messages imported as that day's upload, listed in 管理 → 网民留言
  const board = await createBoard(ctx, admin, { name: '兰州市网民留言板' })
  const messages = readFeed(readFileSync(FEED, 'utf8')).map((m) => m.record)
  for (let back = DEMO_DAYS - 1; back >= 0; back--) {
    const today = messages.filter((_, i) => i % DEMO_DAYS === DEMO_DAYS - 1 - back)
    const done = await importFeedText(dayClock(ctx, back, 40 + back), board.id, 'demo-feed.json', JSON.stringify(today))
    count('netizen', done.created)
  }

  for (let back = DEMO_DAYS - 1; back >= 0; back--) {
    for (const [i, s] of OWN_SAMPLES.entries()) {
      if ((i + back) % 4 === 3) continue
      const community = ctx.orgs.byCode(s.communityCode)
      if (!community?.seat) continue
      await createEvent(
        dayClock(ctx, back, 5 + i * 23),
        { channel: s.channel, category: s.category, description: s.description, lat: community.seat.lat, lng: community.seat.lng },
        { kind: 'system' },
      )
      count(s.channel, 1)
    }
  }
  return counts
}
