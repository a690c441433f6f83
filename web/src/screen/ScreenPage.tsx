/**
 * The command-hall big screen (一屏尽览), 1920×1080, scaled to the window: headline figures, the
 * 7-day trend by channel, the ranking of the child units, categories, the map, the latest events
 * (masked by the server), the departments on duty today, and one slot whose panels take turns (early
 * warnings, 矛盾纠纷), a clock and the data's freshness. Live: every change on the stream refetches the
 * dashboard call. `?scope=<org code>` is the screen of that unit.
 */

import { useQuery } from '@tanstack/react-query'
import { CHANNELS, type DashboardView } from '@xiaolan/contracts'
import { ConfigProvider, theme } from 'antd'
import { type ReactNode, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { Chart, type ChartOption } from '../components/Chart.tsx'
import { LanguageSwitch } from '../components/LanguageSwitch.tsx'
import { StaffMenu } from '../components/StaffHeader.tsx'
import { ErrorState, Loading } from '../components/States.tsx'
import { useLocale } from '../i18n/index.ts'
import { formatChinaLocal } from '../lib/china-time.ts'
import { useLiveChanges } from '../lib/live.ts'
import { apiQuery } from '../lib/queries.ts'
import { useCategories } from '../lib/reference.ts'
import { useSession } from '../lib/session.tsx'
import { AlertsPanel } from './AlertsPanel.tsx'
import { AreaMap } from './AreaMap.tsx'
import { DutyStrip } from './DutyStrip.tsx'
import { MediationPanel } from './MediationPanel.tsx'
import { RotatingPanels } from './RotatingPanels.tsx'
import { SweepsPanel } from './SweepsPanel.tsx'
import './screen.css'

/** At most one dashboard fetch per half second however many changes arrive; every minute for the clock-driven figures. */
const COALESCE_MS = 500
const REFRESH_MS = 60_000
const WIDTH = 1920
const HEIGHT = 1080
const CHANNEL_COLORS = ['#22c3e6', '#f7d154', '#8c7bff', '#3ddc97', '#f0643c', '#ff8ad8', '#7aa2c8', '#ff4d4f']
const AXIS = {
  axisLine: { lineStyle: { color: '#2a4a6d' } },
  axisLabel: { color: '#9fc3e6', fontSize: 14 },
  splitLine: { lineStyle: { color: '#14304f' } },
}

export default function ScreenPage() {
  const { t } = useTranslation('screen')
  const [params, setParams] = useSearchParams()
  const scope = params.get('scope') ?? undefined
  const dashboard = useQuery({
    ...apiQuery('GET /dashboard', { query: { scope, days: 7 } }),
    refetchInterval: REFRESH_MS,
  })
  const live = useLiveChanges({ scope, invalidates: ['GET /dashboard', 'GET /mediation/screen'], coalesceMs: COALESCE_MS })
  const data = dashboard.data ?? null
  const error = dashboard.error
  const loadedAt = dashboard.dataUpdatedAt ? new Date(dashboard.dataUpdatedAt) : null
  const scale = useFitScale()
  const pick = (code: string) => setParams({ scope: code })

  return (
    <div className="screen-viewport">
      <div className="screen" style={{ width: WIDTH, height: HEIGHT, transform: `scale(${scale})` }} data-testid="screen">
        <Header data={data} live={live} loadedAt={loadedAt} onPick={pick} />
        {data ? <Body data={data} onPick={pick} /> : error ? <ErrorState error={error} /> : <Loading />}
        {data && error ? <div className="screen-warning">{t('loadFailed')}</div> : null}
      </div>
    </div>
  )
}

/** The largest scale at which the 1920×1080 canvas fits the window. */
const fit = () => Math.min(window.innerWidth / WIDTH, window.innerHeight / HEIGHT)
function useFitScale() {
  const [scale, setScale] = useState(fit)
  useEffect(() => {
    const onResize = () => setScale(fit())
    window.addEventListener('resize', onResize)
    return () => window.removeEventListener('resize', onResize)
  }, [])
  return scale
}

function Header({
  data,
  live,
  loadedAt,
  onPick,
}: {
  data: DashboardView | null
  live: boolean
  loadedAt: Date | null
  onPick(code: string): void
}) {
  const { t } = useTranslation('screen')
  const [locale] = useLocale()
  const now = useClock()
  const { me } = useSession()
  // up one level only within the viewer's own area: a district's leader has no city screen to go to
  const reach = data && me?.kind === 'staff' ? data.path.slice(0, -1).findIndex((u) => u.id === me.unit.id) : -1
  const parent = data && reach !== -1 ? data.path[data.path.length - 2] : null
  return (
    <header className="screen-header">
      <div className="screen-header-side">
        {parent ? (
          <button type="button" className="screen-link" data-testid="screen-up" onClick={() => onPick(parent.code)}>
            ← {t('up', { name: parent.name })}
          </button>
        ) : null}
        <span className={live ? 'screen-live' : 'screen-live off'} data-testid="screen-live">
          {live ? t('live') : t('offline')}
        </span>
      </div>
      <div className="screen-title">
        <h1>{data ? t('scopedTitle', { scope: data.scope.name }) : t('title')}</h1>
        <div className="screen-subtitle">{data ? t('subtitle', { scope: data.path.map((u) => u.name).join(' / ') }) : null}</div>
      </div>
      <div className="screen-header-side right">
        <div className="screen-clock" data-testid="screen-clock">
          {formatTime(now, locale, { dateStyle: 'medium' })} {formatTime(now, locale, { weekday: 'short' })}{' '}
          {formatTime(now, locale, { timeStyle: 'medium', hourCycle: 'h23' })}
        </div>
        <div className="screen-freshness" data-testid="screen-freshness">
          {loadedAt ? t('freshness', { time: formatTime(loadedAt, locale, { timeStyle: 'medium', hourCycle: 'h23' }) }) : ''}
        </div>
        {/* the dark hall's colours for antd's buttons too: the light theme's hover turned the toggle dark on dark */}
        <ConfigProvider theme={{ algorithm: theme.darkAlgorithm }}>
          <LanguageSwitch />
        </ConfigProvider>
        <StaffMenu />
      </div>
    </header>
  )
}

function useClock() {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000)
    return () => clearInterval(timer)
  }, [])
  return now
}

