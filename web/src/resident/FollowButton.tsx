/**
 * 关注 / 已关注 on an event's public page: a signed-in resident follows an event they did not report
 * (it then shows under 我关注的) or stops following it. Only for an event the public may see.
 */
import { useQuery } from '@tanstack/react-query'
import { App, Button, Space } from 'antd'
import { useTranslation } from 'react-i18next'
import { errorText } from '../lib/errors.ts'
import { apiQuery, useApiMutation } from '../lib/queries.ts'

/** What a follow or an unfollow changes. */
export const FOLLOW_READS = ['GET /resident/events/:id/follow', 'GET /resident/follows'] as const

export function FollowButton({ eventId }: { eventId: number }) {
  const { t } = useTranslation('resident')
  const { message } = App.useApp()
  const state = useQuery(apiQuery('GET /resident/events/:id/follow', { params: { id: eventId } }))
  const follow = useApiMutation('POST /resident/events/:id/follow', FOLLOW_READS)
  const unfollow = useApiMutation('DELETE /resident/events/:id/follow', FOLLOW_READS)
  const busy = follow.isPending || unfollow.isPending || state.isFetching
  const run = (mutation: typeof follow | typeof unfollow) =>
    mutation.mutate({ params: { id: eventId } }, { onError: (e) => void message.error(errorText(t, e)) })
  // an event the public no longer sees (or a failed look-up) offers nothing to follow
  if (!state.data) return null
  return state.data.following ? (
    <Space wrap data-testid="follow-state" data-following="true">
      <strong>✓ {t('follow.following')}</strong>
      <Button type="link" loading={busy} onClick={() => run(unfollow)} data-testid="unfollow">
        {t('follow.unfollow')}
      </Button>
    </Space>
  ) : (
    <Button type="primary" loading={busy} onClick={() => run(follow)} data-testid="follow" data-following="false">
      {t('follow.follow')}
    </Button>
  )
}
