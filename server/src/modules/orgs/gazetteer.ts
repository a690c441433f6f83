/**
 * The gazetteer's search: a caller's words ("幸福里小区3号楼") to the places they may mean and the
 * communities those lie in. In memory — a few thousand names in their normal form (place-names.ts),
 * indexed by character so that a search compares the normalised query only with the names that hold
 * its first character or begin with one of its characters: tens of µs on the whole city (bench/places.ts).
 *
 * What is searched: every place of the gazetteer (its name and aliases) and every active community
 * by its own name and by that name's core (幸福里社区, 幸福里), so a deployment with no places at all
 * still finds its communities. A query may start with the names of the city, a district or a street
 * (安宁区刘家堡街道幸福里小区): they are cut off and keep only the matches inside that area.
 *
 * Ranking: exact (the whole name) before prefix (the name starts with the query — typing in progress
 * — or the query with the name — 幸福里小区东单元) before contains (the query inside the name, or a
 * name of at least 3 characters inside the query); then the name closest in length to the query,
 * then compounds, villages, communities, roads, landmarks; one match per place, and a community's own
 * entry only when none of its places matched as well.
 */
import type { PlaceKind, PlaceMatch, PlaceMatchKind, PlaceRank } from '@xiaolan/contracts'
import type { OrgDirectory, OrgUnit } from './directory.ts'
import { normalisePlaceName, normalisePlaceQuery } from './place-names.ts'

/** A place as the gazetteer holds it (a row of `places`). */
export interface GazetteerPlace {
  communityId: number
  name: string
  kind: PlaceKind
  aliases: string[]
  lat: number
  lng: number
}

export interface Gazetteer {
  /** The matches for a caller's words, best first; `searched` is the query as compared (empty: nothing to search). */
  search(query: string, limit?: number, keep?: (community: OrgUnit) => boolean): { searched: string; items: PlaceMatch[] }
}

interface Entry {
  name: string
  kind: PlaceMatchKind
  communityId: number
  point: { lat: number; lng: number } | null
  /** position in the index: the tie-break, so equal matches come in a stable order */
  order: number
}

interface Key {
  key: string
  /** the name or alias as written */
  written: string
  entry: Entry
}

const KIND_ORDER: Record<PlaceMatchKind, number> = { compound: 0, village: 1, community: 2, road: 3, landmark: 4 }
const RANKS: readonly PlaceRank[] = ['exact', 'prefix', 'contains']

/** What may follow a short name in a query for the name to count as said whole: 幸福 + 小区, not 幸福 + 里小区. */
const SAID_WHOLE = /^(?:小区|社区|村|路|街|巷)/

/**
 * How `key` fits `query` (both normalised): 0 exact, 1 prefix, 2 contains, -1 not at all. A name found at
 * the start of a longer query counts when it has 3 characters or more, or when a place word follows it.
 */
export function fit(key: string, query: string): number {
  if (key === query) return 0
  if (key.startsWith(query)) return 1
  if (query.startsWith(key) && (key.length >= 3 || (key.length === 2 && SAID_WHOLE.test(query.slice(2))))) return 1
  if ((query.length >= 2 && key.includes(query)) || (key.length >= 3 && query.includes(key))) return 2
  return -1
}

/** A community's own name and its core (幸福里社区 → 幸福里; 张家湾村 → 张家湾). */
function communityNames(name: string): string[] {
  const core = name.replace(/(?:社区|(?<!新)村)$/, '')
  return core !== name && core.length >= 2 ? [name, core] : [name]
}

