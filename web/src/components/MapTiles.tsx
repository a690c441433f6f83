/** What the SVG maps share: the tile server's map under the areas with the provider's credit (nothing without one), the areas' labels and the pin. */
import { Fragment, type ReactNode } from 'react'
import { type Frame, type PlacedLabel, tilesFor } from '../lib/map.ts'
import { useMapTiles } from '../lib/reference.ts'

export function MapTiles({ frame }: { frame: Frame }) {
  const tiles = useMapTiles()
  if (!tiles) return null
  return (
    <g data-testid="map-tiles" pointerEvents="none">
      {tilesFor(frame, tiles.url).map((t) => (
        <image key={t.href} href={t.href} x={t.x} y={t.y} width={t.width} height={t.height} preserveAspectRatio="none" />
      ))}
    </g>
  )
}

/** Drawn last, so the credit sits above the areas in the bottom-right corner (a white halo keeps it legible). */
export function MapAttribution({ frame }: { frame: Frame }) {
  const tiles = useMapTiles()
  if (!tiles?.attribution) return null
  return (
    <text
      x={frame.width - 3}
      y={frame.height - 4}
      fontSize={9}
      textAnchor="end"
      fill="#1f1f1f"
      stroke="#ffffff"
      strokeWidth={3}
      paintOrder="stroke"
      pointerEvents="none"
      data-testid="map-attribution"
    >
      {tiles.attribution}
    </text>
  )
}

/** The point picked or reported, at `x, y` of the map's view box. */
export function MapPin({ x, y, testId }: { x: number; y: number; testId?: string }) {
  return (
    <g transform={`translate(${x},${y})`} data-testid={testId} pointerEvents="none">
      <circle r={7} fill="#c62828" stroke="#fff" strokeWidth={2} />
      <circle r={2} fill="#fff" />
    </g>
  )
}

/**
 * The labels `placeLabels` placed, over the areas (clicks pass through to them): each text with a
 * halo in the map's colours, and where a label had to move, its leader back to the area as `leader` draws it.
 */
export function MapLabels({
  labels,
  fontSize,
  fontWeight,
  fill,
  halo,
  haloWidth,
  leader,
}: {
  labels: PlacedLabel[]
  fontSize: number
  fontWeight?: number
  fill: string
  halo: string
  haloWidth: number
  leader(label: PlacedLabel): ReactNode
}) {
  return (
    <g pointerEvents="none">
      {labels.map((l) => (l.moved ? <Fragment key={`leader-${l.key}`}>{leader(l)}</Fragment> : null))}
      {labels.map((l) => (
        <text
          key={l.key}
          x={l.lx}
          y={l.ly}
          fontSize={fontSize}
          fontWeight={fontWeight}
          textAnchor="middle"
          dominantBaseline="central"
          fill={fill}
          stroke={halo}
          strokeWidth={haloWidth}
          paintOrder="stroke"
          data-testid="map-label"
        >
          {l.text}
        </text>
      ))}
    </g>
  )
}