/** The screen shows China time in the page's language, wherever the browser's zone is. */
const formatTime = formatChinaLocal

function Body({ data, onPick }: { data: DashboardView; onPick(code: string): void }) {
  const { t } = useTranslation('screen')
  const names = useCategoryNames()
  const childLevel = t(`level.${data.scope.level + 1}`)
  // the alerts panel's own read (one request for both): a new alert brings its panel forward
  const alerts = useQuery(apiQuery('GET /alerts', { query: { scope: data.scope.code, limit: 20 } }))
  const newestAlert = alerts.data?.items.reduce((m, a) => Math.max(m, a.id), 0)
  return (
    <main className="screen-body">
      <div className="screen-top">
        <Headline data={data} />
        <DutyStrip scope={data.scope.code} />
      </div>
      <section className="screen-column">
        <Panel title={t('trend', { days: data.days })}>
          <TrendChart data={data} />
        </Panel>
        <Panel title={t('categories')}>
          <CategoryChart data={data} names={names} />
        </Panel>
      </section>
      <section className="screen-center">
        <Panel title={`${t('map')} · ${t('mapHint')}`} grow>
          <AreaMap data={data} onPick={onPick} />
        </Panel>
        <Panel title={t('ranking', { level: childLevel, days: data.days })}>
          <RankingChart data={data} onPick={onPick} />
        </Panel>
      </section>
      <section className="screen-column">
        <Panel title={t('latest')} grow>
          <LatestEvents data={data} names={names} />
        </Panel>
        {/* the secondary panels take turns in one slot: add one here */}
        <RotatingPanels
          panels={[
            {
              key: 'alerts',
              title: t('alerts'),
              content: <AlertsPanel scope={data.scope.code} names={names} />,
              attention: newestAlert,
            },
            { key: 'mediation', title: t('mediation.title'), content: <MediationPanel scope={data.scope.code} /> },
            { key: 'sweeps', title: t('sweeps:screen.title'), content: <SweepsPanel scope={data.scope.code} level={data.scope.level} /> },
          ]}
        />
      </section>
    </main>
  )
}

