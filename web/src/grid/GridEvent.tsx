/**
 * One of my grid's events, opened from 网格待办: its facts, the reporter (masked as the server sends
 * it; shown in full only through the audited reveal, for the roles of CONTACT_ROLES), the map of its
 * community with the pin, its photos and the timeline of steps — what the workbench drawer shows,
 * within what a grid worker may read. Signing and resolving stay in the list's row.
 */
import { useQuery } from '@tanstack/react-query'
import type { TimelineEntry } from '@xiaolan/contracts'
import { Button, Card, Descriptions, Space, Timeline } from 'antd'
import { useTranslation } from 'react-i18next'
import { AreaMap } from '../components/AreaMap.tsx'
import { PhotoThumbnails } from '../components/PhotoThumbnails.tsx'
import { ReporterContact } from '../components/ReporterContact.tsx'
import { ErrorState, Loading } from '../components/States.tsx'
import { StateTag } from '../components/StateTag.tsx'
import { formatChinaTime } from '../lib/china-time.ts'
import { apiQuery } from '../lib/queries.ts'
import { useCategoryName } from '../lib/reference.ts'
import { movedTo, stepKey } from '../lib/steps.ts'

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
            <ReporterContact
              event={event}
              anonymousLabel={t('event.anonymous')}
              revealLabel={t('event.showContact')}
              testId="grid-event-reporter"
              revealTestId="grid-contact-reveal"
            />
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
        <PhotoThumbnails
          photos={event.photos}
          alt={(p, n) => t(p.kind === 'result' ? 'event.resultPhoto' : 'event.reportPhoto', { n: n + 1 })}
          style={{ marginTop: 8 }}
        />
      </Card>
      <Card title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('event.timeline')}</h3>} styles={{ body: { padding: 12 } }}>
        <Timeline items={(event.timeline ?? []).map((e) => ({ key: e.seq, content: <Step entry={e} /> }))} />
      </Card>
    </Space>
  )
}

function Step({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation('grid')
  const to = movedTo(entry)
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