export function buildGazetteer(places: readonly GazetteerPlace[], orgs: OrgDirectory): Gazetteer {
  const keys: Key[] = []
  const add = (entry: Entry, names: readonly string[]) => {
    const seen = new Set<string>()
    for (const written of names) {
      const key = normalisePlaceName(written)
      if (!key || seen.has(key)) continue
      seen.add(key)
      keys.push({ key, written, entry })
    }
  }
  let order = 0
  for (const p of places) {
    add({ name: p.name, kind: p.kind, communityId: p.communityId, point: { lat: p.lat, lng: p.lng }, order: order++ }, [
      p.name,
      ...p.aliases,
    ])
  }
  const areas: Array<{ key: string; unit: OrgUnit }> = []
  for (const u of orgs.all()) {
    if (u.kind !== 'center') continue
    if (u.level === 4) add({ name: u.name, kind: 'community', communityId: u.id, point: u.seat, order: order++ }, communityNames(u.name))
    else if (u.active) areas.push({ key: normalisePlaceName(u.name), unit: u })
  }
  // A name can fit a query only if it holds the query's first character (the query in the name) or
  // begins with one of the query's characters (the name in the query): the candidates of a search.
  const holding = new Map<string, Key[]>()
  const beginning = new Map<string, Key[]>()
  const file = (index: Map<string, Key[]>, char: string, k: Key) => {
    const list = index.get(char)
    if (list) list.push(k)
    else index.set(char, [k])
  }
  for (const k of keys) {
    for (const char of new Set(k.key)) file(holding, char, k)
    file(beginning, firstChar(k.key), k)
  }
  const candidates = (query: string): Set<Key> => {
    const out = new Set<Key>(holding.get(firstChar(query)))
    for (const char of new Set(query)) for (const k of beginning.get(char) ?? []) out.add(k)
    return out
  }

  // the longest names first, so that a longer area name is cut whole rather than a shorter one it begins with
  areas.sort((a, b) => b.key.length - a.key.length)

  /** the query without the area names it starts with (兰州市安宁区…), and the deepest of those areas */
  const cutAreas = (query: string): { rest: string; within: OrgUnit | null } => {
    let rest = query.startsWith('甘肃省') ? query.slice(3) : query
    let within: OrgUnit | null = null
    for (let cut = areas.find((a) => rest.length > a.key.length && rest.startsWith(a.key)); cut; ) {
      rest = rest.slice(cut.key.length)
      if (!within || cut.unit.level > within.level) within = cut.unit
      cut = areas.find((a) => rest.length > a.key.length && rest.startsWith(a.key))
    }
    return { rest, within }
  }

  return {
    search(query, limit = 10, keep) {
      const { rest: searched, within } = cutAreas(normalisePlaceQuery(query))
      if (!searched) return { searched, items: [] }
      const best = new Map<Entry, { rank: number; key: Key }>()
      for (const k of candidates(searched)) {
        const rank = fit(k.key, searched)
        if (rank < 0) continue
        const had = best.get(k.entry)
        if (!had || rank < had.rank || (rank === had.rank && gap(k, searched) < gap(had.key, searched))) best.set(k.entry, { rank, key: k })
      }
      const found: Array<{ entry: Entry; rank: number; key: Key; community: OrgUnit }> = []
      for (const [entry, m] of best) {
        const community = orgs.unit(entry.communityId)
        if (!community?.active || (keep && !keep(community))) continue
        if (within && !community.path.includes(`.${within.code}.`) && !community.path.startsWith(`${within.code}.`)) continue
        found.push({ entry, ...m, community })
      }
      found.sort(
        (a, b) =>
          a.rank - b.rank ||
          gap(a.key, searched) - gap(b.key, searched) ||
          KIND_ORDER[a.entry.kind] - KIND_ORDER[b.entry.kind] ||
          a.entry.order - b.entry.order,
      )
      // a community's own entry says nothing more than one of its places matched as well or better
      const placed = new Map<number, number>()
      for (const f of found) if (f.entry.kind !== 'community' && !placed.has(f.community.id)) placed.set(f.community.id, f.rank)
      const items: PlaceMatch[] = []
      for (const f of found) {
        if (items.length >= limit) break
        if (f.entry.kind === 'community' && (placed.get(f.community.id) ?? 3) <= f.rank) continue
        const street = f.community.parentId === null ? undefined : orgs.unit(f.community.parentId)
        items.push({
          name: f.entry.name,
          kind: f.entry.kind,
          matched: f.key.written,
          rank: RANKS[f.rank],
          point: f.entry.point,
          community: orgs.ref(f.community.id) as PlaceMatch['community'],
          street: orgs.ref(street?.id),
          district: orgs.ref(street?.parentId),
        })
      }
      return { searched, items }
    },
  }
}

/** by code point, as `new Set(text)` reads a string */
const firstChar = (text: string) => String.fromCodePoint(text.codePointAt(0) as number)

const gap = (k: Key, query: string) => Math.abs(k.key.length - query.length)
