/** 我的: my reports, newest first, with their state and the unit handling them. */
import { useQuery } from '@tanstack/react-query'
import { List } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ListCard } from '../components/ListCard.tsx'
import { ErrorState, Loading } from '../components/States.tsx'
import { StateTag } from '../components/StateTag.tsx'
import { formatChinaDate } from '../lib/china-time.ts'
import { OWN_EVENT_READS, RESIDENT_STREAM, useLiveChanges } from '../lib/live.ts'
import { apiQuery } from '../lib/queries.ts'

export function MyEvents() {
  const { t } = useTranslation('resident')
  const { data, error, refetch } = useQuery(apiQuery('GET /events', { query: { limit: 50 } }))
  // a unit signing, moving or resolving one of my events shows at once
  useLiveChanges({ path: RESIDENT_STREAM, invalidates: OWN_EVENT_READS })
  const items = data?.items
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />
  if (!items) return <Loading />
  return (
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
  )
}
