/** Outlines made in the test: a square's coordinates, as a Polygon's (one closed outer ring, [lng, lat] points). */
export const square = (x: number, y: number, d: number) => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
]
