/**
 * 研判预警 on the workbench: the open alerts of the unit's subtree, refetched live; staff assign one
 * to their unit, acknowledge it with a note, and close it with a disposition; its evidence events
 * open in the workbench's drawer.
 */
import { useQuery } from '@tanstack/react-query'
import { ALERT_DISPOSITIONS, type AlertDisposition, type AlertView } from '@xiaolan/contracts'
import { App as AntApp, Button, Collapse, Input, Select, Space, Tag } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ALERT_READS, useLiveAlerts } from '../lib/live.ts'
import { apiQuery, useApiMutation } from '../lib/queries.ts'
import { useCategoryName } from '../lib/reference.ts'

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
  const { message } = AntApp.useApp()
  const [note, setNote] = useState('')
  const [disposition, setDisposition] = useState<AlertDisposition>('handled')
  const [open, setOpen] = useState(false)
  const detail = useQuery({ ...apiQuery('GET /alerts/:id', { params: { id: alert.id } }), enabled: open })
  const act = useApiMutation('POST /alerts/:id/actions', ALERT_READS)
  const run = (body: Parameters<typeof act.mutate>[0]['body']) =>
    act.mutate({ params: { id: alert.id }, body }, { onError: () => message.error(t('alerts.failed')) })
  return (
    <div data-testid="workbench-alert" style={{ borderBottom: '1px solid #eee', paddingBottom: 8 }}>
      <Space wrap>
        <Tag color="volcano">{t(`alerts.kind.${alert.kind}`)}</Tag>
        <span>{[alert.unit?.name, alert.category && categoryName(alert.category)].filter(Boolean).join(' · ')}</span>
        <span>{t('alerts.meta', { score: alert.score.toFixed(1), count: alert.evidenceCount })}</span>
        <Tag>{t(`alerts.state.${alert.state}`)}</Tag>
        {alert.words.length ? <span>{t('alerts.words', { words: alert.words.join('、') })}</span> : null}
        <Button size="small" onClick={() => setOpen(!open)}>
          {t('alerts.evidence')}
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
          <Button size="small" disabled={!note.trim()} onClick={() => run({ type: 'acknowledge', version: alert.version, note })}>
            {t('alerts.acknowledge')}
          </Button>
        ) : null}
        <Select
          size="small"
          style={{ width: 140 }}
          value={disposition}
          onChange={setDisposition}
          options={ALERT_DISPOSITIONS.map((d) => ({ value: d, label: t(`alerts.disposition.${d}`) }))}
        />
        <Button size="small" danger onClick={() => run({ type: 'close', version: alert.version, disposition, note: note || undefined })}>
          {t('alerts.close')}
        </Button>
      </Space>
      {open && detail.data ? (
        <ul style={{ margin: '6px 0 0', paddingLeft: 18 }}>
          {detail.data.evidence.map((e) => (
            <li key={e.id}>
              <Button type="link" size="small" onClick={() => onOpenEvent(e.id)}>
                {e.number}
              </Button>{' '}
              {e.title}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
