/**
 * A unit's area among its surroundings as SVG, with a pin: its district faint, its street outlined
 * and the unit itself filled — over the deployment's map tiles when it has a tile server, on its
 * own otherwise. One request fetches the three outlines (`GET /orgs?code=&ancestors=true`),
 * simplified to about a pixel; the view is the street and a margin around it.
 * Coordinates are [lng, lat].
 */
import { useQuery } from '@tanstack/react-query'
import type { OrgList } from '@xiaolan/contracts'
import { frameFor, geometryOf, heightFor, outlinePoints, pathOf, widened } from '../lib/map.ts'
import { referenceQuery } from '../lib/queries.ts'
import { useMapTiles } from '../lib/reference.ts'
import { MapAttribution, MapPin, MapTiles } from './MapTiles.tsx'

const W = 320
const PAD = 8
/** metres: under a pixel of a street seen 320 px wide */
const TOLERANCE = 10

export function AreaMap({
  code,
  point,
  label,
  testId = 'area-map',
}: {
  code: string
  point: { lat: number; lng: number } | null
  /** the alt text: what the map shows */
  label: string
  testId?: string
}) {
  const units = useQuery({
    ...referenceQuery('GET /orgs', { query: { code, ancestors: true, geometry: true, simplify: TOLERANCE } }),
    select: (list: OrgList) => list.items,
  }).data
  const tiles = useMapTiles()
  const own = units?.find((u) => u.code === code)
  if (!units || !own?.geometry) return null
  // the unit's parent frames the view (the unit itself when it has none with an outline)
  const parent = units.find((u) => u.id === own.parentId && u.geometry) ?? own
  const district = units.find((u) => u.level === 2 && u.id !== own.id && u.id !== parent.id && u.geometry)
  const view = widened(outlinePoints([parent, own]), 0.15)
  const H = heightFor(view, W, PAD, 180, 320)
  const frame = frameFor(view, W, H, PAD)
  if (!frame) return null
  const translucent = tiles ? 0.35 : 1
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
      {district ? (
        <path
          d={pathOf(geometryOf(district), frame)}
          fillRule="evenodd"
          fill="#eef2f7"
          fillOpacity={tiles ? 0.2 : 1}
          stroke="#8a9bb0"
          strokeWidth={1}
          strokeDasharray="4 3"
          data-testid={`${testId}-district`}
        >
          <title>{district.name}</title>
        </path>
      ) : null}
      {parent !== own ? (
        <path
          d={pathOf(geometryOf(parent), frame)}
          fillRule="evenodd"
          fill="none"
          stroke="#4f6f95"
          strokeWidth={1.5}
          data-testid={`${testId}-street`}
        >
          <title>{parent.name}</title>
        </path>
      ) : null}
      <path
        d={pathOf(geometryOf(own), frame)}
        fillRule="evenodd"
        fill="#b9d3f2"
        fillOpacity={translucent * 0.85}
        stroke="#1357a6"
        strokeWidth={2}
        data-testid={`${testId}-community`}
      >
        <title>{own.name}</title>
      </path>
      {point ? <MapPin x={frame.x(point.lng)} y={frame.y(point.lat)} testId={`${testId}-pin`} /> : null}
      <MapAttribution frame={frame} />
    </svg>
  )
}
