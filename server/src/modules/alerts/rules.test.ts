import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { mulberry32 } from '../orgs/layout.ts'
import {
  addDays,
  clusters,
  type DailyCount,
  hotspots,
  type PointEvent,
  poissonUpperTail,
  type ReporterEvent,
  repeatReporters,
  surges,
} from './rules.ts'

/** a seeded generator, so the datasets are the same on every run */
const rng = mulberry32
function poisson(r: () => number, lambda: number) {
  let k = 0
  let p = Math.exp(-lambda)
  let s = p
  const u = r()
  while (u > s) {
    k++
    p *= lambda / k
    s += p
  }
  return k
}

const CATEGORIES = ['sanitation', 'municipal', 'environment', 'property', 'transport', 'market', 'utilities', 'safety']
// Lanzhou's centre; 0.0009° latitude ≈ 100 m, 0.0011° longitude ≈ 100 m at 36°N
const LAT = 36.06
const LNG = 103.83
const M_LAT = 0.0009 / 100
const M_LNG = 0.0011 / 100
const NOW = new Date('2026-11-30T12:00:00Z')

/** n events spread evenly over 20 km × 20 km, 8 categories, 7 days */
function flat(n: number, seed: number): PointEvent[] {
  const r = rng(seed)
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    category: CATEGORIES[Math.floor(r() * CATEGORIES.length)],
    lat: LAT + (r() - 0.5) * 20_000 * M_LAT,
    lng: LNG + (r() - 0.5) * 20_000 * M_LNG,
    districtId: 1 + Math.floor(r() * 5),
    createdAt: new Date(NOW.getTime() - r() * 7 * 86_400_000),
  }))
}

/** k events of one category within `spread` metres of (dx, dy) metres from the centre */
function cluster(start: number, k: number, category: string, dx: number, dy: number, spread: number, seed: number): PointEvent[] {
  const r = rng(seed)
  return Array.from({ length: k }, (_, i) => ({
    id: start + i,
    category,
    lat: LAT + (dy + (r() - 0.5) * spread) * M_LAT,
    lng: LNG + (dx + (r() - 0.5) * spread) * M_LNG,
    districtId: 3,
    createdAt: new Date(NOW.getTime() - r() * 3 * 86_400_000),
  }))
}

const HOT = { minEvents: 5, radiusMeters: 300, days: 7 }

describe('hotspot rule', () => {
  const base = flat(3000, 7)
  const injected = [
    cluster(10_001, 7, 'sanitation', 2000, 1500, 200, 1),
    cluster(10_101, 6, 'municipal', -4000, 3000, 250, 2),
    cluster(10_201, 5, 'environment', 6000, -6000, 150, 3),
    cluster(10_301, 9, 'sanitation', -7000, -2000, 300, 4),
  ]

  test('a flat baseline of 3000 events raises no hotspot', () => {
    assert.deepEqual(hotspots(base, HOT), [])
  })

  test('every injected hotspot is found, with its events as evidence', () => {
    const found = hotspots([...base, ...injected.flat()], HOT)
    assert.equal(found.length, injected.length)
    for (const c of injected) {
      const f = found.find((x) => x.category === c[0].category && c.every((e) => x.eventIds.includes(e.id)))
      assert.ok(f, `cluster ${c[0].id} of ${c[0].category} found`)
      assert.ok(f.eventIds.length >= c.length && f.eventIds.length <= c.length + 1)
      assert.equal(f.districtId, 3)
    }
  })

  test('a persisting hotspot keeps its key as it grows (so the scan updates its one open alert)', () => {
    const c = cluster(1, 5, 'sanitation', 0, 0, 200, 9)
    const before = hotspots(c, HOT)
    const after = hotspots([...c, ...cluster(100, 3, 'sanitation', 0, 0, 200, 10)], HOT)
    assert.equal(before.length, 1)
    assert.equal(after.length, 1)
    assert.equal(after[0].key, before[0].key)
    assert.ok(after[0].score > before[0].score)
    assert.equal(after[0].eventIds.length, 8)
  })

  test('four events are not a hotspot; five of two categories are not either', () => {
    assert.deepEqual(hotspots(cluster(1, 4, 'sanitation', 0, 0, 100, 5), HOT), [])
    const mixed = cluster(1, 5, 'sanitation', 0, 0, 100, 6).map((e, i) => (i < 2 ? { ...e, category: 'municipal' } : e))
    assert.deepEqual(hotspots(mixed, HOT), [])
  })
})

/**
 * The clustering as it was before the heap (one pass over every event per cluster found), kept as
 * the reference: the heap must pick the same seeds in the same order, with the same members.
 */
function clustersByPasses<T extends { id: number; lat: number; lng: number }>(rows: T[], radius: number, min: number): T[][] {
  if (rows.length < min) return []
  const lat0 = rows.reduce((s, r) => s + r.lat, 0) / rows.length
  const xyOf = (r: T): [number, number] => [
    ((r.lng * Math.PI) / 180) * 6_371_000 * Math.cos((lat0 * Math.PI) / 180),
    ((r.lat * Math.PI) / 180) * 6_371_000,
  ]
  const pts = rows.map((r) => ({ r, xy: xyOf(r), used: false }))
  const cells = new Map<string, typeof pts>()
  const cellOf = ([x, y]: [number, number]) => [Math.floor(x / radius), Math.floor(y / radius)]
  for (const p of pts) {
    const [cx, cy] = cellOf(p.xy)
    cells.set(`${cx},${cy}`, [...(cells.get(`${cx},${cy}`) ?? []), p])
  }
  const near = (p: (typeof pts)[number]) => {
    const [cx, cy] = cellOf(p.xy)
    const out: typeof pts = []
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const q of cells.get(`${cx + dx},${cy + dy}`) ?? [])
          if (!q.used && Math.hypot(q.xy[0] - p.xy[0], q.xy[1] - p.xy[1]) <= radius) out.push(q)
    return out
  }
  const found: T[][] = []
  for (;;) {
    let best: typeof pts = []
    for (const p of pts) {
      if (p.used) continue
      const n = near(p)
      if (n.length > best.length) best = n
    }
    if (best.length < min) break
    for (const q of best) q.used = true
    found.push(best.map((q) => q.r))
  }
  return found
}

