/**
 * The KPI page's 矛盾纠纷调解 tab (issue 19 item 4): the cases of the reader's subtree by organisation,
 * type and outcome; the agreement rate (agreements of the cases with an outcome), the performance rate
 * at follow-up and the average days from opening to the outcome; a CSV of the organisations' figures.
 */
import { useQuery } from '@tanstack/react-query'
import type { MediationStatsView } from '@xiaolan/contracts'
import { Button, Card, Space, Statistic, Table, Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import { Loaded } from '../components/States.tsx'
import { apiQuery } from '../lib/queries.ts'

const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`)

/** A CSV cell: quoted when it holds a comma, a quote or a line break; a leading =, +, - or @ is defused for spreadsheets. */
const cell = (v: string | number) => {
  const s = String(v).replace(/^([=+\-@])/, "'$1")
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

function downloadCsv(t: (k: string) => string, view: MediationStatsView) {
  const rows = [[t('col.unit'), t('stats.cases'), t('stats.agreed')], ...view.byUnit.map((u) => [u.unit.name, u.n, u.agreed])]
  // a BOM so that spreadsheet programs read the Chinese names as UTF-8
  const blob = new Blob([`\ufeff${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' })
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = 'mediation-cases.csv'
  a.click()
  URL.revokeObjectURL(a.href)
}

export function MediationStats() {
  const { t } = useTranslation('mediation')
  const query = useQuery(apiQuery('GET /mediation/stats'))
  return (
    <Loaded query={query}>
      {(view) => (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="mediation-stats">
          <Space wrap size="large">
            <Statistic title={t('stats.cases')} value={view.total} />
            <Statistic title={t('stats.agreed')} value={view.agreed} />
            <Statistic title={t('stats.failed')} value={view.failed} />
            <Statistic title={t('stats.refused')} value={view.refused} />
            <Statistic title={t('stats.agreementRate')} value={percent(view.agreementRate)} />
            <Statistic title={t('stats.performanceRate')} value={percent(view.performanceRate)} />
            <Statistic title={t('stats.averageDays')} value={view.averageDays ?? '—'} />
          </Space>
          <Card size="small" title={t('stats.byType')}>
            <Space wrap>
              {view.byType.map((x) => (
                <Tag key={x.type}>
                  {t(`type.${x.type}`)} {x.n}
                </Tag>
              ))}
            </Space>
          </Card>
          <Card size="small" title={t('stats.byOutcome')}>
            <Space wrap>
              {view.byOutcome.map((x) => (
                <Tag key={x.outcome}>
                  {t(`outcome.${x.outcome}`)} {x.n}
                </Tag>
              ))}
            </Space>
          </Card>
          <Table
            rowKey={(r) => r.unit.id}
            size="small"
            pagination={{ pageSize: 20 }}
            dataSource={view.byUnit}
            columns={[
              { title: t('col.unit'), render: (_: unknown, r: MediationStatsView['byUnit'][number]) => r.unit.name },
              { title: t('stats.cases'), dataIndex: 'n', align: 'right' },
              { title: t('stats.agreed'), dataIndex: 'agreed', align: 'right' },
            ]}
          />
          <Button onClick={() => downloadCsv(t, view)} data-testid="mediation-stats-export">
            {t('stats.export')}
          </Button>
        </Space>
      )}
    </Loaded>
  )
}
