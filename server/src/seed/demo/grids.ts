/**
 * Demo grids: each community cut into 3–5 grids named 第N网格, as server/data/lanzhou/grids.geojson
 * lays them out (a schematic partition that tiles the community, like the levels above it).
 */
import { seatOf } from '../../modules/orgs/divisions.ts'
import { lanzhouGrids } from '../../modules/orgs/lanzhou.ts'
import type { DemoUnits } from './city.ts'

export function addGrids({ communities, add }: DemoUnits) {
  const communityOf = new Map(communities.map((c) => [c.code, c]))
  for (const grid of lanzhouGrids()) {
    const community = communityOf.get(grid.community)
    if (!community) throw new Error(`grid ${grid.code}: no community ${grid.community}`)
    const seat = seatOf(grid.geometry)
    if (!seat) throw new Error(`grid ${grid.code}: no point inside its area`)
    add({
      code: grid.code,
      name: `${community.name}第${Number(grid.code.slice(-3))}网格`,
      kind: 'grid',
      level: 5,
      parentId: community.id,
      geometry: grid.geometry,
      seat,
    })
  }
}
