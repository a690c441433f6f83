/**
 * /kpi/settings (日历与时限): admins enter next year's State Council holiday notice as calendar
 * overrides, and edit the deadline rules per category × priority; every change says why and
 * appears in the change log. Deadlines computed after a change follow it at once.
 */

import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { CalendarOverrideBody, CalendarView, ChangeView, ReviewSettingView, SlaRuleBody, SlaRuleView } from '@xiaolan/contracts'
import { PRIORITIES } from '@xiaolan/contracts'
import { App, Button, Card, Form, Input, InputNumber, Modal, Result, Select, Space, Switch, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { StaffHeader } from '../components/StaffHeader.tsx'
import { ErrorState, Loading, tableStates } from '../components/States.tsx'
import { call } from '../lib/api.ts'
import { chinaYear, formatChinaTime } from '../lib/china-time.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery, invalidate } from '../lib/queries.ts'
import { useSession } from '../lib/session.tsx'

export default function SlaSettingsPage() {
  const { t } = useTranslation('kpi')
  const { me } = useSession()
  const isAdmin = me?.kind === 'staff' && me.role === 'admin'
  return (
    <div style={{ minHeight: '100vh', background: '#f4f6f9' }}>
      <StaffHeader title={t('settings')} extra={<Link to="/kpi">{t('back')}</Link>} />
      <main style={{ padding: 24 }}>
        {isAdmin ? (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <CalendarSection />
            <RulesSection />
            <ReviewSection />
            <HistorySection />
          </Space>
        ) : (
          <Result status="403" title={t('adminOnly')} />
        )}
      </main>
    </div>
  )
}

function CalendarSection() {
  const { t } = useTranslation('kpi')
  const { message, modal } = App.useApp()
  const [year, setYear] = useState(() => chinaYear() + 1)
  const queryClient = useQueryClient()
  const calendar = useQuery(apiQuery('GET /admin/sla/calendar', { query: { year } }))
  const view = calendar.data
  const error = calendar.error
  const load = () => void calendar.refetch()
  /** The answer is the year's calendar as it now is. */
  const setView = (updated: CalendarView) =>
    queryClient.setQueryData(apiQuery('GET /admin/sla/calendar', { query: { year } }).queryKey, updated)
  const [form] = Form.useForm<CalendarOverrideBody>()

  const save = async (body: CalendarOverrideBody) => {
    try {
      setView(await call('POST /admin/sla/calendar', { body }))
      form.resetFields(['date', 'name'])
      message.success(t('saved'))
    } catch (e) {
      message.error(errorText(t, e))
    }
  }
  const remove = (date: string) => {
    let reason = ''
    modal.confirm({
      title: `${t('calendar.delete')} ${date}`,
      content: <Input placeholder={t('calendar.deleteReason')} onChange={(e) => (reason = e.target.value)} />,
      onOk: async () => {
        try {
          setView(await call('POST /admin/sla/calendar/delete', { body: { date, reason } }))
        } catch (e) {
          message.error(errorText(t, e))
          throw e
        }
      },
    })
  }

  return (
    <Card title={t('calendar.title')} size="small" data-testid="sla-calendar">
      <Space style={{ marginBottom: 12 }}>
        <span>{t('calendar.year')}</span>
        <InputNumber min={2020} max={2100} value={year} onChange={(v) => v && setYear(v)} />
        {view ? (
          <Tag color={view.official ? 'green' : 'orange'}>{view.official ? t('calendar.official') : t('calendar.notOfficial')}</Tag>
        ) : null}
      </Space>
      {error ? <ErrorState error={error} onRetry={load} /> : null}
      <Form form={form} layout="inline" onFinish={save} initialValues={{ kind: 'holiday' }} style={{ marginBottom: 12 }}>
        <Form.Item name="date" label={t('calendar.date')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="kind" label={t('calendar.kind')}>
          <Select
            style={{ width: 140 }}
            options={[
              { value: 'holiday', label: t('calendar.kind.holiday') },
              { value: 'workday', label: t('calendar.kind.workday') },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={t('calendar.name')}>
          <Input style={{ width: 120 }} maxLength={40} />
        </Form.Item>
        <Form.Item name="reason" label={t('calendar.reason')} rules={[{ required: true, min: 2 }]}>
          <Input style={{ width: 240 }} maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('calendar.add')}
        </Button>
      </Form>
      <Table
        size="small"
        rowKey="date"
        pagination={false}
        {...tableStates({ answered: view !== undefined || Boolean(error) })}
        dataSource={view?.overrides ?? []}
        columns={[
          { title: t('calendar.date'), dataIndex: 'date' },
          { title: t('calendar.kind'), dataIndex: 'kind', render: (k: string) => t(`calendar.kind.${k}`) },
          { title: t('calendar.name'), dataIndex: 'name' },
          { title: t('calendar.reason'), dataIndex: 'reason' },
          {
            key: 'delete',
            render: (_: unknown, o: { date: string }) => (
              <Button size="small" danger onClick={() => remove(o.date)}>
                {t('calendar.delete')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  )
}

type RuleForm = Omit<SlaRuleBody, 'reason'> & { reason: string }

function RulesSection() {
  const { t } = useTranslation('kpi')
  const tc = useTranslation().t
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const query = useQuery(apiQuery('GET /admin/sla/rules'))
  const rules = query.data?.items
  const error = query.error
  const load = () => void query.refetch()
  const [editing, setEditing] = useState<RuleForm | null>(null)
  const [form] = Form.useForm<RuleForm>()

  const open = (rule?: SlaRuleView) => {
    const values: RuleForm = rule
      ? { ...rule, reason: '' }
      : {
          category: '',
          priority: 'normal',
          signHours: null,
          signDays: 1,
          resolveHours: null,
          resolveDays: 5,
          natural: false,
          checkInHours: 2,
          evaluationDays: 3,
          reason: '',
        }
    setEditing(values)
    form.setFieldsValue(values)
  }
  const save = async () => {
    const values = await form.validateFields()
    try {
      await call('POST /admin/sla/rules', { body: values })
      setEditing(null)
      message.success(t('saved'))
      invalidate(queryClient, ['GET /admin/sla/rules', 'GET /admin/sla/history'])
    } catch (e) {
      message.error(errorText(t, e))
    }
  }
  const amount = (hours: number | null, days: number | null) =>
    [days ? t('rules.days', { n: days }) : null, hours ? t('rules.hours', { n: hours }) : null].filter(Boolean).join(' + ')

  if (error) return <ErrorState error={error} onRetry={load} />
  if (!rules) return <Loading />
  return (
    <Card title={t('rules.title')} size="small" extra={<Button onClick={() => open()}>{t('rules.add')}</Button>} data-testid="sla-rules">
      <Table
        size="small"
        rowKey={(r) => `${r.category}/${r.priority}`}
        pagination={false}
        dataSource={rules}
        columns={[
          { title: t('rules.category'), dataIndex: 'category', render: (c: string) => (c === '*' ? t('rules.default') : c) },
          { title: t('rules.priority'), dataIndex: 'priority', render: (p: string) => tc(`priority.${p}`) },
          { title: t('rules.sign'), key: 'sign', render: (_: unknown, r: SlaRuleView) => amount(r.signHours, r.signDays) },
          { title: t('rules.resolve'), key: 'resolve', render: (_: unknown, r: SlaRuleView) => amount(r.resolveHours, r.resolveDays) },
          { title: t('rules.natural'), dataIndex: 'natural', render: (n: boolean) => (n ? '✓' : '') },
          { title: t('rules.checkIn'), dataIndex: 'checkInHours' },
          { title: t('rules.evaluation'), dataIndex: 'evaluationDays' },
          {
            key: 'edit',
            render: (_: unknown, r: SlaRuleView) => (
              <Button size="small" onClick={() => open(r)}>
                {t('rules.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={editing !== null} title={t('rules.title')} onCancel={() => setEditing(null)} onOk={save} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="category" label={t('rules.category')} rules={[{ required: true }]} extra="*">
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="priority" label={t('rules.priority')}>
            <Select options={PRIORITIES.map((p) => ({ value: p, label: tc(`priority.${p}`) }))} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="signHours" label={t('rules.signHours')}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item name="signDays" label={t('rules.signDays')}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item name="resolveHours" label={t('rules.resolveHours')}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item name="resolveDays" label={t('rules.resolveDays')}>
              <InputNumber min={0} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="natural" label={t('rules.natural')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="checkInHours" label={t('rules.checkIn')} rules={[{ required: true }]}>
              <InputNumber min={0.5} />
            </Form.Item>
            <Form.Item name="evaluationDays" label={t('rules.evaluation')} rules={[{ required: true }]}>
              <InputNumber min={1} max={30} />
            </Form.Item>
          </Space>
          <Form.Item name="reason" label={t('rules.reason')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  )
}

/** 办结审核 per kind of handler: a switch each; turning one asks why (kept in the change log). */
function ReviewSection() {
  const { t } = useTranslation('kpi')
  const { message, modal } = App.useApp()
  const queryClient = useQueryClient()
  const query = useQuery(apiQuery('GET /admin/sla/review'))
  const items = query.error ? [] : (query.data?.items ?? null)
  const toggle = (setting: ReviewSettingView, review: boolean) => {
    let reason = ''
    modal.confirm({
      title: t(review ? 'review.turnOn' : 'review.turnOff', { kind: t(`review.kind.${setting.kind}`) }),
      content: <Input placeholder={t('review.reason')} onChange={(e) => (reason = e.target.value)} data-testid="review-reason" />,
      okButtonProps: { 'data-testid': 'review-confirm' } as Record<string, string>,
      onOk: async () => {
        try {
          const updated = await call('POST /admin/sla/review', { body: { kind: setting.kind, review, reason } })
          queryClient.setQueryData(apiQuery('GET /admin/sla/review').queryKey, updated)
          invalidate(queryClient, ['GET /admin/sla/history'])
          message.success(t('saved'))
        } catch (e) {
          message.error(errorText(t, e))
          throw e
        }
      },
    })
  }
  return (
    <Card title={t('review.title')} size="small" data-testid="sla-review">
      <Typography.Paragraph type="secondary">{t('review.help')}</Typography.Paragraph>
      {query.error ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
      <Table
        size="small"
        rowKey="kind"
        pagination={false}
        {...tableStates({ answered: items !== null })}
        dataSource={items ?? []}
        columns={[
          { title: t('review.handler'), dataIndex: 'kind', render: (k: string) => t(`review.kind.${k}`) },
          {
            title: t('review.on'),
            key: 'review',
            render: (_: unknown, s: ReviewSettingView) => (
              <Switch
                checked={s.review}
                aria-label={t(`review.kind.${s.kind}`)}
                data-testid={`review-${s.kind}`}
                onChange={(on) => toggle(s, on)}
              />
            ),
          },
          { title: t('calendar.reason'), dataIndex: 'reason' },
          { title: t('history.when'), dataIndex: 'updatedAt', render: (at: string) => formatChinaTime(at) },
        ]}
      />
    </Card>
  )
}

function HistorySection() {
  const { t } = useTranslation('kpi')
  const history = useQuery(apiQuery('GET /admin/sla/history'))
  const items = history.error ? [] : (history.data?.items ?? null)
  return (
    <Card title={t('history.title')} size="small">
      <Table
        size="small"
        rowKey={(c) => `${c.at}/${c.key}`}
        {...tableStates({ answered: items !== null })}
        dataSource={items ?? []}
        pagination={{ pageSize: 10 }}
        columns={[
          { title: t('history.when'), dataIndex: 'at', render: (at: string) => formatChinaTime(at) },
          { title: t('history.who'), dataIndex: 'actor' },
          { title: t('history.what'), key: 'what', render: (_: unknown, c: ChangeView) => <Typography.Text code>{c.key}</Typography.Text> },
          { title: t('calendar.reason'), dataIndex: 'reason' },
        ]}
      />
    </Card>
  )
}
