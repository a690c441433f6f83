/**
 * `/workbench/sweeps`: 隐患联排 for centers (issue 20 item 2) — the sweeps of the center's area with
 * their progress, launching one (district and street centers), a sweep's progress per street,
 * community and grid, closing it and its xlsx report.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { LaunchSweepBody, SweepSummaryView } from '@xiaolan/contracts'
import { App, Button, Descriptions, Form, Input, Popconfirm, Progress, Select, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Route, Routes, useNavigate, useParams } from 'react-router'
import { FormDialog } from '../components/FormDialog.tsx'
import { StaffHeader } from '../components/StaffHeader.tsx'
import { Loaded, tableStates } from '../components/States.tsx'
import { chinaDateOf } from '../lib/china-time.ts'
import { downloadFile } from '../lib/download.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery, referenceQuery, useApiMutation } from '../lib/queries.ts'
import { useSession } from '../lib/session.tsx'
import { doneShare, SweepProgress } from './SweepProgress.tsx'

export default function SweepsApp() {
  const { t } = useTranslation('sweeps')
  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <StaffHeader title={t('page.title')} />
      <main style={{ padding: '12px 24px' }}>
        <Routes>
          <Route path=":id" element={<SweepPage />} />
          <Route path="*" element={<SweepList />} />
        </Routes>
      </main>
    </div>
  )
}

export function ProgressCell({ sweep }: { sweep: Pick<SweepSummaryView, 'totals' | 'title'> }) {
  const { t } = useTranslation('sweeps')
  const share = doneShare(sweep.totals)
  return (
    <Space direction="vertical" size={0} style={{ minWidth: 160 }}>
      <Progress percent={share} size="small" aria-label={`${sweep.title} ${share}%`} />
      <span style={{ fontSize: 12, color: '#4b5563' }}>{t('detail.totals', sweep.totals)}</span>
    </Space>
  )
}

function SweepList() {
  const { t } = useTranslation('sweeps')
  const { me } = useSession()
  const query = useQuery(apiQuery('GET /sweeps'))
  const [launching, setLaunching] = useState(false)
  const mayLaunch = me?.kind === 'staff' && me.role === 'center_staff' && (me.unit.level === 2 || me.unit.level === 3)
  return (
    <section>
      <Space style={{ marginBottom: 12 }}>
        <h2 style={{ fontSize: 18, margin: 0 }}>{t('list.title')}</h2>
        {mayLaunch ? (
          <Button type="primary" onClick={() => setLaunching(true)} data-testid="sweep-launch">
            {t('list.launch')}
          </Button>
        ) : null}
      </Space>
      <Table
        rowKey="id"
        data-testid="sweep-list"
        dataSource={query.data?.items ?? []}
        {...tableStates({ answered: query.isSuccess, fetching: query.isFetching, empty: t('list.empty') })}
        pagination={false}
        columns={[
          {
            title: t('col.title'),
            key: 'title',
            render: (_, s) => (
              <Link to={`/workbench/sweeps/${s.id}`} style={{ color: '#1357a6' }}>
                {s.title}
              </Link>
            ),
          },
          { title: t('col.scope'), key: 'scope', render: (_, s) => s.scope.name },
          { title: t('col.deadline'), dataIndex: 'deadline' },
          {
            title: t('col.state'),
            key: 'state',
            render: (_, s) => <Tag color={s.state === 'open' ? 'blue' : 'default'}>{t(`state.${s.state}`)}</Tag>,
          },
          { title: t('col.progress'), key: 'progress', render: (_, s) => <ProgressCell sweep={s} /> },
        ]}
      />
      {launching ? <LaunchDialog onClose={() => setLaunching(false)} /> : null}
    </section>
  )
}

interface LaunchValues {
  title: string
  theme: LaunchSweepBody['theme']
  siteKind: LaunchSweepBody['siteKind']
  /** 0: the caller's own center */
  scopeId: number
  items: string
  deadline: string
}

function LaunchDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('sweeps')
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [form] = Form.useForm<LaunchValues>()
  const launch = useApiMutation('POST /sweeps', ['GET /sweeps'])
  // the scope: the whole area, or one center below (a district sweeps one street)
  const { me } = useSession()
  const code = me?.kind === 'staff' ? me.unit.code : ''
  const center = useQuery({ ...referenceQuery('GET /orgs/:code', { params: { code } }), enabled: !!code })
  const submit = async (v: LaunchValues) => {
    const items = v.items
      .split('\n')
      .map((i) => i.trim())
      .filter(Boolean)
    const sweep = await launch.mutateAsync({
      body: { title: v.title.trim(), theme: v.theme, siteKind: v.siteKind, items, deadline: v.deadline },
    })
    message.success(t('launch.done', { count: sweep.totals.targets }))
    onClose()
    navigate(`/workbench/sweeps/${sweep.id}`)
  }
  const required = [{ required: true, whitespace: true, message: t('launch.required') }]
  return (
    <FormDialog
      form={form}
      title={t('launch.title')}
      onSubmit={submit}
      onCancel={onClose}
      initialValues={{ theme: 'gas', siteKind: 'building', scopeId: 0 }}
      modal={{ okText: t('launch.submit'), okButtonProps: { 'data-testid': 'sweep-launch-submit' }, destroyOnHidden: true }}
    >
      <Form.Item name="title" label={t('launch.name')} rules={required}>
        <Input maxLength={80} data-testid="sweep-title" />
      </Form.Item>
      <Form.Item name="theme" label={t('launch.theme')}>
        <Select options={(['gas', 'ebike', 'fire_exit', 'other'] as const).map((v) => ({ value: v, label: t(`theme.${v}`) }))} />
      </Form.Item>
      <Form.Item name="scopeId" label={t('launch.scope')}>
        <Select
          data-testid="sweep-scope"
          options={[
            { value: 0, label: t('launch.scopeOwn') },
            ...(center.data?.children ?? []).flatMap((c) => (c && c.kind === 'center' ? [{ value: c.id, label: c.name }] : [])),
          ]}
        />
      </Form.Item>
      <Form.Item name="siteKind" label={t('launch.sites')}>
        <Select options={(['building', 'shop', 'all'] as const).map((v) => ({ value: v, label: t(`site.${v}`) }))} />
      </Form.Item>
      <Form.Item name="items" label={t('launch.items')} rules={required}>
        <Input.TextArea rows={4} placeholder={t('launch.itemsPlaceholder')} data-testid="sweep-items" />
      </Form.Item>
      <Form.Item name="deadline" label={t('launch.deadline')} rules={required}>
        <Input type="date" min={chinaDateOf(Date.now())} data-testid="sweep-deadline" />
      </Form.Item>
    </FormDialog>
  )
}

