/** The audit log: who did what to which record and when, filtered by actor, action and time. */
import type { AuditEntry } from '@xiaolan/contracts'
import { Button, DatePicker, Input, Select, Space, Table } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { EmptyState, ErrorState } from '../components/States.tsx'
import { api, qs } from '../lib/api.ts'

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
]

export function AuditPanel() {
  const { t } = useTranslation('admin')
  const [filters, setFilters] = useState<{ actor?: string; action?: string; from?: string; to?: string }>({})
  const [items, setItems] = useState<AuditEntry[]>([])
  const [next, setNext] = useState<number | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<unknown>(null)

  const load = useCallback(
    async (more?: number) => {
      setLoading(true)
      setError(null)
      try {
        const page = await api.get<{ items: AuditEntry[]; next: number | null }>(`/admin/audit${qs({ ...filters, next: more, limit: 50 })}`)
        setItems((old) => (more ? [...old, ...page.items] : page.items))
        setNext(page.next)
      } catch (e) {
        setError(e)
      } finally {
        setLoading(false)
      }
    },
    [filters],
  )
  useEffect(() => {
    void load()
  }, [load])

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
          onChange={(range) =>
            setFilters((f) => ({ ...f, from: range?.[0]?.startOf('day').toISOString(), to: range?.[1]?.endOf('day').toISOString() }))
          }
        />
      </Space>
      {error && !items.length ? (
        <ErrorState error={error} onRetry={() => void load()} />
      ) : (
        <Table<AuditEntry>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: <EmptyState /> }}
          columns={[
            {
              title: t('time'),
              dataIndex: 'at',
              width: 180,
              render: (d: string) => new Date(d).toLocaleString('zh-CN', { hour12: false }),
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
      )}
      {next ? (
        <div style={{ textAlign: 'center', margin: 16 }}>
          <Button onClick={() => void load(next)} loading={loading}>
            {t('loadMore')}
          </Button>
        </div>
      ) : null}
    </div>
  )
}
