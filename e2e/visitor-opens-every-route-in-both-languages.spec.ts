/**
 * Every route of the web app, as the user it is for, in zh-CN and in English: the page finishes
 * loading with no console error (a text missing from the dictionaries is one, see i18n/index.ts),
 * `<html lang>` follows the choice, the interface text (headings, buttons, tabs, labels, table
 * headers, placeholders) is Chinese in zh-CN and has no Chinese at all in English, and the
 * resident's pages fit a 360 px phone without horizontal scrolling. A screenshot of each goes to
 * e2e/artifacts/route-<name>-<lang>.png.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { residentReport, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, openPage, screenshot, signInResidentByApi, signInStaffByApi, startServer } from './support.ts'

type Who = { staff: string } | { resident: string } | null

interface Route {
  name: string
  path: string
  who: Who
  mobile?: boolean
  viewport?: { width: number; height: number }
}

const CJK = /[\u3400-\u9fff]/
const CJK_RUN = /[\u3400-\u9fff][\u3400-\u9fff0-9]*/g
/** Data, not interface: names of places, categories and units, event titles, numbers. */
const DATA = '[data-testid^="map-unit"], [data-testid="category-option"], .ant-cascader-menu, .ant-select-item, .ant-tree, td, [data-data]'

/** The interface's own words on the page now, one string per element. */
const interfaceTexts = (page: Page) =>
  // no named helpers inside: the page does not have the bundler's __name
  page.evaluate((data) => {
    const texts: string[] = []
    for (const e of document.querySelectorAll('h1, h2, h3, h4, button, [role=tab], label, th, .ant-empty-description, input, textarea')) {
      if ((e as HTMLElement).offsetParent === null || e.closest(data)) continue
      // text marked as another language (the language switch's label) is meant to be
      if (e.closest('[lang]') !== document.documentElement) continue
      const text = e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement ? e.placeholder : (e as HTMLElement).innerText.trim()
      if (text) texts.push(text)
    }
    return texts
  }, DATA)

/** Loaded: no spinner or skeleton left, and something on the page. */
const settled = (page: Page) =>
  page.waitForFunction(
    () =>
      !document.querySelector('.ant-spin-spinning, .ant-skeleton-active, [aria-busy="true"]') && document.body.innerText.trim().length > 20,
  )

type Session = Awaited<ReturnType<BrowserContext['storageState']>>

async function visit(
  browser: Browser,
  baseURL: string,
  route: Route,
  lang: 'zh-CN' | 'en',
  session: Session | undefined,
  names: Set<string>,
) {
  const page = await openPage(browser, baseURL, {
    lang,
    mobile: route.mobile,
    storageState: session,
    ...(route.viewport ? { viewport: route.viewport } : {}),
  })
  // the language is the user's choice, kept where the switch keeps it
  await page.addInitScript((l) => localStorage.setItem('xiaolan.lang', l), lang)
  await page.goto(route.path)
  await settled(page)
  const where = `${route.path} (${lang})`
  assert.equal(await page.evaluate(() => document.documentElement.lang), lang, where)
  const texts = await interfaceTexts(page)
  assert.ok(texts.length > 0, `${where}: no interface text found`)
  if (lang === 'en') {
    const runs = texts.flatMap((s) => s.match(CJK_RUN) ?? [])
    assert.deepEqual(
      runs.filter((run) => !names.has(run)),
      [],
      `${where}: Chinese interface text in English`,
    )
  } else {
    assert.ok(
      texts.some((s) => CJK.test(s)),
      `${where}: no Chinese interface text: ${texts.slice(0, 5).join(' | ')}`,
    )
  }
  if (route.mobile) {
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 360, `${where}: ${width} px wide on a 360 px phone`)
  }
  await screenshot(page, `route-${route.name}-${lang}`)
  assert.deepEqual(page.errors, [], `${where}: console errors`)
  await page.context().close()
}

test('every route renders in zh-CN and in English, the resident pages at 360 px', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)

  // an event of the resident's own, for the detail and tracking pages
  const realName = { name: '孙小兰', idNumber: '11010519491231002X' }
  const resident = await server.resident('13900000077', realName)
  const created = await residentReport(resident, {
    category: 'municipal.streetlight',
    description: '幸福里小区北门路灯不亮',
    communityCode: XINGFULI,
  })
  const { id, number } = created

  // what people wrote and what places are called stays as it is in English
  const names = new Set((await server.database.db.selectFrom('org_units').select('name').execute()).map((u) => u.name))
  names.add(created.title)

  // one sign-in per user (logins are rate-limited), its cookies reused for both languages
  const sessions = new Map<string, Session>()
  const sessionOf = async (who: Who) => {
    if (!who) return undefined
    const key = JSON.stringify(who)
    if (!sessions.has(key)) {
      const context = await browser.newContext({ baseURL: server.baseURL })
      await signIn(context.request, who)
      sessions.set(key, await context.storageState())
      await context.close()
    }
    return sessions.get(key)
  }
  const signIn = (request: BrowserContext['request'], who: NonNullable<Who>) =>
    'staff' in who ? signInStaffByApi(request, who.staff) : signInResidentByApi(request, who.resident, realName)

  const me = { resident: '13900000077' }
  const routes: Route[] = [
    { name: 'resident-sign-in', path: '/', who: null, mobile: true },
    { name: 'resident-report', path: '/', who: me, mobile: true },
    { name: 'resident-mine', path: '/mine', who: me, mobile: true },
    { name: 'resident-detail', path: `/events/${id}`, who: me, mobile: true },
    { name: 'resident-public', path: '/public', who: null, mobile: true },
    { name: 'open-data', path: '/open-data', who: null, mobile: true },
    { name: 'track-form', path: '/track', who: null, mobile: true },
    { name: 'track-number', path: `/track/${number}`, who: null, mobile: true },
    { name: 'public-kpi', path: '/public/kpi', who: null, mobile: true },
    { name: 'guide', path: '/guide?q=孩子上学要啥材料', who: null, mobile: true },
    { name: 'guide-article', path: '/guide/1', who: null, mobile: true },
    { name: 'staff-login', path: '/login', who: null },
    { name: 'hotline', path: '/hotline', who: { staff: 'operator1' } },
    { name: 'grid', path: '/grid', who: { staff: 'g-620105007010001' }, mobile: true },
    { name: 'workbench', path: '/workbench', who: { staff: 'c-620105007010' } },
    { name: 'mediation', path: '/workbench/mediation', who: { staff: 'm-620105007M01' } },
    { name: 'admin', path: '/admin', who: { staff: 'admin' } },
    { name: 'admin-knowledge', path: '/admin?tab=knowledge', who: { staff: 'admin' } },
    { name: 'admin-rota', path: '/admin?tab=rota', who: { staff: 'admin' } },
    { name: 'hall', path: '/workbench/rota', who: { staff: 'c-620100' } },
    { name: 'department-knowledge', path: '/workbench/knowledge', who: { staff: 'd-620100D15' } },
    { name: 'kpi', path: '/kpi', who: { staff: 'supervisor' } },
    { name: 'kpi-settings', path: '/kpi/settings', who: { staff: 'admin' } },
    { name: 'screen', path: '/screen', who: { staff: 'leader' }, viewport: { width: 1920, height: 1080 } },
  ]
  for (const route of routes) {
    for (const lang of ['zh-CN', 'en'] as const) {
      await t.test(`${route.path} ${lang}`, async () => visit(browser, server.baseURL, route, lang, await sessionOf(route.who), names))
    }
  }
})
