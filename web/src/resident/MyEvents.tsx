/**
 * 我的: my reports, newest first, with their state and the unit handling them; and 我关注的, the
 * events I follow (offered as a duplicate, or the survivor of a merge) with their public progress.
 */
import { useQuery } from '@tanstack/react-query'
import type { FollowedEvent } from '@xiaolan/contracts'
import { App, Button, List, Space } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ListCard } from '../components/ListCard.tsx'
import { NoticeBell } from '../components/NoticeBell.tsx'
import { ErrorState, Loading } from '../components/States.tsx'
import { StateTag } from '../components/StateTag.tsx'
import { formatChinaDate } from '../lib/china-time.ts'
import { errorText } from '../lib/errors.ts'
import { OWN_EVENT_READS, RESIDENT_STREAM, useLiveChanges } from '../lib/live.ts'
import { apiQuery, useApiMutation } from '../lib/queries.ts'
import { useOwnCategoryName } from '../lib/reference.ts'
import { FOLLOW_READS } from './FollowButton.tsx'
import { NoticeSettings } from './NoticeSettings.tsx'

export function MyEvents() {
  const { t } = useTranslation('resident')
  const { data, error, refetch } = useQuery(apiQuery('GET /events', { query: { limit: 50 } }))
  // a unit signing, moving or resolving one of my events, or one I follow, shows at once
  useLiveChanges({ path: RESIDENT_STREAM, invalidates: [...OWN_EVENT_READS, 'GET /resident/follows'] })
  const items = data?.items
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />
  if (!items) return <Loading />
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: -8 }}>
        <NoticeBell stream={RESIDENT_STREAM} linkOf={(n) => (n.eventId === null ? null : `/events/${n.eventId}`)} />
      </div>
      <ListCard
        title={t('mine.title')}
        items={items}
        empty={t('mine.empty')}
        renderItem={(e) => (
          <List.Item style={{ padding: '10px 12px' }} data-testid="my-event-row">
            <Link to={`/events/${e.id}`} style={{ display: 'block', width: '100%', color: 'inherit', minWidth: 0 }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <strong style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{e.title}</strong>
                <StateTag state={e.state} />
              </div>
              <div style={{ fontSize: 12, color: '#595959', marginTop: 4 }}>
                <span>{e.number}</span> · <span>{formatChinaDate(e.createdAt)}</span>
              </div>
              {e.currentUnit ? (
                <div style={{ fontSize: 13, marginTop: 2 }} data-testid="my-event-handler">
                  {t('mine.handler', { unit: e.currentUnit.name })}
                </div>
              ) : null}
            </Link>
          </List.Item>
        )}
      />
      <Followed />
      <NoticeSettings />
    </Space>
  )
}

/** 我关注的: each followed event opens its public progress (/track), and can be unfollowed here. */
function Followed() {
  const { t } = useTranslation('resident')
  const { message } = App.useApp()
  const { data, error, refetch } = useQuery(apiQuery('GET /resident/follows'))
  const unfollow = useApiMutation('DELETE /resident/events/:id/follow', FOLLOW_READS)
  const categoryName = useOwnCategoryName()
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />
  if (!data) return <Loading />
  const stop = (e: FollowedEvent) =>
    unfollow.mutate({ params: { id: e.id } }, { onError: (problem) => void message.error(errorText(t, problem)) })
  return (
    <div data-testid="my-follows">
      <ListCard
        title={t('follows.title')}
        items={data.items}
        empty={t('follows.empty')}
        renderItem={(e) => (
          <List.Item style={{ padding: '10px 12px', gap: 8 }} data-testid="my-follow-row">
            <Link to={`/track/${e.number}`} style={{ display: 'block', flex: 1, color: 'inherit', minWidth: 0 }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <strong style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  {e.title ?? categoryName(e.category)}
                </strong>
                <StateTag state={e.state} />
              </div>
              <div style={{ fontSize: 12, color: '#595959', marginTop: 4 }}>
                <span>{e.number}</span> · <span>{t(`follows.via.${e.via}`, { date: formatChinaDate(e.since) })}</span>
              </div>
              {e.unit ? <div style={{ fontSize: 13, marginTop: 2 }}>{t('mine.handler', { unit: e.unit })}</div> : null}
            </Link>
            <Button
              type="link"
              onClick={() => stop(e)}
              loading={unfollow.isPending && unfollow.variables?.params.id === e.id}
              data-testid="my-follow-unfollow"
              aria-label={t('follows.unfollowOne', { number: e.number })}
            >
              {t('follow.unfollow')}
            </Button>
          </List.Item>
        )}
      />
    </div>
  )
}
