/** Demo grids: each community cut into the equal grids the chain sized it for, named 第N网格. */
import { pad, rectGeometry, rectOf, rectSeat, sliceRect } from '../../modules/orgs/layout.ts'
import type { DemoUnits } from './city.ts'

export function addGrids({ communities, plannedGrids, add }: DemoUnits) {
  for (const community of communities) {
    const count = plannedGrids.get(community.id) ?? 0
    const rects = sliceRect(
      rectOf(community.geometry!),
      Array.from({ length: count }, () => 1),
    )
    rects.forEach((rect, gi) => {
      add({
        code: community.code + pad(gi + 1, 3),
        name: `${community.name}第${gi + 1}网格`,
        kind: 'grid',
        level: 5,
        parentId: community.id,
        geometry: rectGeometry(rect),
        seat: rectSeat(rect),
      })
    })
  }
}
