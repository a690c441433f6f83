/**
 * The workbench of center, department and mediation staff: inbox tabs with counts, filters, the
 * event table with keyset "load more", and the event drawer. New events arrive over the live stream.
 */

import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { InboxBox, ListEventsQuery } from '@xiaolan/contracts'
import { CHANNELS, INBOX_BOXES, INBOX_COUNT_CAP } from '@xiaolan/contracts'
import { Alert, App as AntApp, Badge, Button, DatePicker, Input, Select, Space, Table, Tabs, Tag } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { StaffHeader } from '../components/StaffHeader.tsx'
import { Counted, ErrorState, tableStates } from '../components/States.tsx'
import { chinaPeriod } from '../lib/china-time.ts'
import { useLiveChanges } from '../lib/live.ts'
import { apiQuery, invalidate, usePages } from '../lib/queries.ts'
import { categoryOptions, useCategories, useCategoryName, useCenters } from '../lib/reference.ts'
import { useSession } from '../lib/session.tsx'
import { WorkbenchAlerts } from './AlertsPanel.tsx'
import { EventDrawer } from './EventDrawer.tsx'
import { ALERT_COLOR, formatTime, PRIORITY_COLOR, SLA_COLOR, STATE_COLOR } from './look.ts'

/** How often the tab counts are read again without a change: 即将超期 fills as deadlines near. */
const COUNTS_REFRESH_MS = 60_000
/** How long the live stream may be down before the page says its list may be out of date. */
const STREAM_LOST_MS = 3000

/** The actions that bring an event to a unit: each is announced to that unit's open workbenches. */
const ARRIVALS = new Set(['route', 'escalate', 'dispatch', 'accept', 'return'])

/** The inbox tabs, then everything in the caller's scope (where closed events are found). */
const TABS = [...INBOX_BOXES, 'all'] as const
type Tab = InboxBox | 'all'

type Filters = Pick<ListEventsQuery, 'category' | 'channel' | 'district' | 'from' | 'to' | 'text'>

