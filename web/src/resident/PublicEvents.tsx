/** 公开: what the city is handling, masked — no names, phones or ID numbers; anonymous reports show only their type. */
import type { Page, PublicEventView } from '@xiaolan/contracts'
import { Button, Card, List, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { EmptyState, ErrorState, Loading } from '../components/States.tsx'
import { api, qs } from '../lib/api.ts'
import { type CategoryItem, categoryName, loadCategories } from './parts/data.ts'
import { StateTag } from './StateTag.tsx'

export function PublicEvents() {
  const { t, i18n } = useTranslation('resident')
  const [items, setItems] = useState<PublicEventView[] | null>(null)
  const [next, setNext] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [categories, setCategories] = useState<CategoryItem[]>([])
  const load = useCallback((after: string | null) => {
    setError(null)
    api.get<Page<PublicEventView>>(`/public/events${qs({ limit: 20, next: after })}`).then((p) => {
      setItems((old) => (after ? [...(old ?? []), ...p.items] : p.items))
      setNext(p.next)
    }, setError)
  }, [])
  useEffect(() => load(null), [load])
  useEffect(() => {
    void loadCategories().then(setCategories, () => {})
  }, [])
  if (error && !items) return <ErrorState error={error} onRetry={() => load(null)} />
  if (!items) return <Loading />
  const name = (code: string) =>
    categoryName(
      categories.find((c) => c.code === code),
      i18n.language,
    ) || code
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 17 }}>{t('public.title')}</h2>} styles={{ body: { padding: 0 } }}>
      <Typography.Paragraph style={{ color: '#595959', padding: '8px 12px 0' }}>{t('public.hint')}</Typography.Paragraph>
      {items.length === 0 ? (
        <EmptyState />
      ) : (
        <List
          dataSource={items}
          renderItem={(e) => (
            <List.Item style={{ padding: '10px 12px', display: 'block' }} data-testid="public-event-row">
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <Link to={`/track/${e.number}`} style={{ overflowWrap: 'anywhere', minWidth: 0, color: '#1357a6' }}>
                  {e.title ?? name(e.category)}
                </Link>
                <StateTag state={e.state} />
              </div>
              <div style={{ fontSize: 12, color: '#595959', marginTop: 4 }}>
                {[
                  name(e.category),
                  e.community,
                  e.unit ? t('track.unit', { unit: e.unit }) : null,
                  new Date(e.createdAt).toLocaleDateString(),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </div>
            </List.Item>
          )}
        />
      )}
      {next ? (
        <div style={{ padding: 12 }}>
          <Button block onClick={() => load(next)}>
            {t('public.more')}
          </Button>
        </div>
      ) : null}
    </Card>
  )
}