describe('hotspot clustering', () => {
  test('the heap finds what one pass per cluster finds: same clusters, same order, same members (dense and sparse windows)', () => {
    const sets = [
      flat(1500, 7),
      // a busy city: 1500 events of one category over 5.6 km × 5.6 km, a hundred clusters side by side
      flat(1500, 21).map((e) => ({ ...e, lat: LAT + (e.lat - LAT) * 0.28, lng: LNG + (e.lng - LNG) * 0.28 })),
      // points on a 100 m lattice: equal counts everywhere, so the order of ties decides
      Array.from({ length: 900 }, (_, i) => ({
        id: i + 1,
        lat: LAT + Math.floor(i / 30) * 100 * M_LAT,
        lng: LNG + (i % 30) * 100 * M_LNG,
      })),
      [...flat(500, 3), ...cluster(5000, 40, 'sanitation', 0, 0, 300, 4), ...cluster(6000, 12, 'sanitation', 250, 0, 100, 5)],
    ]
    for (const [k, rows] of sets.entries()) {
      for (const [radius, min] of [
        [300, 5],
        [150, 3],
        [500, 8],
      ]) {
        const ids = (cs: Array<Array<{ id: number }>>) => cs.map((c) => c.map((e) => e.id))
        const expected = ids(clustersByPasses(rows, radius, min))
        assert.deepEqual(ids(clusters(rows, radius, min)), expected, `set ${k}, ${radius} m, ${min}`)
        if (k === 1 && radius === 300) assert.ok(expected.length > 50, `set 1 has many clusters (${expected.length})`)
      }
    }
  })
})

const SURGE = { baselineDays: 28, minCount: 8, pValue: 0.001 }
const TODAY = '2026-11-30'
/** 6 districts × 8 categories × 29 days, Poisson counts with a weekday effect (Mondays busier) */
function dailyFlat(seed: number): DailyCount[] {
  const r = rng(seed)
  const out: DailyCount[] = []
  for (let d = 1; d <= 6; d++)
    for (const category of CATEGORIES)
      for (let i = 28; i >= 0; i--) {
        const day = addDays(TODAY, -i)
        const monday = new Date(`${day}T00:00:00Z`).getUTCDay() === 1
        out.push({ districtId: d, category, day, count: poisson(r, (2 + d) * (monday ? 2 : 1)) })
      }
  return out
}

describe('surge rule', () => {
  test('a flat baseline with its weekday rhythm raises no surge (today is a busy Monday)', () => {
    assert.equal(new Date(`${TODAY}T00:00:00Z`).getUTCDay(), 1)
    assert.deepEqual(surges(dailyFlat(11), TODAY, SURGE), [])
  })

  test('every injected surge is found', () => {
    const counts = dailyFlat(11).map((c) =>
      c.day === TODAY && ((c.districtId === 2 && c.category === 'sanitation') || (c.districtId === 5 && c.category === 'utilities'))
        ? { ...c, count: c.count * 3 + 10 }
        : c,
    )
    const found = surges(counts, TODAY, SURGE)
    assert.deepEqual(found.map((f) => `${f.districtId}:${f.category}`).sort(), ['2:sanitation', '5:utilities'])
    for (const f of found) assert.ok(f.observed > f.expected * 2)
  })

  test('below the minimum count there is no surge, however quiet the baseline', () => {
    const counts: DailyCount[] = [{ districtId: 1, category: 'safety', day: TODAY, count: 5 }]
    assert.deepEqual(surges(counts, TODAY, SURGE), [])
    assert.equal(surges([{ ...counts[0], count: 9 }], TODAY, SURGE).length, 1)
  })

  test('the Poisson upper tail', () => {
    assert.equal(poissonUpperTail(0, 3), 1)
    assert.ok(Math.abs(poissonUpperTail(1, 2) - (1 - Math.exp(-2))) < 1e-12)
    assert.ok(poissonUpperTail(20, 5) < 1e-6)
  })
})

describe('repeat reporter rule', () => {
  const at = (id: number, key: string, dx: number): ReporterEvent => ({
    id,
    reporterKey: key,
    category: 'property',
    lat: LAT,
    lng: LNG + dx * M_LNG,
    districtId: 2,
    createdAt: NOW,
  })
  test('the same reporter three times within 500 m, same category, is one finding', () => {
    const found = repeatReporters([at(1, 'r:7', 0), at(2, 'r:7', 200), at(3, 'r:7', 400), at(4, 'r:8', 0)], {
      minEvents: 3,
      days: 30,
      radiusMeters: 500,
    })
    assert.equal(found.length, 1)
    assert.deepEqual(found[0].eventIds, [1, 2, 3])
  })
  test('spread over 3 km or two reporters: none', () => {
    const p = { minEvents: 3, days: 30, radiusMeters: 500 }
    assert.deepEqual(repeatReporters([at(1, 'r:7', 0), at(2, 'r:7', 1500), at(3, 'r:7', 3000)], p), [])
    assert.deepEqual(repeatReporters([at(1, 'r:7', 0), at(2, 'r:7', 10), at(3, 'r:8', 20)], p), [])
  })
})
