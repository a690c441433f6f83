import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { square } from '../../../test/shapes.ts'
import { DIVISION_LIMITS, type DivisionError, parseDivisions } from './divisions.ts'
import { polygonContains } from './locator.ts'
import { spokenName } from './place-names.ts'

const HEADER = 'code,name,parent_code'
/** A small real chain (嘉峪关市, 2023 statistical codes) as the statistics bureau writes it. */
const ROWS = [
  '620200000000,嘉峪关市,',
  '620201000000,嘉峪关市,620200000000',
  '620201001000,雄关街道,620201000000',
  '620201001001,福民社区居委会,620201001000',
  '620201001002,胜利社区居民委员会,620201001000',
  '620201100000,新城镇,620201000000',
  '620201100200,野麻湾村村民委员会,620201100000',
]
const csvOf = (rows: readonly string[], header = HEADER) => `${[header, ...rows].join('\n')}\n`

function unitsOf(csv: string, boundaries?: string) {
  const result = parseDivisions(csv, boundaries)
  assert.ok('units' in result, JSON.stringify(result))
  return result.units
}
function errorsOf(csv: string, boundaries?: string): DivisionError[] {
  const result = parseDivisions(csv, boundaries)
  assert.ok('errors' in result, 'expected errors, got units')
  return result.errors
}
/** The one error of a file, as `line N, field: message` without the message. */
function onlyError(csv: string, boundaries?: string) {
  const errors = errorsOf(csv, boundaries)
  assert.equal(errors.length, 1, JSON.stringify(errors))
  return errors[0]
}
const at = (e: DivisionError) => [e.line, e.field]

const feature = (code: unknown, geometry: unknown) => ({ type: 'Feature', properties: { code }, geometry })
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features })
const polygon = (code: string, x = 98.2, y = 39.8, d = 0.01) => feature(code, { type: 'Polygon', coordinates: square(x, y, d) })

describe('parseDivisions: levels, codes and the tree', () => {
  const units = unitsOf(csvOf(ROWS))

  it('takes each level from its code and keeps the short form: 6 digits for city and district, 9 for a street, 12 for a community', () => {
    assert.deepEqual(
      units.map((u) => [u.code, u.level]),
      [
        ['620200', 1],
        ['620201', 2],
        ['620201001', 3],
        ['620201100', 3],
        ['620201001001', 4],
        ['620201001002', 4],
        ['620201100200', 4],
      ],
    )
  })

  it('numbers the centers 1..N, every parent before its children, each level in code order', () => {
    assert.deepEqual(
      units.map((u) => u.id),
      [1, 2, 3, 4, 5, 6, 7],
    )
    assert.ok(units.every((u) => u.kind === 'center'))
    const byId = new Map(units.map((u) => [u.id, u]))
    for (const u of units) {
      if (u.level === 1) assert.equal(u.parentId, null)
      else {
        const parent = byId.get(u.parentId as number)
        assert.ok(parent && parent.id < u.id && parent.level === u.level - 1 && u.code.startsWith(parent.code.replace(/00$/, '')), u.code)
      }
    }
    assert.equal(units.find((u) => u.code === '620201100200')?.parentId, units.find((u) => u.code === '620201100')?.id)
  })

  it('reads the short forms as the same codes, and gives the same units whatever the order of the rows', () => {
    const short = ROWS.map((r) => r.replace(/\b(\d{6})000000\b/g, '$1').replace(/\b(\d{9})000\b/g, '$1'))
    assert.notDeepEqual(short, ROWS)
    assert.deepEqual(unitsOf(csvOf(short)), units)
    assert.deepEqual(unitsOf(csvOf([...ROWS].reverse())), units)
  })

  it('is deterministic', () => {
    assert.deepEqual(unitsOf(csvOf(ROWS)), units)
  })

  it('reads any column order, extra columns, a BOM, CRLF, blank lines and RFC 4180 quoting', () => {
    const csv = [
      '\ufeffparent_code,level,name,code',
      ',city,嘉峪关市,620200',
      '620200,,"嘉峪关市",620201',
      '',
      '620201,x,"雄关""街道"",新",620201001',
      '620201001,"a,b","福民社区居委会",620201001001',
    ].join('\r\n')
    assert.deepEqual(
      unitsOf(csv).map((u) => u.name),
      ['嘉峪关市', '嘉峪关市', '雄关"街道",新', '福民社区'],
    )
  })
})

