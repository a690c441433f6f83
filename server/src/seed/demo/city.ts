/**
 * The demo city: the command chain of orgs/city-chain.ts and, after it, the units a real city
 * would enter itself — departments, mediation organisations, local forces and grids.
 * The chain keeps its ids (1..1,287) with or without the demo; the demo's units follow.
 */
import { type CityChain, cityRandom, generateCityChain, type OrgSeed, unitAppender } from '../../modules/orgs/city-chain.ts'
import { addDepartments } from './departments.ts'
import { addForces } from './forces.ts'
import { addGrids } from './grids.ts'
import { addMediation } from './mediation.ts'

/** What each demo generator works from: the chain's centers by level, and where to add units. */
export interface DemoUnits {
  city: OrgSeed
  districts: OrgSeed[]
  streets: OrgSeed[]
  communities: OrgSeed[]
  plannedGrids: CityChain['plannedGrids']
  add: ReturnType<typeof unitAppender>
  /** the city's random stream, where the chain left it */
  rnd: () => number
  pick: <T>(list: readonly T[]) => T
}

export function generateDemoCity(): OrgSeed[] {
  const rnd = cityRandom()
  const chain = generateCityChain(rnd)
  const units = [...chain.units]
  const level = (n: number) => chain.units.filter((u) => u.level === n)
  const demo: DemoUnits = {
    city: level(1)[0],
    districts: level(2),
    streets: level(3),
    communities: level(4),
    plannedGrids: chain.plannedGrids,
    add: unitAppender(units),
    rnd,
    pick: (list) => list[Math.floor(rnd() * list.length)],
  }
  // in this order: each draws from the random stream after the one before
  for (const addUnits of [addDepartments, addMediation, addForces, addGrids]) addUnits(demo)
  return units
}