function SweepPage() {
  const { t } = useTranslation('sweeps')
  const { message } = App.useApp()
  const id = Number(useParams().id)
  const query = useQuery(apiQuery('GET /sweeps/:id', { params: { id } }))
  const client = useQueryClient()
  const close = useApiMutation('POST /sweeps/:id/close', ['GET /sweeps'])
  return (
    <Loaded query={query}>
      {(sweep) => (
        <section data-testid="sweep-detail">
          <Link to="/workbench/sweeps" style={{ color: '#1357a6' }}>
            {t('detail.back')}
          </Link>
          <h2 style={{ fontSize: 18 }}>
            {sweep.title} <Tag color={sweep.state === 'open' ? 'blue' : 'default'}>{t(`state.${sweep.state}`)}</Tag>
          </h2>
          <Descriptions
            size="small"
            // antd's label grey is below 4.5:1 on the page's background
            styles={{ label: { color: '#4b5563' } }}
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'theme', label: t('launch.theme'), children: t(`theme.${sweep.theme}`) },
              { key: 'scope', label: t('col.scope'), children: sweep.scope.name },
              { key: 'center', label: t('detail.center'), children: sweep.center.name },
              { key: 'deadline', label: t('col.deadline'), children: sweep.deadline },
              { key: 'items', label: t('detail.items'), children: sweep.items.map((i, n) => `${n + 1}. ${i}`).join('　') },
              {
                key: 'totals',
                label: t('col.progress'),
                children: <span data-testid="sweep-totals">{t('detail.totals', sweep.totals)}</span>,
              },
            ]}
          />
          <Space style={{ margin: '12px 0' }}>
            <Button
              onClick={() =>
                downloadFile(`/sweeps/${sweep.id}/report.xlsx`, 'sweep.xlsx', () => {}).catch((e) => message.error(errorText(t, e)))
              }
              data-testid="sweep-report"
            >
              {t('detail.report')}
            </Button>
            {sweep.canClose ? (
              <Popconfirm
                title={t('detail.closeConfirm')}
                onConfirm={() =>
                  close
                    .mutateAsync({ params: { id: sweep.id }, body: { version: sweep.version } })
                    .then((view) => {
                      client.setQueryData(apiQuery('GET /sweeps/:id', { params: { id } }).queryKey, view)
                      message.success(t('detail.closed'))
                    })
                    .catch((e) => message.error(errorText(t, e)))
                }
              >
                <Button data-testid="sweep-close">{t('detail.close')}</Button>
              </Popconfirm>
            ) : null}
          </Space>
          <SweepProgress sweep={sweep} />
          <FailedTargets sweepId={sweep.id} />
        </section>
      )}
    </Loaded>
  )
}

/** The targets that failed, each with the event it became (opened in the workbench's drawer). */
function FailedTargets({ sweepId }: { sweepId: number }) {
  const { t } = useTranslation('sweeps')
  const query = useQuery(apiQuery('GET /sweeps/:id/targets', { params: { id: sweepId }, query: { state: 'failed' } }))
  const items = query.data?.items ?? []
  if (!items.length) return null
  return (
    <section data-testid="sweep-failed-targets">
      <h3 style={{ fontSize: 15 }}>{t('detail.failedTargets')}</h3>
      <Table
        size="small"
        rowKey="id"
        dataSource={items}
        pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        columns={[
          { title: t('progress.unit'), key: 'site', render: (_, x) => `${x.site.name}（${x.grid.name}）` },
          { title: t('detail.address'), key: 'address', render: (_, x) => x.site.address },
          {
            title: t('detail.failedItems'),
            key: 'items',
            render: (_, x) => (x.results ?? []).filter((r) => !r.pass).length,
          },
          {
            title: t('detail.event'),
            key: 'event',
            render: (_, x) =>
              x.event ? (
                <Link to={`/workbench?event=${x.event.id}`} style={{ color: '#1357a6' }}>
                  {x.event.number}
                </Link>
              ) : null,
          },
        ]}
      />
    </section>
  )
}