describe('spokenName: committees as people say them', () => {
  it('shortens 居委会 / 村委会 the way the names are used, and keeps anything else as written', () => {
    const cases: Array<[string, string]> = [
      ['幸福里社区居委会', '幸福里社区'],
      ['大北家园社区居民委员会', '大北家园社区'],
      ['桥头社区委会', '桥头社区'],
      ['楼梓庄村委会', '楼梓庄村'],
      ['三间房东村村委会', '三间房东村'],
      ['野麻湾村村民委员会', '野麻湾村'],
      ['六铺炕南小街居委会', '六铺炕南小街社区'],
      ['新兴里居民委员会', '新兴里社区'],
      ['福民社区', '福民社区'],
      ['刘家堡街道', '刘家堡街道'],
      ['甘肃农垦集团虚拟生活区', '甘肃农垦集团虚拟生活区'],
      ['滩尖子村社区', '滩尖子村社区'],
    ]
    assert.deepEqual(
      cases.map(([official]) => [official, spokenName(official)]),
      cases,
    )
  })

  it('stores the spoken names', () => {
    assert.deepEqual(
      unitsOf(csvOf(ROWS))
        .filter((u) => u.level === 4)
        .map((u) => u.name),
      ['福民社区', '胜利社区', '野麻湾村'],
    )
  })
})

