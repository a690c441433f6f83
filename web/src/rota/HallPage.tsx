/**
 * The center's hall (issue 19 item 5), at /workbench/rota: who is stationed at the caller's center
 * today — the city's rota, a district's permanent 政法 units — and what was dispatched to them, each
 * with its same-working-day sign-by and whether it was signed in time. The city center's staff also
 * plan the rota here, with the editor the admin console has.
 */
import { useQuery } from '@tanstack/react-query'
import type { RotaDispatchView } from '@xiaolan/contracts'
import { Card, Space, Table, Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import { StaffHeader } from '../components/StaffHeader.tsx'
import { ErrorState, tableStates } from '../components/States.tsx'
import { formatChinaTime } from '../lib/china-time.ts'
import { apiQuery } from '../lib/queries.ts'
import { RotaEditor } from './RotaEditor.tsx'

const STATE_COLOR = { pending: 'gold', signed: 'green', late: 'red' } as const

export default function HallPage() {
  const { t } = useTranslation('rota')
  const { data, error, refetch } = useQuery({ ...apiQuery('GET /rota/hall', { query: {} }), refetchInterval: 60_000 })
  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <StaffHeader title={t('hall.title')} />
      <main style={{ padding: '12px 24px', display: 'grid', gap: 16 }}>
        {error ? <ErrorState error={error} onRetry={() => void refetch()} /> : null}
        <Card title={`${t('hall.stationed')}${data ? ` · ${data.center.name} · ${data.date}` : ''}`} size="small">
          <Space wrap data-testid="hall-stationed">
            {data && data.stationed.length === 0 ? t('hall.none') : null}
            {data?.stationed.map((s) => (
              <Tag key={s.unit.id} color="blue">
                {s.unit.name}
                {s.permanent ? ` · ${t('hall.permanent')}` : ''}
              </Tag>
            ))}
          </Space>
        </Card>
        <Card title={t('hall.dispatches')} size="small">
          <Table<RotaDispatchView>
            rowKey={(r) => `${r.eventId}-${r.dispatchedAt}`}
            size="small"
            pagination={false}
            data-testid="hall-dispatches"
            {...tableStates({ answered: data !== undefined, empty: t('hall.empty') })}
            dataSource={data?.items ?? []}
            columns={[
              { title: t('hall.number'), dataIndex: 'number' },
              { title: t('hall.unit'), key: 'unit', render: (_: unknown, r) => r.unit.name },
              { title: t('hall.dispatchedAt'), dataIndex: 'dispatchedAt', render: (v: string) => formatChinaTime(v) },
              { title: t('hall.signBy'), dataIndex: 'signBy', render: (v: string) => formatChinaTime(v) },
              {
                title: t('hall.state'),
                dataIndex: 'state',
                render: (s: RotaDispatchView['state']) => <Tag color={STATE_COLOR[s]}>{t(`state.${s}`)}</Tag>,
              },
            ]}
          />
        </Card>
        {data?.center.level === 1 ? <RotaEditor /> : null}
      </main>
    </div>
  )
}
