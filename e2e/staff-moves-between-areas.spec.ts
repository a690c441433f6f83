/**
 * One staff shell (issue 14): from every page of theirs, an operator, a community center, a leader
 * and an administrator see exactly the areas their role works in, and move between them with the
 * keyboard — on the big screen through its small menu. A page of another role shows the shell and
 * says so. After 退出 the sign-in page sends the next user to their own start, not the last page.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { DEMO_PASSWORD, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

type Area = 'workbench' | 'hotline' | 'grid' | 'screen' | 'kpi' | 'admin'

const STAFF: Array<{ name: string; username: string; home: Area; areas: Area[] }> = [
  { name: 'operator', username: 'operator1', home: 'hotline', areas: ['hotline'] },
  { name: 'community-center', username: `c-${XINGFULI}`, home: 'workbench', areas: ['workbench', 'hotline', 'screen', 'kpi'] },
  { name: 'leader', username: 'leader', home: 'screen', areas: ['screen', 'kpi'] },
  { name: 'admin', username: 'admin', home: 'admin', areas: ['screen', 'kpi', 'admin'] },
]

const onScreen = (page: Page) => new URL(page.url()).pathname === '/screen'

/** The big screen folds the areas into its menu: open it as a keyboard user would. */
async function openMenuIfScreen(page: Page) {
  if (!onScreen(page)) return
  const menu = page.getByTestId('staff-menu')
  if ((await menu.getAttribute('aria-expanded')) === 'true') return
  await menu.focus()
  await page.keyboard.press('Enter')
  await page.getByTestId('staff-areas').waitFor()
}

/** The areas the shell offers on this page, once the page's own area is marked as the current one. */
async function areasOffered(page: Page, current: Area): Promise<string[]> {
  await openMenuIfScreen(page)
  const nav = page.getByTestId('staff-areas')
  await nav.locator(`a[aria-current="page"][data-testid="area-${current}"]`).waitFor()
  return nav.locator('a').evaluateAll((links) => links.map((a) => (a as HTMLElement).dataset.testid?.replace('area-', '') ?? ''))
}

/** Tab to the area's link and press Enter; wait for that area to be the page. */
async function goTo(page: Page, area: Area) {
  await openMenuIfScreen(page)
  await page.getByTestId(`area-${area}`).focus()
  await page.keyboard.press('Enter')
  await page.waitForURL((url) => url.pathname.startsWith(`/${area}`))
}

test('each staff member reaches exactly their areas from each of their pages', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)

  for (const staff of STAFF) {
    await t.test(staff.name, async () => {
      const page = await openPage(browser, server.baseURL)
      await loginStaff(page, staff.username)
      assert.equal(new URL(page.url()).pathname, `/${staff.home}`, 'signed in, the role starts at home')
      await page.getByTestId('staff-identity').first().waitFor({ state: 'attached' })
      assert.deepEqual(await areasOffered(page, staff.home), staff.areas)
      await screenshot(page, `staff-shell-${staff.name}`)

      // every area in turn, from the one before, then home again
      const tour = [...staff.areas.filter((a) => a !== staff.home), staff.home]
      let at = staff.home
      for (const area of tour) {
        if (area === at) continue
        await goTo(page, area)
        assert.deepEqual(await areasOffered(page, area), staff.areas, `${staff.name} on /${area}`)
        if (area === 'screen') await screenshot(page, `staff-shell-${staff.name}-screen-menu`)
        at = area
      }

      // Escape closes the screen's menu and gives the focus back to its button
      if (staff.areas.includes('screen')) {
        if (!onScreen(page)) await goTo(page, 'screen')
        await openMenuIfScreen(page)
        await page.keyboard.press('Escape')
        await page.getByTestId('staff-areas').waitFor({ state: 'hidden' })
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'staff-menu')
      }
      assert.deepEqual(page.errors, [])
      await page.context().close()
    })
  }

  await t.test('a grid worker on a phone: the same shell within 360 px, its targets at least 44 px', async () => {
    const page = await openPage(browser, server.baseURL, { mobile: true })
    await loginStaff(page, `g-${XINGFULI}001`)
    assert.equal(new URL(page.url()).pathname, '/grid')
    assert.deepEqual(await areasOffered(page, 'grid'), ['grid'])
    const header = page.locator('header.staff-header')
    const targets = await header.locator('a, button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))
    for (const box of targets) {
      assert.ok(box.height >= 44 && box.width >= 44, `a target of ${box.width}×${box.height}`)
      assert.ok(box.left >= 0 && box.right <= 360, 'within the screen')
    }
    await screenshot(page, 'staff-shell-grid-worker-360')
    assert.deepEqual(page.errors, [])
    await page.context().close()
  })

  await t.test('a page of another role shows the shell and the way to their own', async () => {
    const page = await openPage(browser, server.baseURL)
    await loginStaff(page, 'operator2')
    await page.goto('/admin')
    await page.getByTestId('not-your-area').getByText('您的角色不使用这个页面').waitFor()
    assert.deepEqual(await page.getByTestId('staff-areas').locator('a').allInnerTexts(), ['热线'])
    await screenshot(page, 'staff-shell-not-your-area')
    await goTo(page, 'hotline')
    await page.getByTestId('hotline-phone').waitFor()
    assert.deepEqual(page.errors, [])
    await page.context().close()
  })
})

test('after 退出 the sign-in page sends the next user to their own start, not to the last page', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)

  await loginStaff(page, `c-${XINGFULI}`)
  await goTo(page, 'kpi')
  await page.getByRole('button', { name: '退出登录' }).click()
  await page.waitForURL((url) => url.pathname === '/login')
  assert.equal(new URL(page.url()).search, '', 'the sign-in page keeps no page of the last user')

  // the next user, at the same screen
  await page.getByTestId('login-username').fill('leader')
  await page.getByTestId('login-password').fill(DEMO_PASSWORD)
  await page.getByTestId('login-password').press('Enter')
  await page.waitForURL((url) => url.pathname === '/screen', { waitUntil: 'commit' })

  // from the big screen's menu too
  await openMenuIfScreen(page)
  await page.getByRole('button', { name: '退出登录' }).click()
  await page.waitForURL((url) => url.pathname === '/login' && url.search === '')

  // a page someone left (a session that ended there) is not the next user's unless their role works there
  await page.goto(`/login?next=${encodeURIComponent('/admin?tab=users')}`)
  await page.getByTestId('login-username').fill('operator1')
  await page.getByTestId('login-password').fill(DEMO_PASSWORD)
  await page.getByTestId('login-password').press('Enter')
  await page.waitForURL((url) => url.pathname === '/hotline')
  assert.deepEqual(page.errors, [])
})
