/**
 * 研判预警 on the workbench: the open alerts of the unit's subtree, named by the community (street,
 * district) they are in, refetched live. Staff assign one to their unit, acknowledge it with a note,
 * whistle the departments (吹哨: one consolidated work order, summoned units and their lead, from
 * the units this center may dispatch to) and close it with a disposition, after a confirmation. Its
 * detail lists the evidence events, the orders made from it and its history (who, when, the note);
 * events and orders open in the workbench's drawer.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { ALERT_DISPOSITIONS, type AlertDisposition, type AlertView } from '@xiaolan/contracts'
import { App as AntApp, Button, Collapse, Form, Input, Popconfirm, Select, Space, Tag, Timeline } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormDialog } from '../components/FormDialog.tsx'
import { call } from '../lib/api.ts'
import { formatChinaTime } from '../lib/china-time.ts'
import { ALERT_READS, useLiveAlerts } from '../lib/live.ts'
import { apiQuery, invalidate, useApiMutation } from '../lib/queries.ts'
import { alertPlace, useCategoryName, useDispatchTargets } from '../lib/reference.ts'
import { useSession } from '../lib/session.tsx'

export function WorkbenchAlerts({ unitId, onOpenEvent }: { unitId: number; onOpenEvent: (id: number) => void }) {
  const { t } = useTranslation('workbench')
  const alerts = useQuery(apiQuery('GET /alerts', { query: { limit: 50 } }))
  useLiveAlerts({ view: 'workbench' })
  const items = alerts.data?.items ?? []
  return (
    <Collapse
      style={{ marginBottom: 12, background: '#fff' }}
      data-testid="workbench-alerts"
      items={[
        {
          key: 'alerts',
          label: (
            <span>
              {t('alerts.title')} <Tag color={items.length ? 'red' : undefined}>{items.length}</Tag>
            </span>
          ),
          children: items.length ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              {items.map((a) => (
                <AlertRow key={a.id} alert={a} unitId={unitId} onOpenEvent={onOpenEvent} />
              ))}
            </Space>
          ) : (
            <span>{t('alerts.none')}</span>
          ),
        },
      ]}
    />
  )
}

function AlertRow({ alert, unitId, onOpenEvent }: { alert: AlertView; unitId: number; onOpenEvent: (id: number) => void }) {
  const { t } = useTranslation('workbench')
  const categoryName = useCategoryName()
  const { me } = useSession()
  const { message } = AntApp.useApp()
  const [note, setNote] = useState('')
  const [disposition, setDisposition] = useState<AlertDisposition>('handled')
  const [open, setOpen] = useState(false)
  const [whistling, setWhistling] = useState(false)
  const act = useApiMutation('POST /alerts/:id/actions', ALERT_READS)
  const run = (body: Parameters<typeof act.mutate>[0]['body'], done?: () => void) =>
    act.mutate({ params: { id: alert.id }, body }, { onSuccess: done, onError: () => message.error(t('alerts.failed')) })
  // the lifecycle's whistle: a center's staff at street level or above
  const whistles = me?.kind === 'staff' && me.role === 'center_staff' && me.unit.kind === 'center' && me.unit.level <= 3
  return (
    <div data-testid="workbench-alert" style={{ borderBottom: '1px solid #eee', paddingBottom: 8 }}>
      <Space wrap>
        <Tag color="volcano">{t(`alerts.kind.${alert.kind}`)}</Tag>
        <span data-testid="alert-place">
          {[alertPlace(alert), alert.category && categoryName(alert.category)].filter(Boolean).join(' · ')}
        </span>
        <span>{t('alerts.meta', { score: alert.score.toFixed(1), count: alert.evidenceCount })}</span>
        <Tag>{t(`alerts.state.${alert.state}`)}</Tag>
        {alert.words.length ? <span>{t('alerts.words', { words: alert.words.join('、') })}</span> : null}
        {alert.orders.map((o) => (
          <Button key={o.id} type="link" size="small" data-testid="alert-order" onClick={() => onOpenEvent(o.id)}>
            {t('alerts.order', { number: o.number })}
          </Button>
        ))}
        <Button size="small" onClick={() => setOpen(!open)} data-testid="alert-detail-toggle">
          {t('alerts.detail')}
        </Button>
      </Space>
      <Space wrap style={{ marginTop: 6 }}>
        {alert.state === 'open' ? (
          <Button size="small" onClick={() => run({ type: 'assign', version: alert.version, unitId })}>
            {t('alerts.assign')}
          </Button>
        ) : null}
        <Input size="small" style={{ width: 200 }} placeholder={t('alerts.note')} value={note} onChange={(e) => setNote(e.target.value)} />
        {alert.state !== 'acknowledged' ? (
          <Button
            size="small"
            disabled={!note.trim()}
            onClick={() => run({ type: 'acknowledge', version: alert.version, note }, () => setNote(''))}
          >
            {t('alerts.acknowledge')}
          </Button>
        ) : null}
        {whistles ? (
          <Button size="small" type="primary" onClick={() => setWhistling(true)} data-testid="alert-whistle">
            {t('alerts.whistle')}
          </Button>
        ) : null}
        <Popconfirm
          title={t('alerts.closeConfirm')}
          description={
            <Space direction="vertical" size={4}>
              <span>{t('alerts.dispositionLabel')}</span>
              <Select
                size="small"
                style={{ width: 180 }}
                value={disposition}
                onChange={setDisposition}
                data-testid="alert-disposition"
                // inside the popover: a click on an option is not a click outside that closes it
                getPopupContainer={(node) => node.parentElement ?? document.body}
                options={ALERT_DISPOSITIONS.map((d) => ({ value: d, label: t(`alerts.disposition.${d}`) }))}
              />
            </Space>
          }
          okText={t('alerts.close')}
          okButtonProps={{ danger: true, 'data-testid': 'alert-close-confirm' } as { danger: boolean }}
          onConfirm={() => run({ type: 'close', version: alert.version, disposition, note: note.trim() || undefined })}
        >
          <Button size="small" danger>
            {t('alerts.close')}
          </Button>
        </Popconfirm>
      </Space>
      {open ? <AlertDetail id={alert.id} onOpenEvent={onOpenEvent} /> : null}
      {whistling ? (
        <WhistleDialog
          alert={alert}
          onCancel={() => setWhistling(false)}
          onDone={(number) => {
            setWhistling(false)
            message.success(t('alerts.whistled', { number }))
          }}
        />
      ) : null}
    </div>
  )
}

function AlertDetail({ id, onOpenEvent }: { id: number; onOpenEvent: (id: number) => void }) {
  const { t } = useTranslation('workbench')
  const detail = useQuery(apiQuery('GET /alerts/:id', { params: { id } }))
  const d = detail.data
  if (!d) return null
  return (
    <div style={{ marginTop: 6 }} data-testid="alert-detail">
      <strong>{t('alerts.evidence')}</strong>
      <ul style={{ margin: '4px 0 8px', paddingLeft: 18 }}>
        {d.evidence.map((e) => (
          <li key={e.id}>
            <Button type="link" size="small" onClick={() => onOpenEvent(e.id)}>
              {e.number}
            </Button>{' '}
            {e.title}
          </li>
        ))}
      </ul>
      <strong>{t('alerts.history')}</strong>
      <Timeline
        style={{ marginTop: 8 }}
        items={d.transitions.map((x, i) => ({
          key: i,
          children: (
            <div data-testid="alert-history-item">
              <span>{formatChinaTime(x.at)}</span> <Tag>{t(`alerts.action.${x.action}`, { defaultValue: x.action })}</Tag>
              <span>{x.username ?? t('alerts.system')}</span>
              {x.note ? <div>{x.note}</div> : null}
              {x.order ? (
                <Button type="link" size="small" onClick={() => onOpenEvent(x.order?.id as number)}>
                  {t('alerts.order', { number: x.order.number })}
                </Button>
              ) : null}
            </div>
          ),
        }))}
      />
    </div>
  )
}

interface WhistleValues {
  units: number[]
  leadUnitId: number
  note: string
}

/** 吹哨: the units to summon (≥ 2, from this center's dispatch targets), the lead among them, a note. */
function WhistleDialog({ alert, onCancel, onDone }: { alert: AlertView; onCancel(): void; onDone(number: string): void }) {
  const { t } = useTranslation('workbench')
  const [form] = Form.useForm<WhistleValues>()
  const queryClient = useQueryClient()
  const targets = useDispatchTargets(true)
  const summoned = Form.useWatch('units', form) ?? []
  const options = (targets?.items ?? []).map((u) => ({ value: u.id, label: `${u.name}（${t(`kind.${u.kind}`)}）` }))
  const submit = async (values: WhistleValues) => {
    const res = await call('POST /alerts/:id/whistle', {
      params: { id: alert.id },
      body: { version: alert.version, units: values.units, leadUnitId: values.leadUnitId, note: values.note.trim() },
    })
    invalidate(queryClient, ALERT_READS)
    onDone(res.order.number)
  }
  return (
    <FormDialog
      form={form}
      title={t('alerts.whistleTitle')}
      onSubmit={submit}
      onCancel={onCancel}
      onError={() => invalidate(queryClient, ALERT_READS)}
      modal={{ okButtonProps: { 'data-testid': 'whistle-confirm' }, destroyOnHidden: true }}
    >
      <p>{t('alerts.whistleHint')}</p>
      <Form.Item
        name="units"
        label={t('dialog.summon')}
        rules={[{ required: true, type: 'array', min: 2, message: t('dialog.summonRequired') }]}
      >
        <Select
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          options={options}
          loading={!targets}
          data-testid="whistle-units"
        />
      </Form.Item>
      <Form.Item name="leadUnitId" label={t('dialog.lead')} rules={[{ required: true, message: t('dialog.leadRequired') }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={options.filter((o) => summoned.includes(o.value))}
          data-testid="whistle-lead"
        />
      </Form.Item>
      <Form.Item
        name="note"
        label={t('alerts.whistleNote')}
        rules={[{ required: true, whitespace: true, message: t('alerts.whistleNoteRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={500} data-testid="whistle-note" />
      </Form.Item>
    </FormDialog>
  )
}