function Panel({ title, children, grow }: { title: string; children: ReactNode; grow?: boolean }) {
  return (
    <div className={grow ? 'screen-panel grow' : 'screen-panel'}>
      <h2>{title}</h2>
      <div className="screen-panel-body">{children}</div>
    </div>
  )
}

function Headline({ data }: { data: DashboardView }) {
  const { t } = useTranslation('screen')
  const percent = (r: number | null) => (r === null ? t('noRate') : `${(r * 100).toFixed(1)}%`)
  const h = data.headline
  const items: Array<[keyof DashboardView['headline'], string, string?]> = [
    ['todayNew', String(h.todayNew)],
    ['inProgress', String(h.inProgress)],
    ['resolvedToday', String(h.resolvedToday)],
    ['overdue', String(h.overdue), h.overdue > 0 ? 'alert' : undefined],
    ['satisfactionRate', percent(h.satisfactionRate)],
    ['onTimeRate', percent(h.onTimeRate)],
  ]
  return (
    <div className="screen-headline">
      {items.map(([key, value, tone]) => (
        <div key={key} className={`screen-figure ${tone ?? ''}`}>
          <div className="screen-figure-value" data-testid={`headline-${key}`}>
            {value}
          </div>
          <div className="screen-figure-label">{t(`headline.${key}`)}</div>
          {key === 'satisfactionRate' ? (
            // real ratings only: what closed without one is counted beside the rate, not in it
            <div className="screen-figure-label" style={{ fontSize: 12, opacity: 0.8 }} data-testid="headline-unrated">
              {t('headline.unrated', {
                rated: h.evaluated,
                defaultClosed: h.defaultClosed,
                notReached: h.notReached,
                coverage: percent(h.callbackCoverage),
              })}
            </div>
          ) : null}
        </div>
      ))}
    </div>
  )
}

function TrendChart({ data }: { data: DashboardView }) {
  const { t } = useTranslation()
  const option = useMemo<ChartOption>(
    () => ({
      color: CHANNEL_COLORS,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: '#cfe6ff', fontSize: 13 }, itemWidth: 14 },
      grid: { left: 48, right: 16, top: 56, bottom: 32 },
      xAxis: { type: 'category', data: data.dayList.map((d) => d.slice(5)), ...AXIS },
      yAxis: { type: 'value', minInterval: 1, ...AXIS },
      series: data.trend
        .filter((s) => s.counts.some((n) => n > 0) || s.channel === 'hotline' || s.channel === 'app')
        .map((s) => ({
          name: t(`channel.${s.channel}`),
          type: 'bar',
          stack: 'total',
          barWidth: '55%',
          itemStyle: { color: CHANNEL_COLORS[CHANNELS.indexOf(s.channel)] },
          data: s.counts,
        })),
    }),
    [data, t],
  )
  return <Chart option={option} testId="screen-trend" />
}

function CategoryChart({ data, names }: { data: DashboardView; names: (code: string) => string }) {
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      // bright on the dark hall screen (ECharts' default palette is made for white pages)
      color: ['#22c3e6', '#f7d154', '#f0643c', '#5ad8a6', '#b37feb', '#3ba0ff', '#ff9c6e', '#bae637'],
      series: [
        {
          type: 'pie',
          animationType: 'scale',
          radius: ['42%', '70%'],
          center: ['50%', '55%'],
          label: { color: '#cfe6ff', fontSize: 14 },
          itemStyle: { borderColor: '#061426', borderWidth: 2 },
          data: data.categories.slice(0, 8).map((c) => ({ name: names(c.category), value: c.count })),
        },
      ],
    }),
    [data, names],
  )
  return <Chart option={option} testId="screen-categories" />
}

