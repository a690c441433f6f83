/**
 * 办事指南 (`/guide`): anyone, signed in or not, asks in their own words and reads the 12345
 * knowledge base's answer — only published articles within their validity are offered.
 */
import { useQuery } from '@tanstack/react-query'
import { Button, Card, Input, List, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams, useSearchParams } from 'react-router'
import { EmptyState, ErrorState, Loading } from '../components/States.tsx'
import { useDebounced } from '../lib/debounce.ts'
import { apiQuery } from '../lib/queries.ts'

export function GuidePage() {
  const { t } = useTranslation('knowledge')
  const [params, setParams] = useSearchParams()
  const navigate = useNavigate()
  const typed = params.get('q') ?? ''
  const q = useDebounced(typed.trim(), 400)
  const search = useQuery({ ...apiQuery('GET /knowledge/search', { query: { q, limit: 10 } }), enabled: q.length >= 2 })
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('guide.title')}
      </Typography.Title>
      <Input.Search
        value={typed}
        allowClear
        maxLength={200}
        placeholder={t('guide.searchPlaceholder')}
        onChange={(e) => setParams(e.target.value ? { q: e.target.value } : {}, { replace: true })}
        data-testid="guide-search"
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('guide.hint')}
      </Typography.Paragraph>
      {q.length < 2 ? null : search.error ? (
        <ErrorState error={search.error} onRetry={() => void search.refetch()} />
      ) : !search.data ? (
        <Loading />
      ) : search.data.items.length === 0 || search.data.noGoodAnswer ? (
        <EmptyState text={t('guide.none')} />
      ) : (
        <List
          dataSource={search.data.items}
          renderItem={(hit, i) => (
            // an article's words are data, in the language they were written in
            <List.Item
              onClick={() => navigate(`/guide/${hit.id}`)}
              style={{ cursor: 'pointer' }}
              data-testid={`guide-hit-${i + 1}`}
              data-data
            >
              <List.Item.Meta
                title={<Typography.Link>{hit.title}</Typography.Link>}
                description={
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                    {hit.snippet}
                  </Typography.Paragraph>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  )
}

export function GuideArticle() {
  const { t } = useTranslation('knowledge')
  const { id } = useParams()
  const navigate = useNavigate()
  const article = useQuery(apiQuery('GET /knowledge/articles/:id', { params: { id: Number(id) } }))
  if (article.error) return <ErrorState error={article.error} />
  if (!article.data) return <Loading />
  const a = article.data
  return (
    <Card
      title={
        <span style={{ whiteSpace: 'normal' }} data-data>
          {a.title}
        </span>
      }
      extra={<Button onClick={() => navigate(-1)}>{t('guide.back')}</Button>}
      data-testid="guide-article"
    >
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-data>
        {a.body}
      </Typography.Paragraph>
      <Typography.Text type="secondary">
        {t('guide.department', { unit: a.unit?.name ?? '' })}
        <br />
        {a.validTo ? t('guide.validity', { from: a.validFrom, to: a.validTo }) : t('guide.validityOpen', { from: a.validFrom })}
      </Typography.Text>
    </Card>
  )
}
