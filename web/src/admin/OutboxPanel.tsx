/**
 * 短信: the SMS the outbox holds about one event (found by its number), what they said and when they
 * go — held until the quiet hours end — with the phone masked. The links in them are the callers'.
 */
import { useQuery } from '@tanstack/react-query'
import type { OutboxSms } from '@xiaolan/contracts'
import { Alert, Button, Card, Input, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorState } from '../components/States.tsx'
import { ApiError } from '../lib/api.ts'
import { formatChinaTime } from '../lib/china-time.ts'
import { apiQuery } from '../lib/queries.ts'

const NUMBER = /^LZ\d{8}-\d{6,7}$/

export function OutboxPanel() {
  const { t } = useTranslation('admin')
  const [typed, setTyped] = useState('')
  const [number, setNumber] = useState<string | null>(null)
  const event = useQuery({ ...apiQuery('GET /track/:number', { params: { number: number ?? '' } }), enabled: number !== null })
  const id = event.data?.id
  const sms = useQuery({ ...apiQuery('GET /admin/outbox', { query: { event: id ?? 0 } }), enabled: id !== undefined })
  const search = () => setNumber(NUMBER.test(typed.trim().toUpperCase()) ? typed.trim().toUpperCase() : null)
  return (
    <Card title={t('outbox.title')} data-testid="admin-outbox">
      <Space.Compact style={{ maxWidth: 420, width: '100%', marginBottom: 16 }}>
        <Input
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onPressEnter={search}
          placeholder={t('outbox.number')}
          aria-label={t('outbox.number')}
          data-testid="outbox-number"
        />
        <Button type="primary" onClick={search} data-testid="outbox-search">
          {t('outbox.search')}
        </Button>
      </Space.Compact>
      {event.error instanceof ApiError && event.error.status === 404 ? (
        <Alert type="info" showIcon title={t('outbox.noEvent')} />
      ) : event.error ? (
        <ErrorState error={event.error} onRetry={() => void event.refetch()} />
      ) : sms.error ? (
        <ErrorState error={sms.error} onRetry={() => void sms.refetch()} />
      ) : sms.data ? (
        <Table<OutboxSms>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={sms.data.items}
          locale={{ emptyText: t('outbox.empty') }}
          columns={[
            { title: t('outbox.to'), dataIndex: 'to', width: 130 },
            {
              title: t('outbox.text'),
              dataIndex: 'text',
              render: (text: string) => (
                <span data-testid="outbox-text" data-data="" style={{ overflowWrap: 'anywhere' }}>
                  {text}
                </span>
              ),
            },
            {
              title: t('outbox.state'),
              dataIndex: 'state',
              width: 100,
              render: (state: string) => <Tag color={state === 'delivered' ? 'green' : undefined}>{t(`outbox.stateName.${state}`)}</Tag>,
            },
            { title: t('outbox.sendAt'), dataIndex: 'sendAt', width: 150, render: (at: string) => formatChinaTime(at) },
          ]}
        />
      ) : null}
    </Card>
  )
}
