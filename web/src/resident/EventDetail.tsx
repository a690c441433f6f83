/**
 * One of my reports: what, where, its photos, the step-by-step timeline (which unit, when, what it
 * did, and a step's own photos beside it — the result photos with the resolution), messages with
 * the handling unit, 催办 while open, and 评价 once resolved.
 */

import { useQuery } from '@tanstack/react-query'
import { type EventView, OPEN_STATES, type Photo, type TimelineEntry } from '@xiaolan/contracts'
import { Alert, App, Button, Card, Descriptions, Input, Space, Timeline } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { PhotoThumbnails } from '../components/PhotoThumbnails.tsx'
import { ErrorState, Loading } from '../components/States.tsx'
import { StateTag } from '../components/StateTag.tsx'
import { act, useActed } from '../lib/acted.ts'
import { ApiError } from '../lib/api.ts'
import { chinaSoon, formatChinaTime } from '../lib/china-time.ts'
import { errorText } from '../lib/errors.ts'
import { OWN_EVENT_READS, RESIDENT_STREAM, useLiveChanges } from '../lib/live.ts'
import { apiQuery } from '../lib/queries.ts'
import { categoryName, useCategories } from '../lib/reference.ts'
import { stepKey } from '../lib/steps.ts'
import { RatingForm } from './RatingForm.tsx'

const MOVES = new Set(['route', 'accept', 'escalate', 'dispatch', 'return', 'whistle', 'evaluate'])
/** States after which nothing more is done on the event: no messages to the handling unit. */
const FINISHED = new Set<EventView['state']>(['closed', 'rejected', 'merged'])

export function EventDetail() {
  const { id } = useParams()
  const { t, i18n } = useTranslation('resident')
  const { data: event, error, refetch } = useQuery(apiQuery('GET /events/:id', { params: { id: Number(id) } }))
  const categories = useCategories()
  const setEvent = useActed()
  // what the handling unit does (signs, moves, answers, resolves) shows without a reload
  useLiveChanges({ path: RESIDENT_STREAM, invalidates: OWN_EVENT_READS })
  if (error && !event) return <ErrorState error={error} onRetry={() => void refetch()} />
  if (!event) return <Loading />
  const category = categories?.find((c) => c.code === event.category)
  const open = (OPEN_STATES as readonly string[]).includes(event.state)
  // the report's own photos above; every later step's (a result, a message) beside that step
  const timeline = event.timeline ?? []
  const laterPhotos = new Set(timeline.slice(1).flatMap((e) => e.photoIds ?? []))
  const reportPhotos = event.photos.filter((p) => !laterPhotos.has(p.id))
  const photosOf = (entry: TimelineEntry, n: number) => (n === 0 ? [] : event.photos.filter((p) => entry.photoIds?.includes(p.id)))

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card
        title={<h2 style={{ margin: 0, fontSize: 17, whiteSpace: 'normal' }}>{event.title}</h2>}
        extra={<StateTag state={event.state} />}
        styles={{ body: { padding: 12 } }}
      >
        <Descriptions column={1} size="small" styles={{ label: { color: '#595959' } }}>
          <Descriptions.Item label={t('detail.number')}>
            <span data-testid="detail-number">{event.number}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('detail.category')}>{categoryName(category, i18n.language) || event.category}</Descriptions.Item>
          <Descriptions.Item label={t('detail.place')}>
            {[event.district?.name, event.community?.name, event.address].filter(Boolean).join(' ')}
          </Descriptions.Item>
          {event.currentUnit ? (
            <Descriptions.Item label={t('detail.handler')}>
              <span data-testid="detail-handler">{event.currentUnit.name}</span>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{event.description}</p>
        <Photos photos={reportPhotos} testId="report-photos" />
        {open ? (
          <div>
            <PressButton event={event} onDone={setEvent} />
          </div>
        ) : null}
      </Card>
      {event.state === 'resolved' ? <Evaluate event={event} onDone={setEvent} /> : null}
      {event.evaluation ? (
        <Alert
          type="success"
          message={t('evaluate.yours', { rating: t(`common:rating.${event.evaluation}`) })}
          data-testid="evaluation-done"
        />
      ) : null}
      <Card title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('detail.timeline')}</h3>} styles={{ body: { padding: 12 } }}>
        <Timeline items={timeline.map((e, n) => ({ key: e.seq, children: <Step entry={e} photos={photosOf(e, n)} /> }))} />
        {FINISHED.has(event.state) ? (
          <div style={{ color: '#595959' }} data-testid="messages-closed">
            {t('detail.messagesClosed')}
          </div>
        ) : (
          <MessageBox event={event} onDone={setEvent} />
        )}
      </Card>
    </Space>
  )
}

