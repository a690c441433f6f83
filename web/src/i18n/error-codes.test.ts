/**
 * Every error code a user can meet has words in both languages: each code the server answers
 * (its AppErrors, conflicts and the error handler's own codes, read from server/src) and each the
 * web's client makes up (no connection, an answer that is not JSON). Without its entry the page
 * says 系统繁忙 (error.internal), as an untranslated press_too_soon once did.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { common } from './common.ts'

const root = new URL('../../../', import.meta.url).pathname

function sources(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => ({ file: join(dir, f), text: readFileSync(join(root, dir, f), 'utf8') }))
}

/** Where a code is written: `new AppError('code'`, `conflict('code'`, `error: { code: 'code'`. */
const LITERAL = /\b(?:new AppError|conflict)\(\s*'([a-z_]+)'|error: \{ code: '([a-z_]+)'/g
/** A code that is not a literal here could be anything: the walk would miss it. */
const COMPUTED = /\b(?:new AppError|conflict)\(\s*(?!['\s])([^,)]+)|error: \{ code(?:: (?!')([^,}]+))?[,}]/g
/** The factories' own definitions pass the code through; the handler forwards an AppError's. */
const PASS_THROUGH = new Set(['server/src/errors.ts: code', 'server/src/app.ts: error.code', 'server/src/app.ts: refusal.code'])

function serverCodes(): Set<string> {
  const codes = new Set<string>()
  for (const { file, text } of sources('server/src')) {
    for (const m of text.matchAll(LITERAL)) codes.add(m[1] ?? m[2])
    for (const m of text.matchAll(COMPUTED)) {
      const expression = (m[1] ?? m[2] ?? '(shorthand)').trim()
      assert.ok(PASS_THROUGH.has(`${file}: ${expression}`), `${file} answers a computed error code (${expression}): write it as a literal`)
    }
  }
  return codes
}

function clientCodes(): Set<string> {
  const text = readFileSync(join(root, 'web/src/lib/api.ts'), 'utf8')
  return new Set([...text.matchAll(/new ApiError\([^,]+,\s*'([a-z_]+)'/g)].map((m) => m[1]))
}

test('the walk finds the codes it should (so an empty walk cannot pass)', () => {
  const codes = serverCodes()
  for (const code of ['invalid_input', 'not_found', 'stale_version', 'press_too_soon', 'rate_limited', 'internal', 'bad_request'])
    assert.ok(codes.has(code), code)
  assert.ok(clientCodes().has('network'))
})

test('every error code the server answers or the client makes has zh-CN and en text', () => {
  const missing = [...serverCodes(), ...clientCodes()].flatMap((code) =>
    (['zh-CN', 'en'] as const)
      .filter((locale) => !(common[locale] as Record<string, string>)[`error.${code}`]?.trim())
      .map((locale) => `${locale} error.${code}`),
  )
  assert.deepEqual(missing, [])
})
