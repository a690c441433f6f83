/**
 * 智能分拨 as the user types (issue 16): the classifier's best three categories for what has been
 * written so far, each with its score, and the words that weighed most. A click picks one into the
 * form's category; nothing is filled in by itself, so the user's own pick is never overwritten.
 */
import { useQuery } from '@tanstack/react-query'
import type { ClassifyResult } from '@xiaolan/contracts'
import { Button, Space, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useDebounced } from '../lib/debounce.ts'
import { apiQuery } from '../lib/queries.ts'
import { useCategoryName } from '../lib/reference.ts'

/** Suggestions start once this much is written: fewer characters say too little to rank on. */
const MIN_CHARS = 6

/** The classifier's answer for `text`, asked 300 ms after typing stops (late answers are dropped by the query's key). */
export function useCategorySuggestions(text: string): ClassifyResult | null {
  const settled = useDebounced(text.trim(), 300)
  const { data } = useQuery({
    ...apiQuery('POST /intelligence/classify', { body: { text: settled } }),
    enabled: [...settled].length >= MIN_CHARS,
    refetchOnWindowFocus: false,
    staleTime: Number.POSITIVE_INFINITY,
  })
  return [...text.trim()].length >= MIN_CHARS && data ? data : null
}

export function CategorySuggestions({
  suggestions,
  value,
  onPick,
  shortcut,
  testId,
}: {
  suggestions: ClassifyResult | null
  /** the category now chosen, marked among the suggestions */
  value?: string | null
  onPick(code: string): void
  /** the key that picks the first suggestion, shown beside it (the hotline desk's) */
  shortcut?: string
  testId: string
}) {
  const { t } = useTranslation('common')
  const name = useCategoryName()
  const best = suggestions?.candidates.slice(0, 3) ?? []
  if (!best.length) return null
  return (
    <div data-testid={testId} style={{ marginBottom: 12 }}>
      <Typography.Text type="secondary">{t('suggest.title')}</Typography.Text>
      <Space wrap size={[8, 8]} style={{ display: 'flex', marginTop: 4 }}>
        {best.map((c, i) => (
          <Button
            key={c.category}
            size="small"
            type={c.category === value ? 'primary' : 'default'}
            // a long name wraps on a phone instead of pushing the page wider
            style={{ whiteSpace: 'normal', height: 'auto', textAlign: 'left', maxWidth: '100%' }}
            onClick={() => onPick(c.category)}
            data-testid={`${testId}-${i}`}
          >
            {name(c.category)} · {Math.round(c.score * 100)}%{i === 0 && shortcut ? ` (${shortcut})` : ''}
          </Button>
        ))}
      </Space>
      {suggestions?.explanation.length ? (
        <div style={{ marginTop: 4 }} data-testid={`${testId}-why`}>
          <Typography.Text type="secondary">{t('suggest.why')}</Typography.Text>{' '}
          {suggestions.explanation.map((w) => (
            <Tag key={w}>{w}</Tag>
          ))}
        </div>
      ) : null}
      {suggestions && !suggestions.confident ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
          {t('suggest.unsure')}
        </Typography.Text>
      ) : null}
    </div>
  )
}
