/**
 * Every tab of the admin console opens when clicked, is named in the address (?tab=) and opens again
 * from that address after a reload — a tab added to the console but not to the address's list used to
 * fall back to 组织机构 when clicked. The tabs are read from the page, so a new one is covered too.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, loginStaff, openPage, startServer } from './support.ts'

test('every admin console tab opens when clicked and again from its address', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, 'admin')
  await page.waitForURL(/\/admin/)
  const tabs = page.getByRole('tablist').first().getByRole('tab')
  await tabs.first().waitFor()
  const names = await tabs.allInnerTexts()
  assert.ok(names.length >= 9, `the console has its tabs: ${names.join(', ')}`)

  // from the last, so that every click changes the tab (the first is open already)
  for (const name of names.reverse()) {
    const tab = page.getByRole('tablist').first().getByRole('tab', { name, exact: true })
    await tab.click()
    await page.waitForFunction((n) => document.querySelector('[role=tab][aria-selected=true]')?.textContent === n, name)
    const key = new URL(page.url()).searchParams.get('tab')
    assert.ok(key, `${name} is named in the address`)
    await page.reload()
    await page.waitForFunction((n) => document.querySelector('[role=tab][aria-selected=true]')?.textContent === n, name)
  }
  assert.deepEqual(page.errors, [])
})
