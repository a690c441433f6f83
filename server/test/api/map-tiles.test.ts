/** The deployment's map tiles: off unless configured, a malformed template stops the start. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadConfig } from '../../src/config.ts'
import { build } from '../helper.ts'

const TILES = 'https://tiles.example.cn/{z}/{x}/{y}.png'

test('the maps draw the areas alone unless a tile server is configured', async (t) => {
  const h = await build(t)
  assert.deepEqual((await h.anonymous.get('/api/v1/map')).body, { tiles: null })
})

test('a configured tile server and its credit reach every map, signed in or not', async (t) => {
  const h = await build(t, { env: { MAP_TILE_URL: TILES, MAP_TILE_ATTRIBUTION: '© 示例地图' } })
  assert.deepEqual((await h.anonymous.get('/api/v1/map')).body, { tiles: { url: TILES, attribution: '© 示例地图' } })
})

test('a tile URL without {z}, {x} and {y}, or not over HTTP, is refused at start with the variable named', () => {
  for (const url of ['https://tiles.example.cn/{z}/{x}.png', 'ftp://tiles.example.cn/{z}/{x}/{y}.png', 'tiles/{z}/{x}/{y}.png']) {
    assert.throws(() => loadConfig({ MAP_TILE_URL: url }), /MAP_TILE_URL/, url)
  }
  assert.equal(loadConfig({ MAP_TILE_URL: 'http://10.0.0.5/tiles/{z}/{y}/{x}.png' }).MAP_TILE_URL, 'http://10.0.0.5/tiles/{z}/{y}/{x}.png')
})
