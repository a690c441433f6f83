/**
 * /kpi — performance of a scope (the caller's unit by default, any unit below it): the KPI table
 * per unit or rolled up per level, the ranking (红黑榜), the daily/weekly report (printable) and
 * the xlsx exports with progress. /kpi/settings — the calendar and the deadline rules (admins).
 */

import { useQuery } from '@tanstack/react-query'
import type { EventStateName, KpiReport, KpiRow, RankingView, SlaStatus } from '@xiaolan/contracts'
import { EVENT_STATES, SLA_STATUSES } from '@xiaolan/contracts'
import { App, Button, Card, Form, Input, Progress, Segmented, Select, Space, Statistic, Table, Tabs, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Route, Routes } from 'react-router'
import { StaffHeader } from '../components/StaffHeader.tsx'
import { EmptyState, Loaded } from '../components/States.tsx'
import { qs } from '../lib/api.ts'
import { chinaDateOf, chinaPeriod } from '../lib/china-time.ts'
import { type DownloadProgress, downloadFile, formatSize } from '../lib/download.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery } from '../lib/queries.ts'
import { useSession } from '../lib/session.tsx'
import { MediationStats } from '../mediation/MediationStats.tsx'
import { SweepsKpi } from '../sweeps/SweepsKpi.tsx'
import { ChannelSplit } from './ChannelSplit.tsx'
import { KpiCharts } from './KpiCharts.tsx'
import { ScopeTree } from './ScopeTree.tsx'
import SlaSettingsPage from './SlaSettingsPage.tsx'
import './kpi.css'

