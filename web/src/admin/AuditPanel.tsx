/** The audit log: who did what to which record and when, filtered by actor, action and time. */
import type { AuditEntry } from '@xiaolan/contracts'
import { DatePicker, Input, Select, Space } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PagedTable } from '../components/PagedTable.tsx'
import { chinaPeriod, formatChinaTime } from '../lib/china-time.ts'
import { usePages } from '../lib/queries.ts'

const ACTIONS = [
  'unmask_contact',
  'caller_history',
  'org_update',
  'user_create',
  'user_update',
  'password_reset',
  'user_unlock',
  'login_locked',
  'category_update',
  'api_client_create',
  'api_client_update',
  'api_client_rotate',
  'api_client_use',
  'webhook_create',
  'webhook_update',
  'outbox_replay',
  'import_events',
  'netizen_import',
]

export function AuditPanel() {
  const { t } = useTranslation('admin')
  const [filters, setFilters] = useState<{ actor?: string; action?: string; from?: string; to?: string }>({})
  const pages = usePages('GET /admin/audit', { ...filters, limit: 50 })

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('actor')}
          aria-label={t('actor')}
          style={{ width: 200 }}
          onSearch={(actor) => setFilters((f) => ({ ...f, actor: actor.trim() || undefined }))}
        />
        <Select
          allowClear
          placeholder={t('action')}
          aria-label={t('action')}
          style={{ width: 200 }}
          options={ACTIONS.map((a) => ({ value: a, label: t(`auditAction.${a}`) }))}
          onChange={(action) => setFilters((f) => ({ ...f, action }))}
        />
        <DatePicker.RangePicker
          aria-label={t('time')}
          placeholder={[t('from'), t('to')]}
          onChange={(range) => setFilters((f) => ({ ...f, ...chinaPeriod(range?.[0], range?.[1]) }))}
        />
      </Space>
      <PagedTable<AuditEntry>
        pages={pages}
        columns={[
          {
            title: t('time'),
            dataIndex: 'at',
            width: 180,
            render: (d: string) => formatChinaTime(d, { seconds: true }),
          },
          { title: t('actor'), dataIndex: 'actor', render: (a: string | null) => a ?? '—' },
          { title: t('action'), dataIndex: 'action', render: (a: string) => t(`auditAction.${a}`, { defaultValue: a }) },
          { title: t('target'), key: 'target', render: (_: unknown, e) => `${e.targetKind} ${e.targetId}` },
          {
            title: t('detail'),
            dataIndex: 'detail',
            ellipsis: true,
            render: (d: Record<string, unknown>) => <code style={{ fontSize: 12 }}>{JSON.stringify(d)}</code>,
          },
        ]}
      />
    </div>
  )
}
