/**
 * One of my grid's events, opened from 网格待办: its facts, the reporter (masked as the server sends
 * it; shown in full only through the audited reveal, for the roles of CONTACT_ROLES), the map of its
 * community with the pin, its photos and the timeline of steps — what the workbench drawer shows,
 * within what a grid worker may read. Signing and resolving stay in the list's row.
 */
import { useQuery } from '@tanstack/react-query'
import { CONTACT_ROLES, type EventView, type TimelineEntry } from '@xiaolan/contracts'
import { App, Button, Card, Descriptions, Image, Space, Timeline } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AreaMap } from '../components/AreaMap.tsx'
import { ErrorState, Loading } from '../components/States.tsx'
import { StateTag } from '../components/StateTag.tsx'
import { call } from '../lib/api.ts'
import { formatChinaTime } from '../lib/china-time.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery } from '../lib/queries.ts'
import { useCategoryName } from '../lib/reference.ts'
import { useSession } from '../lib/session.tsx'
import { stepKey } from '../lib/steps.ts'

export function GridEvent({ id, onBack }: { id: number; onBack(): void }) {
  const { t } = useTranslation('grid')
  const query = useQuery(apiQuery('GET /events/:id', { params: { id } }))
  const event = query.data
  const categoryName = useCategoryName()
  const back = (
    <Button onClick={onBack} data-testid="grid-event-back">
      {t('event.back')}
    </Button>
  )
  if (query.error && !event) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        {back}
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Space>
    )
  }
  if (!event) return <Loading />
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12} data-testid="grid-event">
      {back}
      <Card
        title={<h2 style={{ margin: 0, fontSize: 17, whiteSpace: 'normal', overflowWrap: 'anywhere' }}>{event.title}</h2>}
        extra={<StateTag state={event.state} />}
        styles={{ body: { padding: 12 } }}
      >
        <Descriptions column={1} size="small" styles={{ label: { color: '#595959' } }}>
          <Descriptions.Item label={t('event.number')}>{event.number}</Descriptions.Item>
          <Descriptions.Item label={t('event.category')}>{categoryName(event.category)}</Descriptions.Item>
          <Descriptions.Item label={t('event.place')}>
            {[event.district?.name, event.community?.name, event.address].filter(Boolean).join(' ') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('event.handler')}>{event.currentUnit?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('event.created')}>{formatChinaTime(event.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('event.deadline')}>
            {event.resolveDeadline ? formatChinaTime(event.resolveDeadline) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('event.reporter')}>
            <Reporter event={event} />
          </Descriptions.Item>
        </Descriptions>
        <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{event.description}</p>
        {event.community ? (
          <AreaMap
            code={event.community.code}
            point={event.lat !== null && event.lng !== null ? { lat: event.lat, lng: event.lng } : null}
            label={t('event.mapAlt', { community: event.community.name })}
          />
        ) : null}
        {event.photos.length ? (
          <Image.PreviewGroup>
            <Space wrap size={8} style={{ marginTop: 8 }}>
              {event.photos.map((p, n) => (
                <Image
                  key={p.id}
                  src={p.url}
                  width={88}
                  height={88}
                  style={{ objectFit: 'cover', borderRadius: 6 }}
                  alt={t(p.kind === 'result' ? 'event.resultPhoto' : 'event.reportPhoto', { n: n + 1 })}
                />
              ))}
            </Space>
          </Image.PreviewGroup>
        ) : null}
      </Card>
      <Card title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('event.timeline')}</h3>} styles={{ body: { padding: 12 } }}>
        <Timeline items={(event.timeline ?? []).map((e) => ({ key: e.seq, content: <Step entry={e} /> }))} />
      </Card>
    </Space>
  )
}

function Step({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation('grid')
  const to = entry.toUnit && entry.toUnit.id !== entry.fromUnit?.id && entry.toUnit.id !== entry.actorUnit?.id ? entry.toUnit.name : null
  return (
    <div data-testid="grid-timeline-entry" data-action={entry.action}>
      <strong>{t(stepKey(entry))}</strong>
      <span style={{ color: '#4a5563', marginLeft: 8 }}>
        {entry.actorUnit?.name ?? t(`event.actor.${entry.actorKind}`)}
        {to ? ` → ${to}` : ''}
      </span>
      <div style={{ color: '#4a5563', fontSize: 12 }}>{formatChinaTime(entry.at)}</div>
      {entry.note ? <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{entry.note}</div> : null}
    </div>
  )
}

/** The reporter as the server sends them (masked); in full only after the audited reveal, for a role that may. */
function Reporter({ event }: { event: EventView }) {
  const { t } = useTranslation('grid')
  const { me } = useSession()
  const { message } = App.useApp()
  const [contact, setContact] = useState<{ id: number; name: string | null; phone: string | null } | null>(null)
  const shown = contact?.id === event.id ? contact : null
  const may = me?.kind === 'staff' && CONTACT_ROLES.includes(me.role) && !!(event.reporter.phone || event.reporter.name)
  const reveal = async () => {
    try {
      setContact({ id: event.id, ...(await call('POST /events/:id/contact', { params: { id: event.id } })) })
    } catch (e) {
      message.error(errorText(t, e))
    }
  }
  return (
    <Space wrap>
      <span data-testid="grid-event-reporter">
        {event.reporter.anonymous ? `${t('event.anonymous')} · ` : ''}
        {[shown?.name ?? event.reporter.name, shown?.phone ?? event.reporter.phone].filter(Boolean).join(' ') || '—'}
      </span>
      {may && !shown ? (
        <Button size="small" onClick={() => void reveal()} data-testid="grid-contact-reveal">
          {t('event.showContact')}
        </Button>
      ) : null}
    </Space>
  )
}
