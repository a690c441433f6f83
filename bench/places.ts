/**
 * Benchmark of the gazetteer's search (`GET /orgs/places`' work) over the whole demo city.
 *
 *   node --import tsx bench/places.ts            # run and update bench/README.md
 *   node --import tsx bench/places.ts --no-write # run only
 *
 * The city is the demo seed's (its chain, the places its communities' names tell of and the
 * generated ones), built in memory as the server holds it. The queries are what callers say: a
 * place's name with a building, unit and room (幸福里小区3号楼2单元301室), its first two or three
 * characters (typing in progress), a district name before it, and words that match nothing — in a
 * seeded random order, timed one by one after a warm-up.
 */
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import type { OrgSeed } from '../server/src/modules/orgs/city-chain.ts'
import { chainDirectory } from '../server/src/modules/orgs/directory.ts'
import { buildGazetteer } from '../server/src/modules/orgs/gazetteer.ts'
import { namedPlaces } from '../server/src/modules/orgs/places.ts'
import { generateDemoCity } from '../server/src/seed/demo/city.ts'
import { demoPlaces } from '../server/src/seed/demo/places.ts'
import { seededRandom, writeReadmeSection } from './support.ts'

const N = 20_000
const random = seededRandom(14)
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]

let t = performance.now()
const units: OrgSeed[] = generateDemoCity()
const named = namedPlaces(units)
const places = [...named, ...demoPlaces(units, named)]
const seedMs = performance.now() - t
const orgs = chainDirectory(units)
t = performance.now()
const gazetteer = buildGazetteer(places, orgs)
gazetteer.search('幸福里') // the index is built lazily by nothing: this is the first search
const buildMs = performance.now() - t

const districts = units.filter((u) => u.kind === 'center' && u.level === 2).map((u) => u.name)
const kinds = [
  (name: string) => `${name}${1 + Math.floor(random() * 30)}号楼${1 + Math.floor(random() * 6)}单元${101 + Math.floor(random() * 1500)}室`,
  (name: string) => name.slice(0, 2 + Math.floor(random() * 2)),
  (name: string) => `${pick(districts)}${name}`,
  (name: string) => `${name}门口`,
  () => pick(['火星基地', 'qwertyuiop', '！！！', '3号楼2单元', '我也不知道在哪里']),
]
const queries = Array.from({ length: N }, (_, i) => kinds[i % kinds.length](pick(places).name))

for (const q of queries.slice(0, 2000)) gazetteer.search(q)
const times = new Float64Array(N)
let found = 0
for (let i = 0; i < N; i++) {
  const t0 = performance.now()
  const r = gazetteer.search(queries[i])
  times[i] = performance.now() - t0
  if (r.items.length) found++
}
times.sort()
const at = (p: number) => times[Math.min(N - 1, Math.floor(p * N))] * 1000
const total = times.reduce((a, b) => a + b, 0)

const communities = units.filter((u) => u.kind === 'center' && u.level === 4).length
const lines = [
  `${communities.toLocaleString('en')} communities, ${places.length.toLocaleString('en')} places (${named.length.toLocaleString('en')} from the communities' names); generated in ${seedMs.toFixed(0)} ms, index built in ${buildMs.toFixed(1)} ms`,
  `${N.toLocaleString('en')} queries (name + building/unit/room, first 2–3 characters, district + name, name + 门口, nothing), ${((found / N) * 100).toFixed(1)}% with a match`,
  `load average ${os.loadavg()[0].toFixed(1)} at the end (2 cores shared)`,
  `search: median ${at(0.5).toFixed(0)} µs, p95 ${at(0.95).toFixed(0)} µs, p99 ${at(0.99).toFixed(0)} µs, max ${at(1).toFixed(0)} µs; ${Math.round(N / (total / 1000)).toLocaleString('en')} searches/s on one core`,
]
for (const line of lines) console.log(line)

if (!process.argv.includes('--no-write')) {
  const cpu = os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU'
  const nproc = execFileSync('nproc').toString().trim()
  writeReadmeSection({
    title: '## Gazetteer search (bench/places.ts)',
    machine: `nproc ${nproc}, ${cpu}, ${os.platform()} ${os.arch()}`,
    command: 'node --import tsx bench/places.ts',
    results: lines,
    notes: [
      'In-process, one search at a time, the way `GET /orgs/places` runs it; the HTTP round trip around it',
      'costs more than the search. A search compares the normalised query only with the names that hold its',
      'first character or begin with one of its characters (a character index built with the gazetteer);',
      'the slowest searches are the shortest queries (two characters held by many names). The max and the',
      'searches/s include the stalls of a shared machine (see the load average); the median and p95 are the search.',
    ],
  })
}
