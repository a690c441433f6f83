/**
 * A resident and a grid worker on a 360×740 phone, in Chinese and in English: every page of theirs
 * (sign-in, 报事 with the place list open to its communities, 我的, an event, 公开, 查进度; the
 * grid's 采集 with the same list, 待办 and an event of it, 巡查) keeps everything within the 360 px — dropdowns too —
 * and every touch target (buttons, links, tabs, list rows) is at least 44 px tall, measured in the
 * browser; the grid header shows all of itself.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { applyAction, reportAtSeat, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, loginStaff, openPage, screenshot, signInResident, startServer } from './support.ts'

const PHONE = '13900000074'
const GRID = `${XINGFULI}001` // the community's first grid

/** What a finger cannot hit or an eye cannot see at this width, as "page: problem" lines. */
async function problems(page: Page, where: string): Promise<string[]> {
  // tsx keeps functions' names with a __name helper the page does not have
  await page.evaluate('globalThis.__name ??= (f) => f')
  // a dropdown still opening or closing is scaled by its animation: measure what stays on screen
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
  )
  const found = await page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const out: string[] = []
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) return false
      const s = getComputedStyle(el)
      return s.visibility !== 'hidden' && Number(s.opacity) > 0
    }
    // inside a box that scrolls or clips sideways, a child may run past the edge: the box is measured
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (/auto|scroll|hidden|clip/.test(getComputedStyle(p).overflowX) && p.getBoundingClientRect().right <= width + 0.5) return true
      }
      return false
    }
    const label = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 30)}"`
    if (document.documentElement.scrollWidth > width) out.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px)`)
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('svg') || !shown(el)) continue
      const r = el.getBoundingClientRect()
      const parent = el.parentElement?.getBoundingClientRect()
      const out0 = r.right > width + 0.5 || r.left < -0.5
      const parentOut = parent && (parent.right > width + 0.5 || parent.left < -0.5)
      if (out0 && !parentOut && !clipped(el)) out.push(`sticks out ${Math.round(r.left)}…${Math.round(r.right)}: ${label(el)}`)
    }
    const targets = [
      'button',
      'a[href]',
      '[role=button]',
      '[role=tab]',
      '[role=radio]',
      '[role=option]',
      '[role=menuitem]',
      '[role=menuitemcheckbox]',
      '.ant-segmented-item',
      '.ant-checkbox-wrapper',
      '.ant-radio-button-wrapper',
      '[data-testid$="-row"]',
    ].join(',')
    for (const el of document.querySelectorAll(targets)) {
      if (el.closest('svg') || !shown(el)) continue
      // a control inside a label (a switch beside its words) is hit through the whole label
      const h = (el.closest('label') ?? el).getBoundingClientRect().height
      if (h < 43.5) out.push(`${Math.round(h)} px tall: ${label(el)}`)
    }
    return out
  })
  return found.map((p) => `${where}: ${p}`)
}

/** The gazetteer's place search with its matches shown. */
async function openPlaceSearch(page: Page, name: string) {
  await page.locator('[data-testid$="map-search"] input, input[data-testid$="map-search"]').first().fill(name)
  await page.getByTestId('place-match').first().waitFor()
}

/** The place list (the cascader) opened down to the communities of the first street. */
async function openPlaceList(page: Page) {
  await page
    .locator('.ant-segmented-item')
    .filter({ hasText: /按区域选择|By area/ })
    .click()
  await page.getByTestId('report-cascader').click()
  await page.locator('.ant-cascader-menu').first().locator('.ant-cascader-menu-item').first().click()
  await page.locator('.ant-cascader-menu').nth(1).locator('.ant-cascader-menu-item').first().click()
  await page.locator('.ant-cascader-menu').nth(2).locator('.ant-cascader-menu-item').first().waitFor()
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a resident and a grid worker use every page of theirs on a 360 px phone (${lang})`, async (t) => {
    const server = await startServer(t)
    const resident = await server.resident(PHONE, { name: '钱小兰', idNumber: '11010519491231002X' })
    const event = await reportAtSeat(server, resident, XINGFULI, '楼下垃圾桶满了没人清')
    // a second one the community sends to the grid, so the grid's list has a row
    let sent = await reportAtSeat(server, resident, XINGFULI, '楼道堆放杂物')
    const center = await server.as(`c-${XINGFULI}`)
    const gridId = (await server.anonymous.get(`/api/v1/orgs?code=${GRID}`)).body.items[0].id
    for (const body of [{ type: 'sign' }, { type: 'dispatch', unitId: gridId, note: '请网格员现场处理' }])
      sent = await applyAction(center, sent, body)
    const community = (await server.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0].name as string
    const browser = await launchBrowser(t)
    const found: string[] = []
    const look = async (page: Page, where: string) => {
      found.push(...(await problems(page, where)))
      await screenshot(page, `phone-360-${lang}-${where}`)
    }
    /** The report form (报事, the grid's 采集) as it opens, then with its place search and its place list open over it. */
    const lookAtReportForm = async (page: Page, where: string) => {
      await page.getByTestId('report-category').waitFor()
      await look(page, where)
      await openPlaceSearch(page, community)
      await look(page, `${where}-place-search`)
      await page.keyboard.press('Escape')
      await openPlaceList(page)
      await look(page, `${where}-place-list`)
      await page.keyboard.press('Escape')
    }

    const page = await openPage(browser, server.baseURL, { mobile: true })
    await page.goto('/mine')
    if (lang === 'en') await page.getByTestId('language-switch').click()
    await page.getByTestId('resident-send-code').waitFor()
    await look(page, 'sign-in')
    await signInResident(page, PHONE)
    await page.getByTestId('my-event-row').first().waitFor()
    await look(page, 'mine')
    await page.getByTestId('my-event-row').first().click()
    await page.getByTestId('detail-number').waitFor()
    await look(page, 'event')
    await page.getByTestId('nav-report').click()
    await lookAtReportForm(page, 'report')
    await page.getByTestId('nav-public').click()
    await page.getByTestId('public-event-row').first().waitFor()
    await look(page, 'public')
    await page.getByTestId('nav-track').click()
    await page.getByTestId('track-number').waitFor()
    await look(page, 'track')
    await page.goto(`/track/${event.number}`)
    await page.getByTestId('track-view').waitFor()
    await look(page, 'track-number')

    const grid = await openPage(browser, server.baseURL, { mobile: true })
    await loginStaff(grid, `g-${GRID}`)
    await grid.goto('/grid')
    if (lang === 'en') await grid.getByTestId('language-switch').click()
    await lookAtReportForm(grid, 'grid-collect')
    await grid.getByTestId('grid-tab-open').click()
    await grid.getByTestId('grid-event-row').first().waitFor()
    await look(grid, 'grid-open')
    await grid.getByTestId('grid-event-row').first().getByTestId('grid-event-open').click()
    await grid.getByTestId('grid-timeline-entry').first().waitFor()
    await look(grid, 'grid-event')
    await grid.getByTestId('grid-event-back').click()
    await grid.getByTestId('grid-tab-patrol').click()
    await grid.getByTestId('patrol-check-in').waitFor()
    await look(grid, 'grid-patrol')
    // the header shows all of itself: its title and the worker's unit are not cut off
    const header = await grid
      .locator('.staff-header')
      .evaluate(
        (h) =>
          [...h.querySelectorAll('*')].filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
            .length,
      )
    assert.equal(header, 0, 'nothing in the grid header is cut off')

    assert.deepEqual(found, [])
    assert.deepEqual([...page.errors, ...grid.errors], [])
  })
}
