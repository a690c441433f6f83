/**
 * /public/kpi — anyone may see how well each district and department answers: on-time and
 * satisfaction rates over the last 30 days. Aggregates only: no event, no person.
 */

import { useQuery } from '@tanstack/react-query'
import type { PublicKpiRow } from '@xiaolan/contracts'
import { Card, Space, Table, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { LanguageSwitch } from '../components/LanguageSwitch.tsx'
import { ErrorState, Loading } from '../components/States.tsx'
import { apiQuery } from '../lib/queries.ts'

const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`)

export default function PublicKpiPage() {
  const { t } = useTranslation('kpi')
  const tc = useTranslation().t
  const query = useQuery(apiQuery('GET /public/kpis'))
  const view = query.data
  const error = query.error
  const load = () => void query.refetch()
  const columns = [
    { title: t('public.name'), dataIndex: 'name', width: 140 },
    { title: t('resolved'), dataIndex: 'resolved', align: 'right' as const },
    { title: t('onTimeRate'), dataIndex: 'onTimeRate', render: percent, align: 'right' as const },
    { title: t('evaluated'), dataIndex: 'evaluated', align: 'right' as const },
    { title: t('satisfactionRate'), dataIndex: 'satisfactionRate', render: percent, align: 'right' as const },
    { title: t('public.unrated'), dataIndex: 'unrated', align: 'right' as const },
  ]
  return (
    <div style={{ minHeight: '100vh', background: '#f4f6f9' }}>
      <header
        style={{ display: 'flex', alignItems: 'center', padding: '12px 24px', background: '#fff', borderBottom: '1px solid #d9dee5' }}
      >
        <Typography.Title level={1} style={{ fontSize: 18, margin: 0, flex: 1, color: '#0d3c73' }}>
          {tc('appName')} · {t('public.title')}
        </Typography.Title>
        <LanguageSwitch />
      </header>
      <main style={{ padding: 24, maxWidth: 1100, margin: '0 auto' }}>
        <Typography.Paragraph type="secondary">{t('public.subtitle')}</Typography.Paragraph>
        {error ? <ErrorState error={error} onRetry={load} /> : null}
        {!view && !error ? <Loading /> : null}
        {view ? (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {(['districts', 'departments'] as const).map((part) => (
              <Card key={part} title={t(`public.${part}`)} size="small">
                <Table<PublicKpiRow>
                  data-testid={`public-kpi-${part}`}
                  size="small"
                  rowKey="code"
                  columns={columns}
                  dataSource={view[part]}
                  // the districts fit on one page; the departments are many
                  pagination={part === 'districts' ? false : { pageSize: 20 }}
                  scroll={{ x: 520 }}
                />
              </Card>
            ))}
          </Space>
        ) : null}
      </main>
    </div>
  )
}
