/**
 * The big screen's language (issue 14): the toggle stays readable while the pointer is on it (it
 * turned dark on the dark header), the screen's title is wholly in the chosen language, and the
 * browser tab's title follows the language on every page.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const CJK = /[\u3400-\u9fff]/

/** WCAG relative luminance of an sRGB colour. */
function luminance(rgb: number[]) {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** The header's own colour under the toggle: the top of the canvas's gradient (.screen in screen.css). */
const HEADER = [12, 42, 82]

/** The hovered toggle's colours as the browser computes them, and the contrast of its text against what is behind it. */
async function hoveredToggle(page: Page) {
  const toggle = page.getByTestId('language-switch')
  await toggle.hover()
  // antd's hover colours come in with a transition: read them once it is over
  await page.waitForFunction(() =>
    document
      .querySelector('[data-testid=language-switch]')
      ?.getAnimations()
      .every((a) => a.playState !== 'running'),
  )
  const style = await toggle.evaluate((el) => {
    const s = getComputedStyle(el)
    return { color: s.color, background: s.backgroundColor, visibility: s.visibility, opacity: s.opacity, hovered: el.matches(':hover') }
  })
  const channels = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number)
  const text = channels(style.color).slice(0, 3)
  const [r, g, b, alpha = 1] = channels(style.background)
  const back = [r, g, b].map((c, i) => c * alpha + HEADER[i] * (1 - alpha))
  const [light, dark] = [luminance(text), luminance(back)].sort((x, y) => y - x)
  return {
    ...style,
    contrast: (light + 0.05) / (dark + 0.05),
    textIsLight: luminance(text) > luminance(back),
    visible: style.visibility === 'visible' && Number(style.opacity) === 1,
  }
}

test('the big screen’s toggle stays readable on hover, its title and every tab title follow the language', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, { viewport: { width: 1920, height: 1080 } })

  // before signing in: the sign-in page's tab says so
  await page.goto('/login')
  await page.getByTestId('login-username').waitFor()
  assert.equal(await page.title(), '工作人员登录 · 小兰')

  await loginStaff(page, 'leader')
  const heading = page.getByRole('heading', { level: 1 })
  await page.getByTestId('screen-live').getByText('实时').waitFor()
  await heading.getByText('社会治理指挥中心').waitFor()
  assert.equal(await page.title(), '大屏 · 小兰')
  assert.doesNotMatch((await heading.textContent()) ?? '', /[A-Za-z]/, 'the Chinese title has no English in it')

  const zh = await hoveredToggle(page)
  assert.ok(zh.hovered, 'the pointer is on the toggle')
  assert.ok(zh.visible && zh.textIsLight, `the hovered toggle stays light on the dark header: ${JSON.stringify(zh)}`)
  assert.ok(zh.contrast >= 4.5, `the hovered toggle is readable (contrast ${zh.contrast.toFixed(2)})`)
  await screenshot(page, 'screen-toggle-hovered-zh-CN')

  // to English: the tab and the whole title change, no reload
  await page.getByTestId('language-switch').click()
  await page.getByTestId('screen-live').getByText('Live').waitFor()
  await page.waitForFunction(() => document.title === 'Big screen · Xiaolan')
  const title = (await heading.textContent()) ?? ''
  assert.match(title, /Social Governance Command Center/)
  assert.doesNotMatch(title, CJK, `the English title is wholly English: ${title}`)

  const en = await hoveredToggle(page)
  assert.ok(en.visible && en.textIsLight && en.contrast >= 4.5, `the hovered toggle stays readable in English too: ${JSON.stringify(en)}`)
  await screenshot(page, 'screen-toggle-hovered-en')

  // every page's tab in the language chosen (kept across pages), and back in Chinese
  const pages: Array<[string, string, string]> = [
    ['/kpi', 'Performance · Xiaolan', '考核 · 小兰'],
    ['/public/kpi', 'How well the city answers · Xiaolan', '办理成效公开 · 小兰'],
    ['/', 'Xiaolan Helper', '小兰帮办'],
    ['/login', 'Staff login · Xiaolan', '工作人员登录 · 小兰'],
  ]
  for (const [path, english] of pages) {
    await page.goto(path)
    await page.waitForFunction((want) => document.title === want, english)
  }
  await page.getByTestId('language-switch').first().click()
  await page.waitForFunction(() => document.title === '工作人员登录 · 小兰')
  for (const [path, , chinese] of pages) {
    await page.goto(path)
    await page.waitForFunction((want) => document.title === want, chinese)
  }
  assert.deepEqual(page.errors, [])
})
