/**
 * The scan's rules as pure functions over the window's rows (read by events/alert-reads.ts and the
 * analytics rollups): each finding has a stable key, so a finding that persists from scan to scan
 * updates its one open alert (alerts_one_open) instead of raising another.
 */

export interface HotspotParams {
  minEvents: number
  radiusMeters: number
  days: number
}
export interface SurgeParams {
  baselineDays: number
  minCount: number
  pValue: number
}
export interface RepeatParams {
  minEvents: number
  days: number
  radiusMeters: number
}

export interface PointEvent {
  id: number
  category: string
  lat: number
  lng: number
  districtId: number
  createdAt: Date
}

export interface Finding {
  key: string
  category: string
  districtId: number
  lat: number | null
  lng: number | null
  score: number
  eventIds: number[]
}

const EARTH = 6_371_000
const RAD = Math.PI / 180

/** Metres on a local plane (equirectangular at the rows' latitude: exact enough within a city). */
function project(lat: number, lng: number, lat0: number): [number, number] {
  return [lng * RAD * EARTH * Math.cos(lat0 * RAD), lat * RAD * EARTH]
}

/**
 * Greedy grid clustering: events bucketed in cells of the radius; the event with most neighbours
 * within the radius (3×3 cells) seeds a cluster of them if they are at least `min` (of equal counts,
 * the first in `rows`), its members leave, and so on. Each event's count of neighbours is kept as
 * members leave (only the neighbours of a member lose one) and the next seed comes off a max-heap,
 * so the cost is ~ n × (neighbours per cell) however many clusters there are — not a pass over all
 * the events per cluster (a city-wide window at 10 M events has thousands).
 */
export function clusters<T extends { id: number; lat: number; lng: number }>(rows: T[], radius: number, min: number): T[][] {
  if (rows.length < min) return []
  const lat0 = rows.reduce((s, r) => s + r.lat, 0) / rows.length
  const pts = rows.map((r, i) => ({ r, i, xy: project(r.lat, r.lng, lat0), used: false }))
  const cells = new Map<string, typeof pts>()
  const cellOf = ([x, y]: [number, number]) => [Math.floor(x / radius), Math.floor(y / radius)]
  for (const p of pts) {
    const [cx, cy] = cellOf(p.xy)
    const k = `${cx},${cy}`
    const list = cells.get(k)
    if (list) list.push(p)
    else cells.set(k, [p])
  }
  /** The unused events within the radius of p (p itself included while unused), cell by cell. */
  const near = (p: (typeof pts)[number]) => {
    const [cx, cy] = cellOf(p.xy)
    const out: typeof pts = []
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const q of cells.get(`${cx + dx},${cy + dy}`) ?? [])
          if (!q.used && Math.hypot(q.xy[0] - p.xy[0], q.xy[1] - p.xy[1]) <= radius) out.push(q)
    return out
  }
  const count = pts.map((p) => near(p).length)
  // the heap's entries: count × 2^25 + (2^25 − 1 − index), so the largest is the most neighbours,
  // then the first in `rows`; an entry whose count is stale (its event lost neighbours since, or left) is skipped
  const SHIFT = 2 ** 25
  if (pts.length >= SHIFT) throw new Error('clusters: too many events in one category')
  const heap = new MaxHeap(pts.map((p) => count[p.i] * SHIFT + (SHIFT - 1 - p.i)))
  const found: T[][] = []
  for (;;) {
    let seed: (typeof pts)[number] | undefined
    while (heap.size > 0) {
      const top = heap.pop()
      const i = SHIFT - 1 - (top % SHIFT)
      if (!pts[i].used && Math.floor(top / SHIFT) === count[i]) {
        seed = pts[i]
        break
      }
    }
    if (!seed || count[seed.i] < min) break
    const best = near(seed)
    for (const q of best) q.used = true
    const touched = new Set<number>()
    for (const q of best) {
      for (const o of near(q)) {
        count[o.i]--
        touched.add(o.i)
      }
    }
    for (const i of touched) heap.push(count[i] * SHIFT + (SHIFT - 1 - i))
    found.push(best.map((q) => q.r))
  }
  return found
}

/** A binary max-heap of numbers. */
class MaxHeap {
  private readonly a: number[]
  constructor(items: number[]) {
    this.a = items
    for (let i = (this.a.length >> 1) - 1; i >= 0; i--) this.down(i)
  }
  get size() {
    return this.a.length
  }
  push(v: number) {
    const a = this.a
    let i = a.push(v) - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (a[parent] >= v) break
      a[i] = a[parent]
      i = parent
    }
    a[i] = v
  }
  pop(): number {
    const a = this.a
    const top = a[0]
    const last = a.pop() as number
    if (a.length > 0) {
      a[0] = last
      this.down(0)
    }
    return top
  }
  private down(i: number) {
    const a = this.a
    const v = a[i]
    for (;;) {
      let c = 2 * i + 1
      if (c >= a.length) break
      if (c + 1 < a.length && a[c + 1] > a[c]) c++
      if (a[c] <= v) break
      a[i] = a[c]
      i = c
    }
    a[i] = v
  }
}

