/**
 * Issue 17's "all seven channels appear on the screen's trend": the demo's week of reports — the
 * three partner platforms' feeds through ingestion, the message board's sample feed, the app, the
 * 12345 desk and the grid — drawn as seven stacked series over the seven days, in both languages.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { INTAKE_CHANNELS } from '@xiaolan/contracts'
import { seedDemoChannels } from '../server/src/seed/demo/channels.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const ZH: Record<string, string> = {
  app: '小兰帮办',
  hotline: '12345热线',
  netizen: '网民留言',
  grid: '网格员采集',
  platform_3d: '三维数字社会服务管理平台',
  platform_safety: '平安甘肃平台',
  linkage: '联动平台',
}

test('the big screen’s trend shows all seven channels of the demo week', async (t) => {
  const server = await startServer(t)
  const byChannel = await seedDemoChannels(server.app.ctx)
  assert.deepEqual(Object.keys(byChannel).sort(), [...INTAKE_CHANNELS].sort())
  for (const channel of INTAKE_CHANNELS) assert.ok(byChannel[channel] > 0, `${channel} seeded`)

  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, { viewport: { width: 1920, height: 1080 } })
  await page.goto('/screen')
  await page.waitForURL(/\/login\?next=/)
  await loginStaff(page, 'leader')
  const trend = page.getByTestId('screen-trend')
  await page.waitForFunction(() => {
    const series = document.querySelector('[data-testid=screen-trend]')?.getAttribute('data-series')
    return series !== null && series !== undefined && (JSON.parse(series) as unknown[]).length >= 7
  })
  const series = JSON.parse((await trend.getAttribute('data-series')) as string) as Array<{ name: string; points: number }>
  assert.deepEqual(
    series.map((s) => s.name),
    INTAKE_CHANNELS.map((c) => ZH[c]),
  )
  for (const s of series) assert.equal(s.points, 7, `${s.name}: a bar for each of the seven days`)
  await screenshot(page, 'screen-seven-channels')
  assert.deepEqual(page.errors, [])
})
