/**
 * A unit's area drawn from its GeoJSON polygon as SVG, with a pin — over the deployment's map tiles
 * when it has a tile server, on its own otherwise.
 * Coordinates are [lng, lat].
 */
import { useEffect, useState } from 'react'
import { MapAttribution, MapTiles } from '../components/MapTiles.tsx'
import { api } from '../lib/api.ts'
import { frameFor, useMapTiles } from '../lib/map.ts'

type Polygon = { type: 'Polygon'; coordinates: number[][][] }

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
  const [geometry, setGeometry] = useState<Polygon | null>(null)
  const tiles = useMapTiles()
  useEffect(() => {
    let live = true
    api
      .get<{ geometry: Polygon | null }>(`/orgs/${code}`)
      .then((u) => live && setGeometry(u.geometry))
      .catch(() => live && setGeometry(null))
    return () => {
      live = false
    }
  }, [code])
  if (!geometry) return null
  const ring = geometry.coordinates[0] ?? []
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
      {point ? (
        <g transform={`translate(${x(point.lng)},${y(point.lat)})`}>
          <circle r={7} fill="#c62828" stroke="#fff" strokeWidth={2} />
          <circle r={2} fill="#fff" />
        </g>
      ) : null}
      <MapAttribution frame={frame} />
    </svg>
  )
}
