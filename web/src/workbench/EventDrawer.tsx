/**
 * One event in full: facts, the map pin on its community, photos, the reporter's contact (masked
 * until "show", which the server audits), the timeline, messages to the reporter, and exactly the
 * actions the server says this user may take now (`allowedActions`).
 */

import { useQuery } from '@tanstack/react-query'
import { type ActionType, type EventView, OPEN_STATES } from '@xiaolan/contracts'
import { Alert, App as AntApp, Button, Descriptions, Drawer, Image, Input, Space, Tag, Timeline, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AreaMap } from '../components/AreaMap.tsx'
import { ReporterContact } from '../components/ReporterContact.tsx'
import { ErrorState, Loading } from '../components/States.tsx'
import { act, useActed } from '../lib/acted.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery } from '../lib/queries.ts'
import { useCategoryName } from '../lib/reference.ts'
import { movedTo, stepKey } from '../lib/steps.ts'
import { OpenCaseDialog } from '../mediation/OpenCaseDialog.tsx'
import { ActionDialog } from './ActionDialog.tsx'
import { DuplicatesSection } from './DuplicatesSection.tsx'
import { ALERT_COLOR, formatTime, PRIORITY_COLOR, STATE_COLOR } from './look.ts'

/** Primary actions first; comment has its own boxes below the timeline. */
const ORDER: ActionType[] = [
  'accept',
  'sign',
  'resolve',
  'approve_resolution',
  'send_back',
  'dispatch',
  'escalate',
  'whistle',
  'check_in',
  'reply',
  'approve_extension',
  'refuse_extension',
  'extend',
  'return',
  'supervise',
  'recategorize',
  'merge',
  'reject',
  'evaluate',
]

