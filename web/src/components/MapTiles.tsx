/** The tile server's map under an SVG map's areas, with the provider's credit; nothing without one. */
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
