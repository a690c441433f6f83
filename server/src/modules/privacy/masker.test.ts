import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { idNumber, mobile, nameWithSpelling, normalised, withSpelling } from '../../../test/pii.ts'
import { deriveTitle, maskedTitle, maskForPublic, maskNumbers } from './masker.ts'

const BEFORE = ['我家楼下的路灯坏了，', '已联系', '反映人', '请回电', '居民来电称，', '']
const AFTER = ['，麻烦尽快处理。', '的居民', '，噪音扰民', '', '。谢谢！']
const around = fc.tuple(fc.constantFrom(...BEFORE), fc.constantFrom(...AFTER))

describe('the public masker', () => {
  it('leaves no mobile number in any spelling, with or without +86 / 0086 / 86', () => {
    fc.assert(
      fc.property(
        withSpelling(mobile),
        fc.constantFrom('', '+86 ', '+86', '0086-', '86 ', '＋８６ '),
        around,
        ([phone, written], prefix, [before, after]) => {
          const text = `${before}${prefix}${written}${after}`
          const out = normalised(maskForPublic(text))
          assert.ok(!out.includes(phone), `${text} → ${out}`)
          assert.ok(!out.includes(phone.slice(3, 7)), `the middle digits survive: ${text} → ${out}`)
        },
      ),
      { numRuns: 400 },
    )
  })

  it('leaves no ID number (18 digits with X/x, or an old 15-digit one) in any grouping, and never its birth date', () => {
    fc.assert(
      fc.property(
        withSpelling(fc.tuple(idNumber, fc.boolean()).map(([id, old]) => (old ? id.slice(0, 6) + id.slice(8, 17) : id))),
        around,
        ([number, written], [before, after]) => {
          const old = number.length === 15
          const text = `${before}${written}${after}`
          const out = normalised(maskForPublic(text)).toUpperCase()
          assert.ok(!out.includes(number.toUpperCase()), `${text} → ${out}`)
          const birth = old ? number.slice(6, 12) : number.slice(6, 14)
          assert.ok(!out.includes(birth), `the birth date survives: ${text} → ${out}`)
        },
      ),
      { numRuns: 400 },
    )
  })

  it('masks the reporter’s names however they are spaced, and only them', () => {
    fc.assert(
      fc.property(nameWithSpelling, around, ([n, written], [before, after]) => {
        const text = `${before}${written}${after}`
        const out = normalised(maskForPublic(text, { names: [n] }))
        assert.ok(!out.includes(n), `${text} → ${out}`)
        assert.ok(out.startsWith(normalised(before)), 'the text before the name is kept')
      }),
      { numRuns: 300 },
    )
  })

  it('masks several kinds of personal data in one text', () => {
    fc.assert(
      fc.property(withSpelling(mobile), withSpelling(idNumber), nameWithSpelling, ([phone, p], [id, i], [n, w]) => {
        const text = `我是${w}，身份证${i}，电话${p}，住幸福里小区3号楼2单元502室`
        const out = normalised(maskForPublic(text, { names: [n], numbers: [phone] }))
        for (const secret of [phone, id.toUpperCase(), n, id.slice(6, 14), '2单元', '502室'])
          assert.ok(!out.toUpperCase().includes(secret), `${secret}: ${out}`)
      }),
      { numRuns: 200 },
    )
  })

  it('stops an address at the compound or the building', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 33 }),
        fc.integer({ min: 1, max: 9 }),
        (building, unit, floor, room) => {
          const r = `${floor}0${room}`
          for (const [written, kept] of [
            [`幸福里小区${building}号楼${unit}单元${r}室`, `幸福里小区${building}号楼`],
            [`幸福里小区${building}栋${unit}单元${r}`, `幸福里小区${building}栋`],
            [`${building}号院${unit}号楼${unit}单元`, `${building}号院${unit}号楼`],
            [`幸福里小区 ${building}-${unit}-${r}`, '幸福里小区'],
            [`东岗路${building}号${r}室`, `东岗路${building}号`],
          ]) {
            const out = maskForPublic(`住在${written}，漏水`)
            assert.ok(out.startsWith(`住在${kept}`), `${written} → ${out}`)
            assert.ok(!out.includes(`${unit}单元`) && !out.includes(`${r}室`) && !out.includes(`-${r}`), `${written} → ${out}`)
            assert.ok(out.endsWith('，漏水'))
          }
        },
      ),
    )
  })

  it('keeps ordinary text: dates, times, amounts, durations, event numbers, counts, a flat’s layout', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 999_999 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 999_999 }),
        (day, amount, days, seq) => {
          const iso = day.toISOString().slice(0, 10)
          const [y, m, d] = iso.split('-')
          const number = `LZ${y}${m}${d}-${String(seq).padStart(6, '0')}`
          const text = `${Number(y)}年${Number(m)}月${Number(d)}日（${iso} 10:30）报修，编号${number}，已经${days}天，垫付${amount}元，有${days}户受影响，三室两厅，拨打12345`
          assert.equal(maskForPublic(text), text)
          assert.equal(maskNumbers(text), text)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('derives a public title from the masked description, so a cut cannot leave part of a number', () => {
    fc.assert(
      fc.property(mobile, fc.integer({ min: 0, max: 23 }), (phone, lead) => {
        const description = `${'路'.repeat(lead)}电话${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}，请联系`
        const stored = { title: deriveTitle(description), description }
        const title = normalised(maskedTitle(stored, (t) => maskForPublic(t)))
        // whatever part of the number falls within the title, its middle is never shown
        assert.ok(!title.includes(phone.slice(3, 7)), `${stored.title} → ${title}`)
        assert.ok([...title].length <= 24)
      }),
      { numRuns: 200 },
    )
    const own = { title: '电话 138 0000 0001', description: '路灯坏了' }
    assert.equal(
      maskedTitle(own, (t) => maskForPublic(t)),
      '电话 138****0001',
    )
  })
})