/** Hotspots: ≥ minEvents of one top-level category within radiusMeters (the window is the read's). */
export function hotspots(rows: PointEvent[], p: HotspotParams): Finding[] {
  const byCategory = groupBy(rows, (r) => r.category)
  const out: Finding[] = []
  for (const [category, list] of byCategory) {
    for (const c of clusters(list, p.radiusMeters, p.minEvents)) {
      const lat = c.reduce((s, r) => s + r.lat, 0) / c.length
      const lng = c.reduce((s, r) => s + r.lng, 0) / c.length
      // the key's cell is twice the radius wide, so a cluster that grows keeps its key
      const [x, y] = project(lat, lng, 36)
      const cell = `${Math.floor(x / (2 * p.radiusMeters))}:${Math.floor(y / (2 * p.radiusMeters))}`
      out.push({
        key: `hotspot:${category}:${cell}`,
        category,
        districtId: mode(c.map((r) => r.districtId)),
        lat,
        lng,
        score: c.length / p.minEvents,
        eventIds: c.map((r) => r.id).sort((a, b) => a - b),
      })
    }
  }
  return out
}

export interface DailyCount {
  districtId: number
  category: string
  /** China day, YYYY-MM-DD */
  day: string
  count: number
}

/**
 * Surges: today's district × top-level-category count far above its own baseline — the mean of the
 * previous `baselineDays` scaled by the weekday's share (smoothed toward 1), judged by the Poisson
 * upper tail P(X ≥ today | λ) < pValue, and at least minCount.
 */
export function surges(counts: DailyCount[], today: string, p: SurgeParams): Array<Finding & { expected: number; observed: number }> {
  const out: Array<Finding & { expected: number; observed: number }> = []
  const groups = groupBy(counts, (c) => `${c.districtId}|${c.category}`)
  const dow = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay()
  const first = addDays(today, -p.baselineDays)
  for (const [, list] of groups) {
    const observed = list.filter((c) => c.day === today).reduce((s, c) => s + c.count, 0)
    if (observed < p.minCount) continue
    const base = list.filter((c) => c.day >= first && c.day < today)
    const total = base.reduce((s, c) => s + c.count, 0)
    const mean = total / p.baselineDays
    const sameDay = base.filter((c) => dow(c.day) === dow(today)).reduce((s, c) => s + c.count, 0)
    const weeks = p.baselineDays / 7
    // weekday factor, shrunk toward 1 by a prior of one week's mean
    const factor = total > 0 ? (sameDay + mean) / ((weeks + 1) * mean) : 1
    const expected = Math.max(mean * factor, 0.5)
    const tail = poissonUpperTail(observed, expected)
    if (tail >= p.pValue) continue
    const { districtId, category } = list[0]
    out.push({
      key: `surge:${districtId}:${category}:${today}`,
      category,
      districtId,
      lat: null,
      lng: null,
      score: observed / expected,
      eventIds: [],
      expected,
      observed,
    })
  }
  return out
}

/** P(X ≥ k) for X ~ Poisson(λ), summed in log space (stable for large k). */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1
  let term = Math.exp(-lambda)
  let below = term
  for (let i = 1; i < k; i++) {
    term *= lambda / i
    below += term
  }
  return Math.max(0, 1 - below)
}

export interface ReporterEvent extends PointEvent {
  /** the resident's id or the phone's keyed hash: never the phone itself */
  reporterKey: string
}

/** Repeat reporters: the same reporter ≥ minEvents in the window, same category, within radiusMeters. */
export function repeatReporters(rows: ReporterEvent[], p: RepeatParams): Finding[] {
  const out: Finding[] = []
  for (const list of groupBy(rows, (r) => `${r.reporterKey}|${r.category}`).values()) {
    for (const c of clusters(list, p.radiusMeters, p.minEvents)) {
      // keyed by its first event, not the reporter: a phone's hash is keyed per process (alert-reads.ts)
      out.push({
        key: `repeat:${c[0].category}:${Math.min(...c.map((r) => r.id))}`,
        category: c[0].category,
        districtId: mode(c.map((r) => r.districtId)),
        lat: c.reduce((s, r) => s + r.lat, 0) / c.length,
        lng: c.reduce((s, r) => s + r.lng, 0) / c.length,
        score: c.length / p.minEvents,
        eventIds: c.map((r) => r.id).sort((a, b) => a - b),
      })
    }
  }
  return out
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>()
  for (const r of rows) {
    const k = key(r)
    const list = m.get(k)
    if (list) list.push(r)
    else m.set(k, [r])
  }
  return m
}

function mode(xs: number[]): number {
  const n = new Map<number, number>()
  for (const x of xs) n.set(x, (n.get(x) ?? 0) + 1)
  return [...n].sort((a, b) => b[1] - a[1])[0][0]
}
