/**
 * The desk's knowledge panel: as the operator types what the caller asks, the knowledge base is
 * searched (a moment after typing stops) and its best articles are listed with how well each
 * matches; 按知识库答复 picks one, and the call is then answered from it and closed.
 */
import { useQuery } from '@tanstack/react-query'
import type { KnowledgeCategory, KnowledgeHit } from '@xiaolan/contracts'
import { Alert, Button, Card, List, Modal, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDebounced } from '../lib/debounce.ts'
import { apiQuery } from '../lib/queries.ts'

const MIN_QUESTION = 2

/** The consult subcategory a call answered from an article of this shelf is filed under. */
export function consultCategoryOf(category: KnowledgeCategory): string {
  if (category === 'residence' || category === 'household') return 'consult.household'
  if (category === 'social_insurance' || category === 'medical_insurance' || category === 'employment') return 'consult.social_security'
  if (category === 'housing' || category === 'provident_fund') return 'consult.housing'
  if (category === 'business' || category === 'tax') return 'consult.business'
  return 'consult.other'
}

export function KnowledgePanel({
  question,
  picked,
  onPick,
}: {
  question: string
  picked: KnowledgeHit | null
  onPick: (hit: KnowledgeHit | null) => void
}) {
  const { t } = useTranslation('knowledge')
  const q = useDebounced(question.trim(), 400)
  const [reading, setReading] = useState<number | null>(null)
  const search = useQuery({
    ...apiQuery('GET /knowledge/search', { query: { q, limit: 5 } }),
    enabled: [...q].length >= MIN_QUESTION,
    refetchOnWindowFocus: false,
    placeholderData: (previous) => previous,
  })
  const hits = search.data?.items ?? []
  return (
    <Card size="small" title={t('panel.title')} data-testid="hotline-knowledge">
      {/* a new call clears the question: the last call's articles go at once, not after the pause */}
      {[...question.trim()].length < MIN_QUESTION || [...q].length < MIN_QUESTION ? (
        <Typography.Text type="secondary">{t('panel.hint')}</Typography.Text>
      ) : search.isPending ? (
        <Typography.Text type="secondary">{t('panel.searching')}</Typography.Text>
      ) : (
        <>
          {search.data?.noGoodAnswer ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              title={hits.length ? t('panel.weak') : t('panel.none')}
              data-testid="knowledge-weak"
            />
          ) : null}
          <List
            size="small"
            dataSource={hits}
            renderItem={(hit, i) => (
              <List.Item
                data-testid={`knowledge-hit-${i + 1}`}
                // an article's words are data, in the language they were written in
                data-data
                actions={[
                  picked?.id === hit.id ? (
                    <Button key="unpick" size="small" onClick={() => onPick(null)} data-testid={`knowledge-unpick-${i + 1}`}>
                      {t('panel.unpick')}
                    </Button>
                  ) : (
                    <Button
                      key="pick"
                      size="small"
                      type="primary"
                      ghost
                      onClick={() => onPick(hit)}
                      data-testid={`knowledge-pick-${i + 1}`}
                    >
                      {t('panel.pick')}
                    </Button>
                  ),
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space size={4} wrap>
                      <Typography.Link onClick={() => setReading(hit.id)} data-testid={`knowledge-title-${i + 1}`}>
                        {hit.title}
                      </Typography.Link>
                      {picked?.id === hit.id ? <Tag color="blue">{t('panel.picked')}</Tag> : null}
                    </Space>
                  }
                  description={
                    <>
                      <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 2 }}>
                        {hit.snippet}
                      </Typography.Paragraph>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t(`category.${hit.category}`)} · {t('panel.from', { unit: hit.unit })} ·{' '}
                        {t('panel.match', { percent: Math.round(hit.confidence * 100) })}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </>
      )}
      <ArticleModal id={reading} onClose={() => setReading(null)} />
    </Card>
  )
}

/** An article's full text, to read out to the caller. */
export function ArticleModal({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation('knowledge')
  const article = useQuery({ ...apiQuery('GET /knowledge/articles/:id', { params: { id: id ?? 0 } }), enabled: id !== null })
  return (
    <Modal open={id !== null} onCancel={onClose} footer={null} title={article.data?.title} width={640} destroyOnHidden>
      {article.data ? (
        <div data-testid="knowledge-article">
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-data>
            {article.data.body}
          </Typography.Paragraph>
          <Typography.Text type="secondary">
            {t('guide.department', { unit: article.data.unit?.name ?? '' })} ·{' '}
            {article.data.validTo
              ? t('guide.validity', { from: article.data.validFrom, to: article.data.validTo })
              : t('guide.validityOpen', { from: article.data.validFrom })}
          </Typography.Text>
        </div>
      ) : null}
    </Modal>
  )
}
