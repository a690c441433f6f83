/**
 * 按渠道 (issue 17 item 1): the area's events of the period per intake channel — received, still
 * open, done, turned down, merged — with each channel's share of the whole, from `GET /kpis/channels`.
 */
import { useQuery } from '@tanstack/react-query'
import type { ChannelSplitRow } from '@xiaolan/contracts'
import { Table } from 'antd'
import { useTranslation } from 'react-i18next'
import { Loaded } from '../components/States.tsx'
import { apiQuery } from '../lib/queries.ts'

export function ChannelSplit({ period }: { period: { scope: string; from?: string; to?: string } }) {
  const { t } = useTranslation('kpi')
  const tc = useTranslation().t
  const query = useQuery(apiQuery('GET /kpis/channels', { query: { scope: period.scope || undefined, from: period.from, to: period.to } }))
  return (
    <Loaded query={query}>
      {(view) => {
        const total = view.items.reduce((n, r) => n + r.received, 0)
        const percent = (n: number) => (total === 0 ? '—' : `${((n / total) * 100).toFixed(1)}%`)
        return (
          <Table<ChannelSplitRow>
            rowKey="channel"
            size="small"
            pagination={false}
            data-testid="kpi-channels"
            dataSource={view.items}
            style={{ maxWidth: 900 }}
            columns={[
              { title: t('channels.channel'), dataIndex: 'channel', render: (c: string) => tc(`channel.${c}`) },
              { title: t('channels.received'), dataIndex: 'received' },
              { title: t('channels.share'), key: 'share', render: (_: unknown, r) => percent(r.received) },
              { title: t('channels.open'), dataIndex: 'open' },
              { title: t('channels.done'), dataIndex: 'done' },
              { title: t('channels.rejected'), dataIndex: 'rejected' },
              { title: t('channels.merged'), dataIndex: 'merged' },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('total')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1}>{total}</Table.Summary.Cell>
                <Table.Summary.Cell index={2}>{total === 0 ? '—' : '100%'}</Table.Summary.Cell>
                {(['open', 'done', 'rejected', 'merged'] as const).map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 3}>
                    {view.items.reduce((n, r) => n + r[k], 0)}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )}
          />
        )
      }}
    </Loaded>
  )
}
