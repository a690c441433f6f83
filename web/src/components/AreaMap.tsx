/**
 * A unit's area drawn from its GeoJSON polygon as SVG, with a pin — over the deployment's map tiles
 * when it has a tile server, on its own otherwise.
 * Coordinates are [lng, lat].
 */
import { useQuery } from '@tanstack/react-query'
import { frameFor, outerRings } from '../lib/map.ts'
import { referenceQuery } from '../lib/queries.ts'
import { useMapTiles } from '../lib/reference.ts'
import { MapAttribution, MapPin, MapTiles } from './MapTiles.tsx'

const W = 320
const H = 220
const PAD = 12

export function AreaMap({
  code,
  point,
  label,
  testId,
}: {
  code: string
  point: { lat: number; lng: number } | null
  /** the alt text: what the map shows */
  label: string
  testId?: string
}) {
  const unit = useQuery(referenceQuery('GET /orgs/:code', { params: { code } })).data
  const tiles = useMapTiles()
  // the outer ring (of the first part, for a unit in several pieces)
  const ring = unit ? outerRings(unit)[0] : undefined
  if (!ring) return null
  const frame = frameFor(ring, W, H, PAD)
  if (!frame) return null
  const { x, y } = frame
  const path = `${ring.map((c, i) => `${i ? 'L' : 'M'}${x(c[0]).toFixed(1)},${y(c[1]).toFixed(1)}`).join(' ')} Z`
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      style={{ maxWidth: W, background: '#f4f7fb', border: '1px solid #d9dee5', borderRadius: 6 }}
      role="img"
      aria-label={label}
      data-testid={testId}
    >
      <title>{label}</title>
      <MapTiles frame={frame} />
      <path d={path} fill="#dce8f7" fillOpacity={tiles ? 0.35 : 1} stroke="#1357a6" strokeWidth={1.5} />
      {point ? <MapPin x={x(point.lng)} y={y(point.lat)} /> : null}
      <MapAttribution frame={frame} />
    </svg>
  )
}