function RankingChart({ data, onPick }: { data: DashboardView; onPick(code: string): void }) {
  const { t } = useTranslation('screen')
  const top = data.units.slice(0, 10).reverse()
  const option = useMemo<ChartOption>(
    () => ({
      // bars that change places would fly across the chart: a ranking just redraws
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, textStyle: { color: '#cfe6ff', fontSize: 13 } },
      grid: { left: 150, right: 40, top: 36, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1, ...AXIS },
      yAxis: { type: 'category', data: top.map((u) => u.unit.name), ...AXIS, axisLabel: { color: '#e6f4ff', fontSize: 15, interval: 0 } },
      series: [
        {
          name: t('created'),
          type: 'bar',
          data: top.map((u) => ({ value: u.created, code: u.unit.code })),
          itemStyle: { color: '#22c3e6' },
        },
        { name: t('open'), type: 'bar', data: top.map((u) => ({ value: u.open, code: u.unit.code })), itemStyle: { color: '#f7d154' } },
        {
          name: t('overdue'),
          type: 'bar',
          data: top.map((u) => ({ value: u.overdue, code: u.unit.code })),
          itemStyle: { color: '#f0643c' },
        },
      ],
    }),
    [top, t],
  )
  return (
    <Chart
      option={option}
      testId="screen-ranking"
      onClick={(p) => {
        const code = (p.data as { code?: string } | undefined)?.code
        if (code && data.scope.level < 4) onPick(code)
      }}
    />
  )
}

function LatestEvents({ data, names }: { data: DashboardView; names: (code: string) => string }) {
  const { t } = useTranslation('screen')
  const common = useTranslation().t
  const [locale] = useLocale()
  if (data.latest.length === 0) return <div className="screen-empty">{t('noEvents')}</div>
  const row = (e: DashboardView['latest'][number], copy: boolean) => (
    <li
      key={`${copy ? 'copy-' : ''}${e.id}`}
      className="screen-event"
      data-testid={copy ? undefined : 'latest-event'}
      aria-hidden={copy || undefined}
    >
      <div className="screen-event-top">
        <span className="screen-event-number">{e.number}</span>
        <span className={`screen-state state-${e.state}`}>{common(`state.${e.state}`)}</span>
        <span className="screen-event-time">{formatTime(new Date(e.createdAt), locale, { timeStyle: 'short', hourCycle: 'h23' })}</span>
      </div>
      <div className="screen-event-title">{e.title}</div>
      <div className="screen-event-meta">
        {[names(e.category), common(`channel.${e.channel}`), e.district, e.community].filter(Boolean).join(' · ')}
      </div>
    </li>
  )
  // more than fit: scroll on a loop (the list twice, the second copy hidden from assistive tech)
  const scrolling = data.latest.length > 5
  return (
    <div className="screen-latest" data-testid="latest-events">
      <ul className={scrolling ? 'scrolling' : undefined} style={{ animationDuration: `${data.latest.length * 4}s` }}>
        {data.latest.map((e) => row(e, false))}
        {scrolling ? data.latest.map((e) => row(e, true)) : null}
      </ul>
    </div>
  )
}

/** Category names by code (top level), in the current language. */
function useCategoryNames() {
  const [locale] = useLocale()
  const categories = useCategories()
  return useMemo(() => {
    const names = new Map((categories ?? []).map((c) => [c.code, c]))
    return (code: string) => {
      const c = names.get(code) ?? names.get(code.split('.')[0])
      return c ? (locale === 'en' ? c.nameEn : c.nameZh) : code
    }
  }, [categories, locale])
}
