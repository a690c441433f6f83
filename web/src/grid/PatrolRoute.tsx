/**
 * Today's patrol as a route: the check-ins in time order, joined by a line and numbered 1, 2, 3…
 * with their China time, over the outline of my grid (and the tiles, when the deployment has a tile
 * server). The frame fits the grid and every point, so a check-in just outside the grid still shows.
 */
import { useQuery } from '@tanstack/react-query'
import type { PatrolView } from '@xiaolan/contracts'
import { useTranslation } from 'react-i18next'
import { MapAttribution, MapTiles } from '../components/MapTiles.tsx'
import { formatChinaClock } from '../lib/china-time.ts'
import { frameFor, geometryOf, outerRings } from '../lib/map.ts'
import { referenceQuery } from '../lib/queries.ts'
import { useMapTiles } from '../lib/reference.ts'
import { useSession } from '../lib/session.tsx'

const W = 320
const H = 260
const PAD = 22

/** The check-ins, in the order they were made (the list comes newest first). */
export const inTimeOrder = (patrols: readonly PatrolView[]) => [...patrols].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))

export function PatrolRoute({ patrols }: { patrols: readonly PatrolView[] }) {
  const { t } = useTranslation('grid')
  const { me } = useSession()
  const code = me?.kind === 'staff' ? me.unit.code : ''
  const grid = useQuery({ ...referenceQuery('GET /orgs/:code', { params: { code } }), enabled: !!code }).data
  const tiles = useMapTiles()
  if (!grid) return null
  const route = inTimeOrder(patrols)
  const rings = outerRings(grid)
  const frame = frameFor([...rings.flat(), ...route.map((p) => [p.lng, p.lat])], W, H, PAD)
  if (!frame) return null
  const { x, y } = frame
  const outline = geometryOf(grid)
  const polygons = !outline ? [] : outline.type === 'Polygon' ? [outline.coordinates] : outline.coordinates
  const area = polygons
    .flatMap((p) => p.map((ring) => `${ring.map((c, i) => `${i ? 'L' : 'M'}${x(c[0]).toFixed(1)},${y(c[1]).toFixed(1)}`).join('')}Z`))
    .join('')
  const label = t('route.alt', { grid: grid.name, count: route.length })
  return (
    <figure style={{ margin: '0 0 8px' }}>
      <figcaption style={{ fontWeight: 600, marginBottom: 4 }}>{t('route.title')}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        style={{ maxWidth: W, display: 'block', background: '#f4f7fb', border: '1px solid #d9dee5', borderRadius: 6 }}
        role="img"
        aria-label={label}
        data-testid="patrol-route"
      >
        <title>{label}</title>
        <MapTiles frame={frame} />
        <path d={area} fill="#dce8f7" fillOpacity={tiles ? 0.35 : 1} fillRule="evenodd" stroke="#1357a6" strokeWidth={1.5} />
        {route.length > 1 ? (
          <polyline
            points={route.map((p) => `${x(p.lng).toFixed(1)},${y(p.lat).toFixed(1)}`).join(' ')}
            fill="none"
            stroke="#c62828"
            strokeWidth={2.5}
            strokeLinejoin="round"
            data-testid="patrol-route-line"
          />
        ) : null}
        {route.map((p, i) => {
          const [px, py] = [x(p.lng), y(p.lat)]
          const time = formatChinaClock(p.at)
          // the time sits on the side with room, so the last points do not run off the right edge
          const left = px > W - 60
          return (
            <g key={p.id} data-testid="patrol-route-point" data-n={i + 1} data-at={p.at}>
              <title>{t('route.point', { n: i + 1, time })}</title>
              <circle cx={px} cy={py} r={10} fill="#c62828" stroke="#fff" strokeWidth={2} />
              <text x={px} y={py + 4} fontSize={11} fontWeight={700} fill="#fff" textAnchor="middle">
                {i + 1}
              </text>
              <text
                x={left ? px - 13 : px + 13}
                y={py + 4}
                fontSize={10}
                fill="#1f1f1f"
                stroke="#fff"
                strokeWidth={3}
                paintOrder="stroke"
                textAnchor={left ? 'end' : 'start'}
              >
                {time}
              </text>
            </g>
          )
        })}
        <MapAttribution frame={frame} />
      </svg>
    </figure>
  )
}
