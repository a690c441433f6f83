/**
 * A unit's area drawn from its GeoJSON polygon as SVG, with a pin — no tile server needed.
 * Coordinates are [lng, lat].
 */
import { useEffect, useState } from 'react'
import { api } from '../lib/api.ts'

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
  const lngs = ring.map((c) => c[0])
  const lats = ring.map((c) => c[1])
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)]
  // equirectangular, longitudes shrunk by cos(latitude) so the shape is not stretched
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180)
  const scale = Math.min((W - 2 * PAD) / Math.max((maxLng - minLng) * k, 1e-9), (H - 2 * PAD) / Math.max(maxLat - minLat, 1e-9))
  const x = (lng: number) => PAD + (lng - minLng) * k * scale
  const y = (lat: number) => H - PAD - (lat - minLat) * scale
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
      <path d={path} fill="#dce8f7" stroke="#1357a6" strokeWidth={1.5} />
      {point ? (
        <g transform={`translate(${x(point.lng)},${y(point.lat)})`}>
          <circle r={7} fill="#c62828" stroke="#fff" strokeWidth={2} />
          <circle r={2} fill="#fff" />
        </g>
      ) : null}
    </svg>
  )
}