export function EventDrawer({ id, onClose }: { id: number | null; onClose(): void }) {
  const { t } = useTranslation('workbench')
  const { message } = AntApp.useApp()
  const query = useQuery({ ...apiQuery('GET /events/:id', { params: { id: id ?? 0 } }), enabled: id !== null })
  const event = query.data ?? null
  const error = query.error
  const load = () => void query.refetch()
  const [action, setAction] = useState<ActionType | null>(null)
  const [note, setNote] = useState('')
  const [sending, setSending] = useState(false)
  const [mediating, setMediating] = useState(false)
  const categoryName = useCategoryName()

  // another event: nothing of the last one's draft stays (nor its contact: ReporterContact keeps it per event)
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the id changes
  useEffect(() => {
    setNote('')
  }, [id])

  const settle = useActed()
  const acted = (updated: EventView) => {
    settle(updated)
    setAction(null)
    message.success(t('done'))
  }

  const sendToReporter = async () => {
    if (!event || !note.trim()) return
    setSending(true)
    try {
      acted(await act(event, { type: 'comment', toReporter: true, note: note.trim() }))
      setNote('')
    } catch (e) {
      message.error(errorText(t, e))
      load()
    } finally {
      setSending(false)
    }
  }

  const allowed = event?.allowedActions ?? []

  return (
    <Drawer open={id !== null} onClose={onClose} size={640} title={event ? `${event.number} · ${event.title}` : t('event')} destroyOnHidden>
      <div data-testid="event-drawer">
        {error ? <ErrorState error={error} onRetry={load} /> : null}
        {!event && !error ? <Loading /> : null}
        {event ? (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Space wrap>
              <Tag color={STATE_COLOR[event.state]} data-testid="event-state">
                {t(`common:state.${event.state}`)}
              </Tag>
              <Tag color={PRIORITY_COLOR[event.priority]}>{t(`common:priority.${event.priority}`)}</Tag>
              {event.supervised ? <Tag color={ALERT_COLOR}>{t('supervised')}</Tag> : null}
              {event.evaluation ? <Tag color={STATE_COLOR.closed}>{t(`common:rating.${event.evaluation}`)}</Tag> : null}
            </Space>
            {event.extensionPending ? (
              <Alert
                type="warning"
                showIcon
                title={t('extensionPending', { days: event.extensionPending.days, reason: event.extensionPending.reason })}
              />
            ) : null}
            {event.supervisionPending ? <Alert type="error" showIcon title={t('supervisionPending')} /> : null}
            <ReviewNotice event={event} />
            {!ORDER.some((a) => allowed.includes(a)) && (OPEN_STATES as readonly string[]).includes(event.state) ? (
              <Alert
                type="info"
                showIcon
                data-testid="handled-elsewhere"
                title={t('handledElsewhere', { unit: event.currentUnit?.name ?? '—' })}
              />
            ) : null}
            <Space wrap data-testid="event-actions">
              {ORDER.filter((a) => allowed.includes(a)).map((a, i) => (
                <Button
                  key={a}
                  type={i === 0 ? 'primary' : 'default'}
                  danger={a === 'reject'}
                  data-testid={`action-${a}`}
                  onClick={() => setAction(a)}
                >
                  {t(`common:action.${a}`)}
                </Button>
              ))}
              {/* send to mediation: a center that may dispatch the event makes it a case of a mediation organisation */}
              {allowed.includes('dispatch') ? (
                <Button data-testid="action-mediate" onClick={() => setMediating(true)}>
                  {t('mediation:open.button')}
                </Button>
              ) : null}
            </Space>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('field.category')}>{categoryName(event.category)}</Descriptions.Item>
              <Descriptions.Item label={t('field.channel')}>{t(`common:channel.${event.channel}`)}</Descriptions.Item>
              <Descriptions.Item label={t('field.currentUnit')}>
                <span data-testid="event-current-unit">{event.currentUnit?.name ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('field.place')}>
                {[event.district?.name, event.community?.name, event.address].filter(Boolean).join(' · ') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('field.created')}>{formatTime(event.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('field.deadline')}>
                {event.resolveDeadline ? formatTime(event.resolveDeadline) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('field.reporter')}>
                <ReporterContact
                  event={event}
                  anonymousLabel={t('anonymous')}
                  revealLabel={t('showContact')}
                  testId="reporter-contact"
                  revealTestId="contact-reveal"
                />
              </Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{event.description}</Typography.Paragraph>
            <DuplicatesSection event={event} onMerged={acted} onStale={load} />
            {event.community ? (
              <AreaMap
                code={event.community.code}
                point={event.lat !== null && event.lng !== null ? { lat: event.lat, lng: event.lng } : null}
                label={t('mapAlt', { community: event.community.name })}
              />
            ) : null}
            {event.photos?.length ? (
              <Image.PreviewGroup>
                <Space wrap>
                  {event.photos.map((p, i) => (
                    <Image
                      key={p.id}
                      src={p.url}
                      width={96}
                      height={96}
                      style={{ objectFit: 'cover' }}
                      alt={t(p.kind === 'result' ? 'photoResult' : 'photoReport', { n: i + 1 })}
                    />
                  ))}
                </Space>
              </Image.PreviewGroup>
            ) : null}
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              {t('timeline')}
            </Typography.Title>
            <Timeline
              items={(event.timeline ?? []).map((e, i, all) => ({
                key: e.seq,
                color: e.action === 'comment' ? 'gray' : 'blue',
                content: (
                  <div data-testid="timeline-item">
                    <strong>{t(stepKey(e))}</strong>
                    {e.toReporter ? <Tag style={{ marginLeft: 8 }}>{t('toReporter')}</Tag> : null}
                    <span style={{ color: '#4a5563', marginLeft: 8 }}>
                      {e.actorUnit?.name ?? t(`actor.${e.actorKind}`)}
                      {movedTo(e) ? ` → ${movedTo(e)}` : ''}
                    </span>
                    <div style={{ color: '#4a5563', fontSize: 12 }}>{formatTime(e.at)}</div>
                    {e.action === 'recategorize' ? (
                      <div data-testid="timeline-category">
                        {t('categoryChanged', { from: categoryName(categoryBefore(all, i)), to: categoryName(String(e.data.category)) })}
                      </div>
                    ) : null}
                    {e.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div> : null}
                  </div>
                ),
              }))}
            />
            {allowed.includes('comment') ? (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <label htmlFor="message-to-reporter">{t('messageToReporter')}</label>
                <Input.TextArea
                  id="message-to-reporter"
                  rows={2}
                  maxLength={2000}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  data-testid="message-to-reporter"
                />
                <Space>
                  <Button onClick={sendToReporter} loading={sending} disabled={!note.trim()} data-testid="message-send">
                    {t('sendToReporter')}
                  </Button>
                  <Button onClick={() => setAction('comment')} data-testid="action-comment">
                    {t('internalNote')}
                  </Button>
                </Space>
              </Space>
            ) : null}
          </Space>
        ) : null}
      </div>
      {event && mediating ? (
        <OpenCaseDialog
          event={event}
          onCancel={() => setMediating(false)}
          onDone={() => {
            setMediating(false)
            load()
          }}
        />
      ) : null}
      {event && action ? (
        <ActionDialog event={event} action={action} onDone={acted} onCancel={() => setAction(null)} onStale={load} />
      ) : null}
    </Drawer>
  )
}

/**
 * 办结审核 in the drawer: under review, the result the center is asked to approve; sent back, the
 * center's reason, which the handler works to until it resolves again.
 */
function ReviewNotice({ event }: { event: EventView }) {
  const { t } = useTranslation('workbench')
  const last = (event.timeline ?? []).filter((e) => e.action === 'resolve' || e.action === 'send_back').at(-1)
  if (event.state === 'reviewing' && last?.action === 'resolve') {
    return <Alert type="info" showIcon data-testid="review-pending" title={t('reviewPending', { result: last.note ?? '' })} />
  }
  if (event.state === 'in_progress' && last?.action === 'send_back') {
    return <Alert type="warning" showIcon data-testid="sent-back" title={t('sentBack', { reason: last.note ?? '' })} />
  }
  return null
}

/** The category an event had before step `i` of its timeline: the submit's, or the last change's. */
function categoryBefore(timeline: EventView['timeline'] & object, i: number): string {
  for (let j = i - 1; j >= 0; j--) {
    const category = timeline[j].data.category
    if (typeof category === 'string' && (timeline[j].action === 'submit' || timeline[j].action === 'recategorize')) return category
  }
  return ''
}
