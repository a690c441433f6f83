import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { generateCityChain } from './city-chain.ts'

describe('command chain', () => {
  const chain = generateCityChain()

  it('is the city, 8 districts, 114 streets and 1,164 communities, nothing else', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((level) => chain.units.filter((u) => u.kind === 'center' && u.level === level).length),
      [1, 8, 114, 1164],
    )
    assert.equal(chain.units.length, 1 + 8 + 114 + 1164)
  })

  it('plans 3–5 grids for every community and for nothing else', () => {
    const communities = chain.units.filter((u) => u.level === 4)
    assert.deepEqual(
      [...chain.plannedGrids.keys()],
      communities.map((c) => c.id),
    )
    for (const n of chain.plannedGrids.values()) assert.ok(n >= 3 && n <= 5, String(n))
  })

  it('is deterministic', () => {
    assert.deepEqual(generateCityChain(), chain)
  })
})
