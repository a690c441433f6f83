/**
 * Lanzhou (兰州市), the city Xiaolan seeds when no other city was imported: the statistics bureau's
 * official chain of its 8 districts/counties, 112 streets/townships and 1,089 villages/communities,
 * with the districts' real outlines and a schematic partition below them (server/data/lanzhou and
 * its README: sources, licences, what is schematic). It is read through `parseDivisions`, the same
 * path as `xiaolan import-divisions`, so the demo city is an imported city like any other.
 */
import { readFileSync } from 'node:fs'
import type { OrgSeed } from './city-chain.ts'
import { parseDivisions } from './divisions.ts'
import type { MultiPolygon, Polygon } from './layout.ts'

/** The committed data, read at seeding time (outside src/, so the build leaves it where it is). */
export const LANZHOU_DATA = new URL('../../../data/lanzhou/', import.meta.url)

const read = (file: string) => readFileSync(new URL(file, LANZHOU_DATA), 'utf8')

/** The command chain: ids 1..1,210, every parent before its children. */
export function lanzhouChain(): OrgSeed[] {
  const parsed = parseDivisions(read('divisions.csv'), read('boundaries.geojson'))
  if ('errors' in parsed) {
    const [first] = parsed.errors
    throw new Error(`server/data/lanzhou is not a valid chain: line ${first.line}, ${first.field}: ${first.message}`)
  }
  return parsed.units
}

/** The demo city's grids as the data lay them out: code (the community's and 3 digits), the community's code, area. */
export interface GridData {
  code: string
  community: string
  geometry: Polygon | MultiPolygon
}

export function lanzhouGrids(): GridData[] {
  const collection = JSON.parse(read('grids.geojson')) as {
    features: Array<{ properties: { code: string; community: string }; geometry: Polygon | MultiPolygon }>
  }
  return collection.features.map(({ properties, geometry }) => ({ ...properties, geometry }))
}
