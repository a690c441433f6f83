/**
 * The rota editor (部门轮流入驻, issue 19 item 5): a week of the city center's stationed departments,
 * one picker per working day, a suggestion from the categories with the most open matters that the
 * editor accepts or changes, the save with an optional reason (a stale week is the server's 409), and
 * the week's history. Read-only for whoever may not edit it (the server says: `editable`).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { RotaWeekView } from '@xiaolan/contracts'
import { App as AntApp, Button, Card, Input, List, Select, Space, Table, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorState, Loading } from '../components/States.tsx'
import { call } from '../lib/api.ts'
import { formatChinaTime } from '../lib/china-time.ts'
import { apiQuery, invalidate } from '../lib/queries.ts'

const DAY_MS = 86_400_000
const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)

export function RotaEditor() {
  const { t } = useTranslation('rota')
  const [week, setWeek] = useState<string | undefined>(undefined)
  const { data, error, refetch } = useQuery(apiQuery('GET /rota/week', { query: { week } }))
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />
  if (!data) return <Loading />
  return (
    <Card title={t('editor.title')} size="small" data-testid="rota-editor">
      <Typography.Paragraph type="secondary">{t('editor.hint')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Button onClick={() => setWeek(shift(data.week, -7))} data-testid="rota-prev">
          {t('editor.prev')}
        </Button>
        <strong data-testid="rota-week">{t('editor.weekOf', { from: data.week, to: shift(data.week, 6) })}</strong>
        <Button onClick={() => setWeek(shift(data.week, 7))} data-testid="rota-next">
          {t('editor.next')}
        </Button>
      </Space>
      {/* a fresh form per week and version: what the server holds is what it starts from */}
      <WeekForm key={`${data.week}:${data.version}`} view={data} />
      <History week={data.week} version={data.version} />
    </Card>
  )
}

function WeekForm({ view }: { view: RotaWeekView }) {
  const { t } = useTranslation('rota')
  const { message } = AntApp.useApp()
  const client = useQueryClient()
  const [days, setDays] = useState(() => new Map(view.days.map((d) => [d.date, d.units.map((u) => u.id)])))
  const [reason, setReason] = useState('')
  const [saving, setSaving] = useState(false)
  const [reasons, setReasons] = useState<string[]>([])
  const options = view.candidates.map((u) => ({ value: u.id, label: u.name }))

  const suggest = async () => {
    const s = await call('GET /rota/suggestion', { query: { week: view.week } })
    if (s.reasons.length === 0) {
      message.info(t('editor.noSuggestion'))
      return
    }
    setDays(new Map(view.days.map((d) => [d.date, s.days.find((x) => x.date === d.date)?.units.map((u) => u.id) ?? []])))
    setReasons(
      s.reasons.map((r) =>
        t('editor.suggestReason', { unit: r.unit.name, open: r.open, weeks: s.weeks, categories: r.categories.join(t('sep')) }),
      ),
    )
    message.info(t('editor.suggested'))
  }
  const save = async () => {
    setSaving(true)
    try {
      await call('PUT /rota/weeks/:week', {
        params: { week: view.week },
        body: {
          version: view.version,
          days: view.days.filter((d) => d.working).map((d) => ({ date: d.date, unitIds: days.get(d.date) ?? [] })),
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        },
      })
      message.success(t('editor.saved'))
      await invalidate(client, ['GET /rota/week', 'GET /rota/weeks/:week/history', 'GET /rota/duty', 'GET /rota/hall'])
    } catch (e) {
      message.error((e as Error).message)
    } finally {
      setSaving(false)
    }
  }

  return (
    <>
      <Table
        rowKey="date"
        size="small"
        pagination={false}
        dataSource={view.days}
        columns={[
          { title: t('editor.week'), dataIndex: 'date', width: 140 },
          {
            title: t('hall.stationed'),
            key: 'units',
            render: (_: unknown, d) =>
              !d.working ? (
                <Typography.Text type="secondary">{t('editor.dayOff')}</Typography.Text>
              ) : view.editable ? (
                <Select
                  mode="multiple"
                  style={{ width: '100%' }}
                  placeholder={t('editor.pick')}
                  aria-label={`${t('editor.pick')} ${d.date}`}
                  data-testid={`rota-day-${d.date}`}
                  options={options}
                  optionFilterProp="label"
                  value={days.get(d.date) ?? []}
                  onChange={(ids: number[]) => setDays(new Map(days).set(d.date, ids))}
                />
              ) : (
                <Space wrap>
                  {d.units.map((u) => (
                    <Tag key={u.id}>{u.name}</Tag>
                  ))}
                </Space>
              ),
          },
        ]}
      />
      {view.editable ? (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          {reasons.length ? (
            <ul data-testid="rota-reasons" style={{ margin: 0 }}>
              {reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : null}
          <Input
            placeholder={t('editor.reason')}
            aria-label={t('editor.reason')}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="rota-reason"
          />
          <Space>
            <Button onClick={() => void suggest()} data-testid="rota-suggest">
              {t('editor.suggest')}
            </Button>
            <Button type="primary" loading={saving} onClick={() => void save()} data-testid="rota-save">
              {t('editor.save')}
            </Button>
          </Space>
        </Space>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('editor.readOnly')}
        </Typography.Paragraph>
      )}
    </>
  )
}

function History({ week, version }: { week: string; version: number }) {
  const { t } = useTranslation('rota')
  const { data, refetch } = useQuery(apiQuery('GET /rota/weeks/:week/history', { params: { week } }))
  // a save elsewhere moved the version: its entry is new
  useEffect(() => {
    if (version > 0) void refetch()
  }, [version, refetch])
  return (
    <div style={{ marginTop: 16 }}>
      <Typography.Title level={5}>{t('history.title')}</Typography.Title>
      <List
        size="small"
        data-testid="rota-history"
        locale={{ emptyText: t('history.empty') }}
        dataSource={data?.items ?? []}
        renderItem={(c) => (
          <List.Item>
            <div>
              <div>
                {t('history.entry', { user: c.username, at: formatChinaTime(c.at) })}
                {c.reason ? ` · ${c.reason}` : ''}
              </div>
              {c.days.map((d) => (
                <div key={d.date}>
                  {d.date}
                  {d.added.length ? ` ${t('history.added', { names: d.added.map((u) => u.name).join(t('sep')) })}` : ''}
                  {d.removed.length ? ` ${t('history.removed', { names: d.removed.map((u) => u.name).join(t('sep')) })}` : ''}
                </div>
              ))}
            </div>
          </List.Item>
        )}
      />
    </div>
  )
}
