// polylabel ships no types: the pole of inaccessibility of a polygon's rings ([x, y] positions),
// found to within `precision` (in the coordinates' units), with its distance to the nearest edge.
declare module 'polylabel' {
  export default function polylabel(polygon: number[][][], precision?: number, debug?: boolean): [number, number] & { distance: number }
}
