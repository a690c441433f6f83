/**
 * An independent model of how people write personal data, for the masking tests (unit and API):
 * real-looking mobiles, ID numbers and names, and the many ways of spelling them. It knows
 * nothing of the masker; a test asserts that no spelling it makes survives into a public view.
 */
import fc from 'fast-check'

const FULL_WIDTH = (d: string) => String.fromCharCode(0xff10 + Number(d))
const CIRCLED = (d: string) => (d === '0' ? '⓪' : String.fromCharCode(0x2460 + Number(d) - 1))
export const SEPARATORS = [' ', '  ', '-', '.', '–', '—', '\u3000', '－', '．', ' - ', '\u200b', '·', '/']
const NAME_GAPS = [' ', '\u3000', '\u200b', '·', '  ']

/**
 * A way of writing a digit string of this length as a person might: cut into groups, separated,
 * some digits full-width or circled. A function, so a test can apply it to a value it makes itself.
 */
export const spelling = (length: number, options: { asciiOnly?: boolean } = {}) =>
  fc
    .record({
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, length - 1) }), { maxLength: 5 }),
      separator: fc.constantFrom(...(options.asciiOnly ? [' ', '-'] : SEPARATORS)),
      mixedSeparators: fc.array(fc.constantFrom(...(options.asciiOnly ? [' ', '-'] : SEPARATORS)), { minLength: 6, maxLength: 6 }),
      mixed: fc.boolean(),
      widths: fc.array(fc.constantFrom('ascii', 'ascii', 'full', 'circled'), { minLength: length, maxLength: length }),
    })
    .map(({ cuts, separator, mixedSeparators, mixed, widths }) => (digits: string) => {
      const chars = [...digits].map((d, i) =>
        options.asciiOnly || !/\d/.test(d) ? d : widths[i] === 'full' ? FULL_WIDTH(d) : widths[i] === 'circled' ? CIRCLED(d) : d,
      )
      let out = ''
      let cut = 0
      for (const [i, c] of chars.entries()) {
        if (cuts.includes(i)) out += mixed ? mixedSeparators[cut++ % mixedSeparators.length] : separator
        out += c
      }
      return out
    })

/** A digit string written the way a person might. */
export const spelled = (digits: string, options: { asciiOnly?: boolean } = {}) =>
  spelling(digits.length, options).map((write) => write(digits))

/** A value and one way of writing it. */
export const withSpelling = (values: fc.Arbitrary<string>) => values.chain((v) => fc.tuple(fc.constant(v), spelled(v)))

export const mobile = fc
  .tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.stringMatching(/^\d{9}$/))
  .map(([second, rest]) => `1${second}${rest}`)

/** A real-looking ID number: region, a birth date that exists, sequence and its checksum (x lower-cased sometimes). */
export const idNumber = fc
  .record({
    region: fc.stringMatching(/^[1-8]\d{5}$/),
    birth: fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }),
    seq: fc.stringMatching(/^\d{3}$/),
    lower: fc.boolean(),
  })
  .map(({ region, birth, seq, lower }) => {
    const body = `${region}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${seq}`
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0)
    const check = '10X98765432'[sum % 11]
    return `${body}${lower ? check.toLowerCase() : check}`
  })

const SURNAMES = ['张', '王', '李', '赵', '欧阳', '司马', '陈']
const GIVEN = ['三', '小兰', '建国', '秀英', '伟', '丽娟', '子涵']
export const personName = fc.tuple(fc.constantFrom(...SURNAMES), fc.constantFrom(...GIVEN)).map(([s, g]) => s + g)

/** A name with spaces (ASCII, ideographic, zero-width) or a middle dot between some of its characters. */
export const spelledName = (n: string) =>
  fc
    .array(fc.option(fc.constantFrom(...NAME_GAPS), { nil: '' }), { minLength: n.length, maxLength: n.length })
    .map((gaps) => [...n].map((c, i) => (i === 0 ? c : gaps[i] + c)).join(''))

export const nameWithSpelling = personName.chain((n) => fc.tuple(fc.constant(n), spelledName(n)))

/** The test's own reading of a response: full-width to ASCII (NFKC), separators of any kind dropped. */
export const normalised = (text: string) => text.normalize('NFKC').replace(/[\s\p{Cf}\-‐‑‒–—―−.·・/()（）+]/gu, '')
