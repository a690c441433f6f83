/**
 * Posts a hotspot cluster live through the API, for showing 研判预警 on the screen:
 *   npm run demo:hotspot -- --url http://localhost:8080 [--user operator1] [--password …] [--every 1500]
 * Seven 12345 calls about garbage around 幸福里社区's seat (as the demo seed's), one every `--every`
 * ms with progress; the scan (every minute) raises the hotspot, which appears on an open screen.
 */
import { parseArgs } from 'node:util'
import { DEMO_PASSWORD } from '../server/src/seed/demo/accounts.ts'
import { HOTSPOT_COMMUNITY, HOTSPOT_TEXTS, hotspotPoints } from '../server/src/seed/demo/hotspot.ts'
import { apiSession } from './api-session.ts'

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:8080' },
    user: { type: 'string', default: 'operator1' },
    password: { type: 'string', default: DEMO_PASSWORD },
    every: { type: 'string', default: '1500' },
  },
})
const base = values.url.replace(/\/$/, '')
const request = await apiSession(base, values.user, values.password)
const orgs = await request('GET', `/api/v1/orgs?code=${HOTSPOT_COMMUNITY}`)
const seat = orgs.items[0]?.seat
if (!seat) throw new Error(`community ${HOTSPOT_COMMUNITY} has no seat`)
const points = hotspotPoints(seat)
for (const [i, description] of HOTSPOT_TEXTS.entries()) {
  const e = await request('POST', '/api/v1/events', {
    channel: 'hotline',
    category: 'sanitation.garbage',
    description,
    lat: points[i].lat,
    lng: points[i].lng,
  })
  console.log(`[${i + 1}/${HOTSPOT_TEXTS.length}] ${e.number} ${description}`)
  if (i < HOTSPOT_TEXTS.length - 1) await new Promise((r) => setTimeout(r, Number(values.every)))
}
console.log('posted; the next scan (within a minute) raises the hotspot on the screen (研判预警)')