describe('parseDivisions: every bad row is named by its line and field', () => {
  const withRow = (row: string) => csvOf([...ROWS, row])
  const LAST = ROWS.length + 2 // the line of the row added after ROWS

  it('a code that is missing, not 6/9/12 digits, a province or not a statistical code', () => {
    for (const [code, message] of [
      ['', /missing/],
      ['6202011', /not a 6-, 9- or 12-digit/],
      ['62020100100A', /not a 6-, 9- or 12-digit/],
      ['620000', /a province/],
      ['000201001001', /province digits are 00/],
      ['620001001001', /city digits/],
      ['620200001001', /district digits/],
      ['620201000001', /street digits/],
    ] as const) {
      const e = onlyError(withRow(`${code},某社区,620201001`))
      assert.deepEqual(at(e), [LAST, 'code'], code)
      assert.match(e.message, message, code)
    }
  })

  it('a code twice, also when written once long and once short', () => {
    const e = onlyError(withRow('620201001,雄关街道,620201'))
    assert.deepEqual(at(e), [LAST, 'code'])
    assert.equal(e.message, '620201001 is already on line 4')
  })

  it('a name that is empty, too long or holds a line break', () => {
    for (const name of ['', '   ', '长'.repeat(61), '"福民\n社区"', '福民\t社区']) {
      const e = onlyError(withRow(`620201001009,${name},620201001`))
      assert.deepEqual(at(e), [LAST, 'name'], name)
    }
    assert.equal(unitsOf(withRow(`620201001009,${'长'.repeat(60)},620201001`)).length, ROWS.length + 1)
  })

  it('a parent_code that is missing, malformed, not in the file or not the code’s own parent', () => {
    for (const [row, message] of [
      ['620201001009,某社区,', /missing: a community names its street, 620201001/],
      ['620201001009,某社区,62020', /not a 6-, 9- or 12-digit/],
      ['620201002009,某社区,620201002', /620201002 is not in the file/],
      ['620201001009,某社区,620201100', /620201100 is not the parent of 620201001009: a community's parent is its street, 620201001/],
      ['620201001009,某社区,620201', /not the parent/],
      ['620202,某区,620201', /a district's parent is its city, 620200/],
    ] as const) {
      const e = onlyError(withRow(row))
      assert.deepEqual(at(e), [LAST, 'parent_code'], row)
      assert.match(e.message, message, row)
    }
    // a row whose parent_code is no code is still a parent for its children
    assert.deepEqual(errorsOf(csvOf([...ROWS, '620201002,钢城街道,6202x', '620201002001,大众社区,620201002'])).map(at), [
      [LAST, 'parent_code'],
    ])
  })

  it('a city with a parent, a second city and no city', () => {
    assert.deepEqual(at(onlyError(csvOf(['620200,嘉峪关市,620200', ...ROWS.slice(1)]))), [2, 'parent_code'])
    const second = onlyError(csvOf([...ROWS, '620300,金昌市,']))
    assert.deepEqual(at(second), [LAST, 'code'])
    assert.match(second.message, /a second city \(the first is 620200 on line 2\)/)
    const none = errorsOf(csvOf(ROWS.slice(1)))
    assert.deepEqual(none.map(at), [
      [null, 'code'],
      [2, 'parent_code'],
    ])
  })

  it('reports every bad row at once, in line order, and no unit', () => {
    const errors = errorsOf(csvOf([...ROWS.slice(0, 3), '620201001001,,620201001', '620201001002,胜利社区,', '6202010010003,x,620201001']))
    assert.deepEqual(errors.map(at), [
      [5, 'name'],
      [6, 'parent_code'],
      [7, 'code'],
    ])
  })

  it('counts lines as the file has them: blank lines, CRLF and a quoted field across lines', () => {
    const csv = [
      HEADER,
      ...ROWS.slice(0, 3),
      '',
      '"620201001001","福民社区居委会","620201001"',
      '620201001002,"胜利',
      '社区",620201001',
      '620201001003,,620201001',
    ].join('\r\n')
    assert.deepEqual(errorsOf(csv).map(at), [
      [7, 'name'],
      [9, 'name'],
    ])
  })

  it('a header without a column, or with one twice', () => {
    assert.deepEqual(
      at(
        onlyError(
          csvOf(
            ROWS.map((r) => r.replace(/,[^,]*$/, '')),
            'code,name',
          ),
        ),
      ),
      [1, 'parent_code'],
    )
    assert.deepEqual(at(onlyError(csvOf(ROWS, 'code,name,parent_code,code'))), [1, 'code'])
    assert.deepEqual(errorsOf(csvOf(ROWS, 'id,name,parent')).map(at), [
      [1, 'code'],
      [1, 'parent_code'],
    ])
  })

  it('whole-file problems: empty, only a header, not CSV, not UTF-8', () => {
    assert.deepEqual(at(onlyError('')), [null, 'file'])
    assert.deepEqual(at(onlyError('\ufeff\n\n')), [null, 'file'])
    assert.deepEqual(at(onlyError(`${HEADER}\n`)), [null, 'file'])
    const unclosed = onlyError(csvOf([...ROWS.slice(0, 2), '620201001,"雄关街道,620201']))
    assert.equal(unclosed.field, 'file')
    assert.match(unclosed.message, /not a well-formed CSV/)
    const gbk = onlyError(csvOf([...ROWS.slice(0, 2), '620201001,\ufffd\ufffd\ufffd,620201']))
    assert.deepEqual(at(gbk), [4, 'file'])
    assert.match(gbk.message, /UTF-8/)
  })

  it('at most 100,000 rows and 50 MB: one error beyond, never a crash', () => {
    const rows = Array.from({ length: DIVISION_LIMITS.rows + 1 }, (_, i) => `620201${String(1 + (i % 999)).padStart(3, '0')},x,620201`)
    const tooMany = onlyError(csvOf(rows))
    assert.deepEqual(at(tooMany), [null, 'file'])
    assert.match(tooMany.message, /more than 100,000 rows/)
    const big = `${HEADER}\n${'9'.repeat(DIVISION_LIMITS.bytes)}`
    assert.match(onlyError(big).message, /larger than 50 MB/)
    assert.match(onlyError(csvOf(ROWS), big).message, /larger than 50 MB/)
  })
})

describe('parseDivisions: boundaries', () => {
  const csv = csvOf(ROWS)

  it('gives each unit its area and a seat strictly inside it, to 6 decimals', () => {
    const units = unitsOf(csv, collection(polygon('620201001001'), polygon('620201001002', 98.21)))
    const fumin = units.find((u) => u.code === '620201001001')
    assert.deepEqual(fumin?.geometry, { type: 'Polygon', coordinates: square(98.2, 39.8, 0.01) })
    assert.deepEqual(fumin?.seat, { lat: 39.805, lng: 98.205 })
    assert.equal(units.find((u) => u.code === '620201100200')?.geometry, undefined, 'a unit without a feature has no area')
  })

  it('puts the seat of a concave area inside it, where its centre is not', () => {
    // a U: the middle of its bounding box is in the notch
    const u = [
      [
        [98, 39],
        [98.3, 39],
        [98.3, 39.3],
        [98.2, 39.3],
        [98.2, 39.1],
        [98.1, 39.1],
        [98.1, 39.3],
        [98, 39.3],
        [98, 39],
      ],
    ]
    assert.equal(polygonContains(u, 39.15, 98.15), false)
    const { seat } = unitsOf(csv, collection(feature('620201001001', { type: 'Polygon', coordinates: u })))[4]
    assert.ok(seat && polygonContains(u, seat.lat, seat.lng), JSON.stringify(seat))
    assert.equal(seat.lat, Math.round(seat.lat * 1e6) / 1e6)
  })

  it('takes a MultiPolygon, with its seat in its largest part, and drops altitudes', () => {
    const parts = [square(98.2, 39.8, 0.01), square(98.3, 39.8, 0.04)]
    const withAltitude = parts.map((p) => p.map((ring) => ring.map(([x, y]) => [x, y, 1500])))
    const [unit] = unitsOf(csv, collection(feature(620200, { type: 'MultiPolygon', coordinates: withAltitude })))
    assert.deepEqual(unit.geometry, { type: 'MultiPolygon', coordinates: parts })
    assert.deepEqual(unit.seat, { lat: 39.82, lng: 98.32 })
  })

  it('names the line of the unit and the problem of a bad geometry', () => {
    const line = ROWS.indexOf('620201001001,福民社区居委会,620201001000') + 2
    const open = square(98.2, 39.8, 0.01)[0].slice(0, 4)
    for (const [geometry, message] of [
      [null, /no geometry/],
      [{ type: 'Point', coordinates: [98.2, 39.8] }, /a Point: an area is a Polygon or a MultiPolygon/],
      [{ type: 'Polygon', coordinates: [] }, /at least its outer ring/],
      [{ type: 'Polygon', coordinates: [open.slice(0, 3)] }, /ring 1: a ring needs at least 4 positions/],
      [{ type: 'Polygon', coordinates: [open] }, /ring 1: not closed/],
      [{ type: 'Polygon', coordinates: [[...open, [181, 39.8], open[0]]] }, /position 5: \[181, 39.8\] is not a longitude/],
      [{ type: 'Polygon', coordinates: [[...open, [98.2, -91], open[0]]] }, /position 5/],
      [{ type: 'Polygon', coordinates: [[...open, ['98.2', 39.8], open[0]]] }, /not \[lng, lat\] with finite numbers/],
      [{ type: 'Polygon', coordinates: [[...open, [98.2], open[0]]] }, /not \[lng, lat\]/],
      [{ type: 'MultiPolygon', coordinates: [] }, /at least one polygon/],
      [{ type: 'MultiPolygon', coordinates: [square(98.2, 39.8, 0.01), [open]] }, /polygon 2, ring 1: not closed/],
      [{ type: 'Polygon', coordinates: square(98.2, 39.8, 0) }, /too small to hold a seat/],
    ] as const) {
      const e = onlyError(csv, collection(feature('620201001001', geometry)))
      assert.deepEqual(at(e), [line, 'geometry'], String(message))
      assert.match(e.message, message)
    }
    // JSON reads 1e999 as Infinity
    const infinite = collection(polygon('620201001001')).replace('98.2,', '1e999,')
    assert.match(onlyError(csv, infinite).message, /finite numbers/)
  })

  it('refuses a feature whose code is not in the CSV, has none, or comes twice', () => {
    const missing = onlyError(csv, collection(polygon('620201001001'), polygon('620201001099')))
    assert.deepEqual(at(missing), [null, 'boundaries'])
    assert.match(missing.message, /feature 2: 620201001099 is not in the CSV/)
    assert.match(onlyError(csv, collection(feature(undefined, null))).message, /feature 1: properties.code missing/)
    assert.match(onlyError(csv, collection(feature('62', null))).message, /not a 6-, 9- or 12-digit/)
    const twice = onlyError(
      csv,
      collection(polygon('620201001001'), feature(620201001001, { type: 'Polygon', coordinates: square(98.3, 39.8, 0.01) })),
    )
    assert.deepEqual(at(twice), [5, 'geometry'])
    assert.match(twice.message, /already has its boundary in feature 1/)
  })

  it('refuses a boundaries file that is not a GeoJSON FeatureCollection', () => {
    for (const text of ['{', '[]', 'null', '{"type":"Feature"}', '{"type":"FeatureCollection","features":{}}']) {
      assert.deepEqual(at(onlyError(csv, text)), [null, 'boundaries'], text)
    }
  })

  it('reports the CSV’s problems before looking at the boundaries', () => {
    assert.deepEqual(errorsOf(csvOf([...ROWS, 'x,某社区,']), '{').map(at), [[ROWS.length + 2, 'code']])
  })
})
