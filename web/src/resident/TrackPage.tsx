/**
 * 查进度 by number, for anyone (no account): progress and handling units, never personal data. A
 * signed-in resident may follow the event from here (关注 / 已关注) once it has been screened.
 */

import { useQuery } from '@tanstack/react-query'
import type { PublicTimelineEntry, PublicTrackView } from '@xiaolan/contracts'
import { Alert, Button, Card, Form, Input, Timeline } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import { ErrorState, Loading } from '../components/States.tsx'
import { StateTag } from '../components/StateTag.tsx'
import { ApiError } from '../lib/api.ts'
import { formatChinaTime } from '../lib/china-time.ts'
import { apiQuery } from '../lib/queries.ts'
import { useOwnCategoryName } from '../lib/reference.ts'
import { useSession } from '../lib/session.tsx'
import { stepKey } from '../lib/steps.ts'
import { MediationStages } from '../mediation/MediationStages.tsx'
import { FollowButton } from './FollowButton.tsx'

const NUMBER = /^LZ\d{8}-\d{6,7}$/
/** Not yet screened, turned down or folded into another: nothing the public may follow. */
const NOT_FOLLOWABLE: readonly string[] = ['submitted', 'rejected', 'merged']

export function TrackPage() {
  const { number } = useParams()
  const { t } = useTranslation('resident')
  const navigate = useNavigate()
  const track = useQuery({
    ...apiQuery('GET /track/:number', { params: { number: number ?? '' } }),
    enabled: !!number && NUMBER.test(number),
  })
  const view = track.data
  const error = track.error
  const load = () => void track.refetch()
  const { me } = useSession()

  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 17 }}>{t('track.title')}</h2>} styles={{ body: { padding: 12 } }}>
      <Form
        layout="vertical"
        initialValues={{ number: number ?? '' }}
        onFinish={(v: { number: string }) => navigate(`/track/${v.number.trim().toUpperCase()}`)}
      >
        <Form.Item
          name="number"
          label={t('track.number')}
          rules={[{ required: true, pattern: NUMBER, transform: (v: string) => v.trim().toUpperCase(), message: t('track.numberInvalid') }]}
        >
          <Input data-testid="track-number" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block data-testid="track-search">
          {t('track.search')}
        </Button>
      </Form>
      {number && !NUMBER.test(number) ? (
        <Alert style={{ marginTop: 16 }} type="warning" showIcon data-testid="track-problem" title={t('track.badFormat', { number })} />
      ) : null}
      {number && NUMBER.test(number) ? (
        error instanceof ApiError && error.status === 404 ? (
          <Alert style={{ marginTop: 16 }} type="info" showIcon data-testid="track-problem" title={t('track.noSuchNumber', { number })} />
        ) : error ? (
          <ErrorState error={error} onRetry={load} />
        ) : !view ? (
          <Loading />
        ) : (
          <div data-testid="track-view" style={{ marginTop: 16 }}>
            <PublicProgress view={view}>
              {me?.kind === 'resident' && !NOT_FOLLOWABLE.includes(view.state) ? (
                <div style={{ marginBottom: 12 }}>
                  <FollowButton eventId={view.id} />
                </div>
              ) : null}
            </PublicProgress>
          </div>
        )
      ) : null}
    </Card>
  )
}

/**
 * An event's public progress: title, state, number and places, `children` (what the page offers), the
 * public timeline and the mediation stages. `/track` and a caller's evaluation link (`/e/:token`) show it.
 */
export function PublicProgress({ view, children }: { view: PublicTrackView; children?: ReactNode }) {
  const { t } = useTranslation('resident')
  const categoryName = useOwnCategoryName()
  // who took the step, in public terms: the reporter, 12345, the system, or the handling unit by name
  const actorName = (e: PublicTimelineEntry) => (e.actor === 'unit' ? (e.unit ?? t('track.actor.unit')) : t(`track.actor.${e.actor}`))
  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, marginBottom: 8 }}>
        <strong style={{ overflowWrap: 'anywhere' }}>{view.title ?? categoryName(view.category)}</strong>
        <StateTag state={view.state} />
      </div>
      <div style={{ fontSize: 13, color: '#595959', marginBottom: 12 }}>
        {[view.number, categoryName(view.category), view.district, view.community].filter(Boolean).join(' · ')}
      </div>
      {children}
      <Timeline
        items={view.timeline.map((e) => ({
          key: e.seq,
          children: (
            <div data-testid="timeline-entry">
              <strong>{t(stepKey(e), { defaultValue: e.action })}</strong>
              <span data-testid="timeline-actor" data-actor={e.actor}>
                {' · '}
                {actorName(e)}
              </span>
              {e.toUnit ? <span> {t('track.toUnit', { unit: e.toUnit })}</span> : null}
              <div style={{ fontSize: 12, color: '#595959' }}>{formatChinaTime(e.at)}</div>
              {e.note ? <div style={{ overflowWrap: 'anywhere' }}>{e.note}</div> : null}
            </div>
          ),
        }))}
      />
      <MediationStages number={view.number} />
    </>
  )
}
