/**
 * What a leader would rather look at than read, beside the KPI table: each rate of the scope over
 * the period by day or by week (GET /kpis/series), and the units of the table ranked by one rate.
 */
import { useQuery } from '@tanstack/react-query'
import type { KpiQuery, KpiRow, KpiSeries } from '@xiaolan/contracts'
import { Card, Segmented, Select, Space } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Chart, type ChartOption } from '../components/Chart.tsx'
import { EmptyState, Loaded } from '../components/States.tsx'
import { apiQuery } from '../lib/queries.ts'

/** The rates of the KPI table, in its order. */
export const RATES = ['signRate', 'onTimeRate', 'satisfactionRate', 'returnRate', 'reopenRate', 'sendBackRate'] as const
type Rate = (typeof RATES)[number]
type Bucket = 'day' | 'week'

/** At most this many units in the ranking chart: the best ones, the rest are in the table. */
const RANKED = 15

const asPercent = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10)

export function KpiCharts({ period, rows }: { period: Pick<KpiQuery, 'scope' | 'from' | 'to'>; rows: KpiRow[] }) {
  const { t } = useTranslation('kpi')
  const [bucket, setBucket] = useState<Bucket>('day')
  const [rankBy, setRankBy] = useState<Rate>('onTimeRate')
  const series = useQuery(apiQuery('GET /kpis/series', { query: { ...period, scope: period.scope || undefined, bucket } }))
  const ranking = useMemo(() => rankingOption(rows, rankBy, t(rankBy)), [rows, rankBy, t])
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('chart.rates')}
        extra={
          <Segmented<Bucket>
            data-testid="kpi-bucket"
            size="small"
            value={bucket}
            options={[
              { value: 'day', label: t('chart.byDay') },
              { value: 'week', label: t('chart.byWeek') },
            ]}
            onChange={setBucket}
          />
        }
      >
        <Loaded query={series}>{(s) => <RatesChart series={s} />}</Loaded>
      </Card>
      <Card
        size="small"
        title={t('chart.ranking')}
        extra={
          <Select<Rate>
            aria-label={t('chart.rankBy')}
            size="small"
            style={{ width: 140 }}
            value={rankBy}
            onChange={setRankBy}
            options={RATES.map((r) => ({ value: r, label: t(r) }))}
          />
        }
      >
        {ranking ? <Chart testId="kpi-ranking-chart" option={ranking} style={{ height: 320 }} /> : <EmptyState />}
      </Card>
    </Space>
  )
}

function RatesChart({ series }: { series: KpiSeries }) {
  const { t } = useTranslation('kpi')
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 44, right: 16, top: 36, bottom: 28 },
      xAxis: {
        type: 'category',
        data: series.points.map((p) =>
          series.bucket === 'day' ? p.start.slice(5) : t('chart.week', { start: p.start.slice(5), end: p.end.slice(5) }),
        ),
      },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: RATES.map((rate) => ({
        name: t(rate),
        type: 'line',
        connectNulls: true,
        showSymbol: series.points.length <= 31,
        data: series.points.map((p) => asPercent(p[rate])),
      })),
    }),
    [series, t],
  )
  return <Chart testId="kpi-rates-chart" option={option} style={{ height: 280 }} />
}

/** A horizontal bar per unit with a value of the rate, best at the top; null when no unit has one. */
function rankingOption(rows: KpiRow[], rate: Rate, name: string): ChartOption | null {
  const ranked = rows
    .filter((r) => r[rate] !== null)
    .sort((a, b) => (b[rate] as number) - (a[rate] as number) || a.unit.code.localeCompare(b.unit.code))
    .slice(0, RANKED)
  if (ranked.length === 0) return null
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v}%` },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: ranked.map((r) => r.unit.name) },
    series: [
      {
        name,
        type: 'bar',
        barMaxWidth: 24,
        data: ranked.map((r) => asPercent(r[rate])),
        label: { show: true, position: 'right', formatter: '{c}%' },
      },
    ],
  }
}
