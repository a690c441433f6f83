/** 公开: what the city is handling, masked — no names, phones or ID numbers; anonymous reports show only their type. */
import { Button, List, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ListCard } from '../components/ListCard.tsx'
import { ErrorState, Loading } from '../components/States.tsx'
import { StateTag } from '../components/StateTag.tsx'
import { formatChinaDate } from '../lib/china-time.ts'
import { usePages } from '../lib/queries.ts'
import { useOwnCategoryName } from '../lib/reference.ts'

export function PublicEvents() {
  const { t } = useTranslation('resident')
  const pages = usePages('GET /public/events', { limit: 20 })
  const name = useOwnCategoryName()
  const items = pages.data?.items
  if (pages.error && !items) return <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />
  if (!items) return <Loading />
  return (
    <ListCard
      title={t('public.title')}
      items={items}
      hint={
        <Typography.Paragraph style={{ color: '#595959', padding: '8px 12px 0' }}>
          {t('public.hint')}{' '}
          <Link to="/open-data" data-testid="public-open-data" style={{ display: 'inline-flex', alignItems: 'center', minHeight: 44 }}>
            {t('public.openData')}
          </Link>
        </Typography.Paragraph>
      }
      renderItem={(e) => (
        <List.Item style={{ padding: '10px 12px', display: 'block' }} data-testid="public-event-row">
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            {/* a finger's target: at least 44 px tall, however short the title */}
            <Link
              to={`/track/${e.number}`}
              style={{
                display: 'inline-flex',
                alignItems: 'center',
                minHeight: 44,
                overflowWrap: 'anywhere',
                minWidth: 0,
                color: '#1357a6',
              }}
            >
              {e.title ?? name(e.category)}
            </Link>
            <StateTag state={e.state} />
          </div>
          <div style={{ fontSize: 12, color: '#595959', marginTop: 4 }}>
            {[name(e.category), e.community, e.unit ? t('track.unit', { unit: e.unit }) : null, formatChinaDate(e.createdAt)]
              .filter(Boolean)
              .join(' · ')}
          </div>
        </List.Item>
      )}
      footer={
        pages.hasNextPage ? (
          <div style={{ padding: 12 }}>
            <Button block onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
              {t('public.more')}
            </Button>
          </div>
        ) : null
      }
    />
  )
}
