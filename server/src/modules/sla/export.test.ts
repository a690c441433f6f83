import assert from 'node:assert/strict'
import { test } from 'node:test'
import { attachment } from './export.ts'

test('a download’s name holding quotes, a backslash or brackets makes a well-formed Content-Disposition', () => {
  for (const filename of ['雄关"街道",新-考核-2026-12-01.xlsx', "a\\b (1)*'s-events-2026-12-01.xlsx", 'kpis-620105-2026-12-01.xlsx']) {
    const header = attachment(filename)
    // RFC 6266: a quoted-string without inner quotes or backslashes, then an RFC 5987 ext-value of attr-chars and %XX
    const parts = /^attachment; filename="([\x20-\x7e]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]*)$/.exec(header)
    assert.ok(parts, header)
    assert.doesNotMatch(parts[1], /["\\]/, header)
    assert.equal(decodeURIComponent(parts[2]), filename)
  }
  assert.equal(attachment('kpis-2026-12-01.xlsx'), `attachment; filename="kpis-2026-12-01.xlsx"; filename*=UTF-8''kpis-2026-12-01.xlsx`)
})