/** Photos named by their kind (报事照片 / 办理结果照片) and place. */
function Photos({ photos, testId }: { photos: Photo[]; testId: string }) {
  const { t } = useTranslation('resident')
  return (
    <PhotoThumbnails
      photos={photos}
      alt={(p, n) => `${t(p.kind === 'report' ? 'detail.reportPhoto' : 'detail.resultPhoto')} ${n + 1}`}
      testId={testId}
    />
  )
}

function Step({ entry, photos }: { entry: TimelineEntry; photos: Photo[] }) {
  const { t } = useTranslation('resident')
  const who = entry.actorUnit?.name ?? (entry.actorKind === 'resident' ? t('detail.me') : t('detail.system'))
  const to = MOVES.has(entry.action) && entry.toUnit && entry.toUnit.id !== entry.fromUnit?.id ? entry.toUnit.name : null
  const message = entry.action === 'comment'
  return (
    <div data-testid="timeline-entry" data-action={entry.action}>
      <div>
        <strong>
          {message && entry.actorKind === 'staff' ? t('detail.messageToMe') : t(stepKey(entry), { defaultValue: entry.action })}
        </strong>
        {' · '}
        <span>{who}</span>
        {to ? <span> → {to}</span> : null}
      </div>
      <div style={{ fontSize: 12, color: '#595959' }}>{formatChinaTime(entry.at)}</div>
      {entry.note ? (
        <div
          style={{
            marginTop: 2,
            whiteSpace: 'pre-wrap',
            overflowWrap: 'anywhere',
            ...(message ? { background: '#f0f5ff', padding: '4px 8px', borderRadius: 6 } : {}),
          }}
        >
          {entry.note}
        </div>
      ) : null}
      {photos.length ? (
        <div style={{ marginTop: 6 }}>
          <Photos photos={photos} testId="step-photos" />
        </div>
      ) : null}
    </div>
  )
}

function MessageBox({ event, onDone }: { event: EventView; onDone: (e: EventView) => void }) {
  const { t } = useTranslation('resident')
  const { message } = App.useApp()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const send = async () => {
    if (!text.trim()) return
    setBusy(true)
    try {
      onDone(await act(event, { type: 'comment', note: text.trim() }))
      setText('')
      message.success(t('detail.sent'))
    } catch (e) {
      message.error(errorText(t, e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div style={{ display: 'flex', gap: 8 }}>
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 1, maxRows: 4 }}
        maxLength={2000}
        placeholder={t('detail.messagePlaceholder')}
        aria-label={t('detail.messagePlaceholder')}
        data-testid="message-text"
      />
      <Button type="primary" onClick={() => void send()} loading={busy} data-testid="message-send">
        {t('detail.send')}
      </Button>
    </div>
  )
}

/** 催办, at most once a day: until a day after the last press the button says when it may be pressed again. */
function PressButton({ event, onDone }: { event: EventView; onDone: (e: EventView) => void }) {
  const { t } = useTranslation('resident')
  const { message } = App.useApp()
  // a press from another tab or device shows here when the server refuses this one
  const [refusedUntil, setRefusedUntil] = useState<string | null>(null)
  const next = refusedUntil && (!event.nextPressAt || refusedUntil > event.nextPressAt) ? refusedUntil : event.nextPressAt
  const [now, setNow] = useState(Date.now)
  const waiting = next !== null && Date.parse(next) > now
  useEffect(() => {
    if (!next || Date.parse(next) <= Date.now()) return
    // setTimeout holds at most ~24.8 days; a press interval is one day
    const timer = setTimeout(() => setNow(Date.now()), Date.parse(next) - Date.now() + 500)
    return () => clearTimeout(timer)
  }, [next])
  const press = async () => {
    try {
      onDone(await act(event, { type: 'press' }))
      message.success(t('detail.pressed'))
    } catch (e) {
      if (e instanceof ApiError && typeof e.details.nextPressAt === 'string') setRefusedUntil(e.details.nextPressAt)
      message.error(errorText(t, e))
    }
  }
  const soon = next ? chinaSoon(next, now) : null
  return (
    <Button onClick={() => void press()} disabled={waiting} data-testid="press" style={{ marginTop: 8 }}>
      {waiting && soon ? t(`detail.pressAgain.${soon.day ?? 'later'}`, { when: soon.clock }) : t('detail.press')}
    </Button>
  )
}

function Evaluate({ event, onDone }: { event: EventView; onDone: (e: EventView) => void }) {
  return <RatingForm onRate={async (rating, note) => onDone(await act(event, { type: 'evaluate', rating, ...(note ? { note } : {}) }))} />
}
