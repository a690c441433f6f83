/** What the SVG maps share: the tile server's map under the areas with the provider's credit (nothing without one), and the pin. */
import { type Frame, tilesFor } from '../lib/map.ts'
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
