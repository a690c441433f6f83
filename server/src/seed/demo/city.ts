/**
 * The demo city: Lanzhou's command chain (orgs/lanzhou.ts) and, after it, the units a real city
 * would enter itself — departments, mediation organisations, local forces and grids.
 * The chain keeps its ids (1..1,210) with or without the demo; the demo's units follow.
 */
import { type OrgSeed, unitAppender } from '../../modules/orgs/city-chain.ts'
import { lanzhouChain } from '../../modules/orgs/lanzhou.ts'
import { mulberry32 } from '../../modules/orgs/layout.ts'
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
  add: ReturnType<typeof unitAppender>
  /** the demo's random stream: each generator draws from it after the one before */
  rnd: () => number
  pick: <T>(list: readonly T[]) => T
}

export function generateDemoCity(): OrgSeed[] {
  const rnd = mulberry32(0x5a1a_2026)
  const chain = lanzhouChain()
  const units = [...chain]
  const level = (n: number) => chain.filter((u) => u.level === n)
  const demo: DemoUnits = {
    city: level(1)[0],
    districts: level(2),
    streets: level(3),
    communities: level(4),
    add: unitAppender(units),
    rnd,
    pick: (list) => list[Math.floor(rnd() * list.length)],
  }
  for (const addUnits of [addDepartments, addMediation, addForces, addGrids]) addUnits(demo)
  return units
}