export default function WorkbenchApp() {
  const { t, i18n } = useTranslation('workbench')
  const { me } = useSession()
  const { notification } = AntApp.useApp()
  const [params, setParams] = useSearchParams()
  const box = (TABS as readonly string[]).includes(params.get('box') ?? '') ? (params.get('box') as Tab) : 'pending_sign'
  const openId = Number(params.get('event')) || null
  const [filters, setFilters] = useState<Filters>({})
  const categories = useCategories()
  const centers = useCenters()
  const categoryName = useCategoryName()
  const queryClient = useQueryClient()
  // the stream moves the counts a change alters; 即将超期 also moves with the clock, hence the minute
  const counts = useQuery({ ...apiQuery('GET /events/inbox'), refetchInterval: COUNTS_REFRESH_MS }).data
  const pages = usePages('GET /events', { box: box === 'all' ? undefined : box, ...filters, limit: 20 })
  const listKey = ['GET /events', { query: { box: box === 'all' ? undefined : box, ...filters, limit: 20 } }, 'pages']
  const items = pages.data?.items ?? []
  // pages added with "load more": a live change then marks the list stale instead of cutting it back
  const expanded = (pages.data?.pages.length ?? 0) > 1
  const [stale, setStale] = useState(false)
  /** Back to the newest first page. */
  const refresh = () => {
    setStale(false)
    void queryClient.resetQueries({ queryKey: listKey, exact: true })
  }

  // the workbench stream brings only the changes that touch this unit's tabs, each saying which tabs'
  // lists and counts it alters: the counts are refetched when one moved, the list when it is the
  // visible tab's, the drawer when it shows a changed event (after a resync, all of them)
  const live = useLiveChanges({
    view: 'workbench',
    tab: box === 'all' ? 'all' : undefined,
    invalidates: [],
    onChanges: (changes, resync) => {
      for (const change of changes) {
        if (me?.kind === 'staff' && change.currentUnitId === me.unit.id && ARRIVALS.has(change.action)) {
          notification.info({ title: t('newEvent', { number: change.number }), placement: 'bottomRight' })
        }
      }
      if (resync || changes.some((c) => c.counts?.length)) invalidate(queryClient, ['GET /events/inbox'])
      if (resync || (openId !== null && changes.some((c) => c.eventId === openId))) invalidate(queryClient, ['GET /events/:id'])
      if (!resync && !changes.some((c) => c.tabs?.includes(box))) return
      // the list refetches itself unless the reader opened more pages: those are kept, and marked stale
      if (expanded) setStale(true)
      else void queryClient.invalidateQueries({ queryKey: listKey, exact: true })
    },
  })

  // said when the stream stays down: not while it connects (a page load, a switch to or from 全部)
  const [lost, setLost] = useState(false)
  useEffect(() => {
    if (live) return setLost(false)
    const timer = setTimeout(() => setLost(true), STREAM_LOST_MS)
    return () => clearTimeout(timer)
  }, [live])

  const open = (id: number | null) => {
    const p = new URLSearchParams(params)
    if (id) p.set('event', String(id))
    else p.delete('event')
    setParams(p)
  }
  const en = i18n.language === 'en'

  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <StaffHeader
        title={t('title')}
        extra={
          me?.kind === 'staff' && me.role === 'dept_staff' ? (
            // the theme's primary: antd's default link blue is below 4.5:1 on white
            <Link to="/workbench/knowledge" data-testid="workbench-knowledge" style={{ color: '#1357a6' }}>
              {t('knowledge:page.title')}
            </Link>
          ) : me?.kind === 'staff' && (me.role === 'mediator' || me.role === 'center_staff') ? (
            // a mediator's cases; a center's, the cases its subtree sent to mediation
            <Space>
              <Link to="/workbench/mediation" data-testid="workbench-mediation" style={{ color: '#1357a6' }}>
                {t('mediation:list.title')}
              </Link>
              {me.role === 'center_staff' ? (
                <Link to="/workbench/sweeps" data-testid="workbench-sweeps" style={{ color: '#1357a6' }}>
                  {t('sweeps:page.title')}
                </Link>
              ) : null}
              {me.role === 'center_staff' && me.unit.level <= 2 ? (
                // the city's and the districts' centers have departments stationed in their hall
                <Link to="/workbench/rota" data-testid="workbench-rota" style={{ color: '#1357a6' }}>
                  {t('rota:hall.title')}
                </Link>
              ) : null}
            </Space>
          ) : null
        }
      />
      <main style={{ padding: '12px 24px' }}>
        {lost ? <Alert type="warning" showIcon banner title={t('streamLost')} data-testid="stream-lost" /> : null}
        {me?.kind === 'staff' ? <WorkbenchAlerts unitId={me.unit.id} onOpenEvent={open} /> : null}
        <Tabs
          activeKey={box}
          onChange={(k) => setParams({ box: k })}
          items={TABS.map((b) => ({
            key: b,
            label: (
              <span data-testid={`inbox-tab-${b}`}>
                {t(`box.${b}`)}{' '}
                {b === 'all' ? null : (
                  <Counted count={counts?.[b]}>
                    {(n) => (
                      <Badge
                        count={n}
                        showZero
                        overflowCount={INBOX_COUNT_CAP - 1}
                        title={n >= INBOX_COUNT_CAP ? t('countCapped', { n: INBOX_COUNT_CAP.toLocaleString() }) : undefined}
                        color={n ? '#b42318' : '#5c6b7a'}
                        data-testid={`inbox-count-${b}`}
                      />
                    )}
                  </Counted>
                )}
              </span>
            ),
          }))}
        />
        <Space wrap style={{ marginBottom: 12 }} aria-label={t('filters')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'search' }}
            style={{ width: 220 }}
            placeholder={t('filter.category')}
            aria-label={t('filter.category')}
            options={categoryOptions(categories, en)}
            onChange={(v) => setFilters((f) => ({ ...f, category: v }))}
          />
          <Select
            allowClear
            style={{ width: 170 }}
            placeholder={t('filter.channel')}
            aria-label={t('filter.channel')}
            options={CHANNELS.map((c) => ({ value: c, label: t(`common:channel.${c}`) }))}
            onChange={(v) => setFilters((f) => ({ ...f, channel: v }))}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 150 }}
            placeholder={t('filter.district')}
            aria-label={t('filter.district')}
            options={(centers ?? []).filter((c) => c.level === 2).map((c) => ({ value: c.code, label: c.name }))}
            onChange={(v) => setFilters((f) => ({ ...f, district: v }))}
          />
          <DatePicker.RangePicker
            aria-label={t('filter.time')}
            placeholder={[t('filter.from'), t('filter.to')]}
            onChange={(range) => setFilters((f) => ({ ...f, ...chinaPeriod(range?.[0], range?.[1]) }))}
          />
          <Input.Search
            allowClear
            style={{ width: 240 }}
            placeholder={t('filter.text')}
            aria-label={t('filter.text')}
            data-testid="filter-text"
            onSearch={(v) => setFilters((f) => ({ ...f, text: v.trim() || undefined }))}
          />
        </Space>
        {pages.error && !items.length ? (
          <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />
        ) : (
          <>
            {stale ? (
              <Alert
                type="info"
                showIcon
                // stays in view while the reader is down on a later page
                style={{ marginBottom: 8, position: 'sticky', top: 8, zIndex: 3 }}
                title={t('staleList')}
                action={
                  <Button size="small" onClick={refresh} data-testid="refresh-list">
                    {t('refresh')}
                  </Button>
                }
              />
            ) : null}
            <Table<(typeof items)[number]>
              rowKey="id"
              size="middle"
              {...tableStates({
                answered: pages.data !== undefined,
                fetching: pages.isFetching && !pages.isFetchingNextPage,
                empty: t('emptyBox'),
              })}
              dataSource={items}
              pagination={false}
              onRow={(e) =>
                ({
                  'data-testid': 'event-row',
                  onClick: () => open(e.id),
                  onKeyDown: (k: React.KeyboardEvent) => k.key === 'Enter' && open(e.id),
                  tabIndex: 0,
                  style: { cursor: 'pointer' },
                }) as React.HTMLAttributes<HTMLElement>
              }
              columns={[
                { title: t('col.number'), dataIndex: 'number', width: 170 },
                { title: t('col.title'), dataIndex: 'title', ellipsis: true },
                { title: t('col.category'), dataIndex: 'category', render: (c: string) => categoryName(c), ellipsis: true },
                {
                  title: t('col.priority'),
                  dataIndex: 'priority',
                  width: 90,
                  render: (p: (typeof items)[number]['priority']) => <Tag color={PRIORITY_COLOR[p]}>{t(`common:priority.${p}`)}</Tag>,
                },
                {
                  title: t('col.state'),
                  dataIndex: 'state',
                  width: 160,
                  render: (s: string, e) => (
                    <Space size={2}>
                      <Tag color={STATE_COLOR[s]}>{t(`common:state.${s}`)}</Tag>
                      {e.supervised ? <Tag color={ALERT_COLOR}>{t('supervised')}</Tag> : null}
                      {e.slaStatus && e.slaStatus !== 'normal' ? (
                        <Tag color={SLA_COLOR[e.slaStatus]} data-testid="sla-status">
                          {t(`common:sla.${e.slaStatus}`)}
                        </Tag>
                      ) : null}
                    </Space>
                  ),
                },
                { title: t('col.unit'), dataIndex: ['currentUnit', 'name'], ellipsis: true },
                { title: t('col.channel'), dataIndex: 'channel', width: 130, render: (c: string) => t(`common:channel.${c}`) },
                { title: t('col.created'), dataIndex: 'createdAt', width: 150, render: (d: string) => formatTime(d) },
                {
                  title: t('col.deadline'),
                  dataIndex: 'resolveDeadline',
                  width: 150,
                  render: (d: string | null) =>
                    d ? <span style={{ color: Date.parse(d) < Date.now() ? '#b42318' : undefined }}>{formatTime(d)}</span> : '—',
                },
              ]}
            />
            {pages.hasNextPage ? (
              <div style={{ textAlign: 'center', margin: 16 }}>
                <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage} data-testid="load-more">
                  {t('loadMore')}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </main>
      <EventDrawer id={openId} onClose={() => open(null)} />
    </div>
  )
}