export const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`)
const hours = (x: number | null) => (x === null ? '—' : x.toFixed(1))

export default function KpiPage() {
  return (
    <Routes>
      <Route index element={<KpiDashboard />} />
      <Route path="settings" element={<SlaSettingsPage />} />
    </Routes>
  )
}

interface Filters {
  scope: string
  /** the scope's level: a rollup goes to a level below it */
  scopeLevel: number
  from: string
  to: string
  groupBy: 'unit' | 'level'
  level: number
}

function KpiDashboard() {
  const { t } = useTranslation('kpi')
  const { me } = useSession()
  const unit = me?.kind === 'staff' ? me.unit : null
  // no dates at first: the server's last 30 days, whose dates then fill the inputs
  const [filters, setFilters] = useState<Filters>({
    scope: unit?.code ?? '',
    scopeLevel: unit?.level ?? 1,
    from: '',
    to: '',
    groupBy: 'unit',
    level: Math.min((unit?.level ?? 1) + 1, 4),
  })
  const [applied, setApplied] = useState(filters)
  const period = { scope: applied.scope, ...chinaPeriod(applied.from, applied.to) }
  const kpiParams = { ...period, groupBy: applied.groupBy, level: applied.groupBy === 'level' ? applied.level : undefined }
  const kpiQuery = qs(kpiParams)
  const kpis = useQuery(apiQuery('GET /kpis', { query: kpiParams }))
  const ranking = useQuery(apiQuery('GET /kpis/ranking', { query: { ...period, level: applied.level } }))
  useEffect(() => {
    if (!kpis.data) return
    const { from, to } = kpis.data
    setFilters((f) => (f.from ? f : { ...f, from: chinaDateOf(from), to: chinaDateOf(Date.parse(to) - 1) }))
  }, [kpis.data])

  return (
    <div style={{ minHeight: '100vh', background: '#f4f6f9' }}>
      <StaffHeader
        title={t('title')}
        extra={
          <Space className="kpi-no-print">
            {me?.kind === 'staff' && me.role === 'admin' ? <Link to="/kpi/settings">{t('settings')}</Link> : null}
            <Link to="/public/kpi">{t('publicPage')}</Link>
          </Space>
        }
      />
      <main style={{ padding: 24 }}>
        <Card className="kpi-no-print" size="small" style={{ marginBottom: 16 }}>
          <Form layout="inline" onFinish={() => setApplied(filters)}>
            {unit ? (
              <Form.Item label={t('scope')}>
                <ScopeTree
                  root={unit}
                  value={filters.scope}
                  onChange={(u) => setFilters({ ...filters, scope: u.code, scopeLevel: u.level, level: Math.min(u.level + 1, 4) })}
                />
              </Form.Item>
            ) : null}
            <Form.Item label={t('from')}>
              <Input
                type="date"
                aria-label={t('from')}
                value={filters.from}
                max={filters.to}
                onChange={(e) => setFilters({ ...filters, from: e.target.value })}
              />
            </Form.Item>
            <Form.Item label={t('to')}>
              <Input
                type="date"
                aria-label={t('to')}
                value={filters.to}
                min={filters.from}
                onChange={(e) => setFilters({ ...filters, to: e.target.value })}
              />
            </Form.Item>
            <Form.Item label={t('groupBy')}>
              <Segmented
                value={filters.groupBy}
                options={[
                  { value: 'unit', label: t('groupBy.unit') },
                  { value: 'level', label: t('groupBy.level') },
                ]}
                onChange={(v) => setFilters({ ...filters, groupBy: v as Filters['groupBy'] })}
              />
            </Form.Item>
            {filters.groupBy === 'level' ? (
              <Form.Item label={t('level')}>
                <Select
                  data-testid="kpi-level"
                  value={filters.level}
                  style={{ width: 100 }}
                  options={levelsBelow(filters.scopeLevel).map((l) => ({ value: l, label: t(`level.${l}`) }))}
                  onChange={(level) => setFilters({ ...filters, level })}
                />
              </Form.Item>
            ) : null}
            <Button type="primary" htmlType="submit" data-testid="kpi-query">
              {t('query')}
            </Button>
          </Form>
        </Card>
        <Tabs
          items={[
            {
              key: 'kpis',
              label: t('tab.kpis'),
              children: (
                <Loaded query={kpis}>
                  {(report) => (
                    <div className="kpi-with-charts">
                      <div className="kpi-table-side">
                        <KpiTable report={report} />
                      </div>
                      <div className="kpi-charts-side kpi-no-print">
                        <KpiCharts period={period} rows={report.rows} />
                      </div>
                    </div>
                  )}
                </Loaded>
              ),
            },
            {
              key: 'ranking',
              label: t('tab.ranking'),
              children: <Loaded query={ranking}>{(view) => <Ranking view={view} />}</Loaded>,
            },
            { key: 'channels', label: t('tab.channels'), children: <ChannelSplit period={period} /> },
            { key: 'report', label: t('tab.report'), children: <Report scope={applied.scope} /> },
            // the mediation figures of the reader's subtree (issue 19 item 4): centers and those who oversee them
            ...(me?.kind === 'staff' && ['center_staff', 'supervisor', 'leader'].includes(me.role)
              ? [
                  { key: 'mediation', label: t('mediation:stats.tab'), children: <MediationStats /> },
                  // 隐患联排 (issue 20): a sweep's progress per street, community and grid
                  { key: 'sweeps', label: t('sweeps:kpi.tab'), children: <SweepsKpi /> },
                ]
              : []),
            {
              key: 'export',
              label: t('tab.export'),
              children: (
                <Exports
                  kpiQuery={kpiQuery}
                  // no dates picked: the period the table shows (the server's last 30 days)
                  period={{ scope: applied.scope, from: period.from ?? kpis.data?.from, to: period.to ?? kpis.data?.to }}
                />
              ),
            },
          ]}
        />
      </main>
    </div>
  )
}

/** The levels a scope's figures can roll up to: those below it (a community's only its own). */
const levelsBelow = (scopeLevel: number) => [1, 2, 3, 4].filter((l) => l > scopeLevel || (scopeLevel >= 4 && l === 4))

function kpiColumns(t: (k: string) => string): ColumnsType<KpiRow> {
  const rate = (key: keyof KpiRow) => ({ title: t(key), dataIndex: key, render: (v: number | null) => percent(v), align: 'right' as const })
  const count = (key: keyof KpiRow) => ({ title: t(key), dataIndex: key, align: 'right' as const })
  return [
    { title: t('unit'), key: 'unit', render: (_: unknown, r: KpiRow) => r.unit.name, fixed: 'left' },
    count('assigned'),
    rate('signRate'),
    count('resolved'),
    rate('onTimeRate'),
    rate('satisfactionRate'),
    count('defaultClosed'),
    count('notReached'),
    rate('callbackCoverage'),
    rate('returnRate'),
    rate('reopenRate'),
    rate('sendBackRate'),
    { title: t('avgHandlingHours'), dataIndex: 'avgHandlingHours', render: hours, align: 'right' },
    count('supervised'),
    count('pressed'),
    count('overdue'),
    count('missedCheckIns'),
  ]
}

function KpiTable({ report }: { report: KpiReport }) {
  const { t } = useTranslation('kpi')
  if (report.rows.length === 0) return <EmptyState />
  const rows = [...report.rows, { ...report.total, unit: { ...report.total.unit, id: -1, name: `${t('total')}（${report.scope.name}）` } }]
  return (
    <Table<KpiRow>
      data-testid="kpi-table"
      size="small"
      rowKey={(r) => r.unit.id}
      columns={kpiColumns(t)}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 1100 }}
    />
  )
}

function Ranking({ view }: { view: RankingView }) {
  const { t } = useTranslation('kpi')
  const columns: ColumnsType<KpiRow> = [
    { title: t('rank'), key: 'rank', render: (_: unknown, _r: KpiRow, i: number) => i + 1, width: 60 },
    { title: t('unit'), key: 'unit', render: (_: unknown, r: KpiRow) => r.unit.name },
    { title: t('signRate'), dataIndex: 'signRate', render: percent, align: 'right' },
    { title: t('onTimeRate'), dataIndex: 'onTimeRate', render: percent, align: 'right' },
    { title: t('satisfactionRate'), dataIndex: 'satisfactionRate', render: percent, align: 'right' },
    { title: t('notReached'), dataIndex: 'notReached', align: 'right' },
    { title: t('overdue'), dataIndex: 'overdue', align: 'right' },
  ]
  return (
    <Space align="start" wrap size={16}>
      <Typography.Paragraph type="secondary" style={{ width: '100%', marginBottom: 0 }} data-testid="ranking-hint">
        {t('rankingHint', { level: t(`level.${view.level}`) })}
      </Typography.Paragraph>
      {(
        [
          ['red', '#c0392b'],
          ['black', '#222'],
        ] as const
      ).map(([list, color]) => (
        <Card key={list} title={<span style={{ color }}>{t(list)}</span>} size="small" style={{ minWidth: 480 }}>
          <Table
            data-testid={`ranking-${list}`}
            size="small"
            rowKey={(r) => r.unit.id}
            columns={columns}
            dataSource={view[list]}
            pagination={false}
          />
        </Card>
      ))}
    </Space>
  )
}

function Report({ scope }: { scope: string }) {
  const { t } = useTranslation('kpi')
  const { message } = App.useApp()
  const [kind, setKind] = useState<'daily' | 'weekly'>('daily')
  const [date, setDate] = useState('') // the server's today until one is picked
  const params = { kind, date: date || undefined, scope: scope || undefined }
  const query = qs(params)
  const report = useQuery(apiQuery('GET /reports', { query: params }))
  return (
    <Loaded query={report}>
      {(r) => (
        <div className="kpi-report" style={{ background: '#fff', padding: 16 }}>
          <Space className="kpi-no-print" style={{ marginBottom: 16 }} wrap>
            <Segmented
              value={kind}
              options={[
                { value: 'daily', label: t('report.daily') },
                { value: 'weekly', label: t('report.weekly') },
              ]}
              onChange={(v) => setKind(v as 'daily' | 'weekly')}
            />
            <Input
              type="date"
              aria-label={t('report.date')}
              value={date || r.start}
              onChange={(e) => setDate(e.target.value)}
              style={{ width: 160 }}
            />
            <Button data-testid="report-print" onClick={() => window.print()}>
              {t('report.print')}
            </Button>
            <Button
              onClick={() =>
                downloadFile(`/reports/export.xlsx${query}`, 'report.xlsx', () => {}).catch((e) => message.error(errorText(t, e)))
              }
            >
              {t('report.download')}
            </Button>
          </Space>
          <Typography.Title level={2} style={{ fontSize: 20 }}>
            {t('report.heading', { scope: r.scope.name, kind: t(`report.${r.kind}`), start: r.start, end: r.end })}
          </Typography.Title>
          <Space size={32} wrap style={{ marginBottom: 16 }}>
            <Statistic title={t('report.created')} value={r.summary.created} />
            <Statistic title={t('resolved')} value={r.kpis.total.resolved} />
            <Statistic title={t('signRate')} value={percent(r.kpis.total.signRate)} />
            <Statistic title={t('onTimeRate')} value={percent(r.kpis.total.onTimeRate)} />
            <Statistic title={t('satisfactionRate')} value={percent(r.kpis.total.satisfactionRate)} />
            <Statistic title={t('supervised')} value={r.kpis.total.supervised} />
            <Statistic
              title={t('report.overdueNow')}
              value={r.summary.overdueNow}
              valueStyle={{ color: r.summary.overdueNow ? '#c0392b' : undefined }}
            />
            <Statistic title={t('report.warningNow')} value={r.summary.warningNow} />
          </Space>
          <KpiTable report={r.kpis} />
          <div style={{ marginTop: 16 }}>
            <Ranking view={r.ranking} />
          </div>
        </div>
      )}
    </Loaded>
  )
}

/** The exports of the applied scope and period: the events list under its own filters too, and the KPI table. */
function Exports({ kpiQuery, period }: { kpiQuery: string; period: { scope: string; from?: string; to?: string } }) {
  const { t } = useTranslation('kpi')
  const tc = useTranslation().t
  const { message } = App.useApp()
  const [sla, setSla] = useState<SlaStatus | ''>('')
  const [state, setState] = useState<EventStateName | ''>('')
  const [progress, setProgress] = useState<DownloadProgress | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async (path: string, name: string) => {
    setBusy(true)
    try {
      await downloadFile(path, name, setProgress)
      message.success(t('export.done'))
    } catch (e) {
      message.error(`${t('export.failed')}：${errorText(tc, e)}`)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('export.events')} size="small">
        <Typography.Paragraph type="secondary">{t('export.eventsHint')}</Typography.Paragraph>
        <Space wrap>
          <AnyOf<SlaStatus>
            label={t('export.sla')}
            width={140}
            value={sla}
            onChange={setSla}
            values={SLA_STATUSES}
            name={(s) => tc(`sla.${s}`)}
          />
          <AnyOf<EventStateName>
            label={t('export.state')}
            width={160}
            value={state}
            onChange={setState}
            values={EVENT_STATES}
            name={(s) => tc(`state.${s}`)}
          />
          <Button
            type="primary"
            data-testid="kpi-export-events"
            loading={busy}
            onClick={() => run(`/events/export.xlsx${qs({ ...period, sla, state })}`, 'events.xlsx')}
          >
            {t('export.events')}
          </Button>
          <Button data-testid="kpi-export-kpis" disabled={busy} onClick={() => run(`/kpis/export.xlsx${kpiQuery}`, 'kpis.xlsx')}>
            {t('export.kpis')}
          </Button>
        </Space>
      </Card>
      {progress ? (
        <Card size="small" data-testid="export-progress">
          <Progress percent={progress.fraction === null ? 100 : Math.round(progress.fraction * 100)} status={busy ? 'active' : 'success'} />
          <Space>
            {progress.rows !== null ? <span>{t('export.rows', { rows: progress.rows.toLocaleString() })}</span> : null}
            <span>{t('export.received', { size: formatSize(progress.received) })}</span>
          </Space>
        </Card>
      ) : null}
    </Space>
  )
}

/** A filter of an export: one of `values`, or any ('') — the label says which. */
function AnyOf<V extends string>({
  label,
  width,
  value,
  onChange,
  values,
  name,
}: {
  label: string
  width: number
  value: V | ''
  onChange(v: V | ''): void
  values: readonly V[]
  name(v: V): string
}) {
  const { t } = useTranslation('kpi')
  return (
    <Select
      aria-label={label}
      style={{ width }}
      value={value}
      onChange={onChange}
      options={[{ value: '', label: `${label}：${t('export.any')}` }, ...values.map((v) => ({ value: v, label: name(v) }))]}
    />
  )
}
