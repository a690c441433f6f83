/**
 * Find a place the way callers name it: the gazetteer (`GET /orgs/places`) searched as the user types —
 * 幸福里小区3号楼 → 幸福里小区, 安宁区 刘家堡街道 幸福里社区 — and a match picked gives its community and a
 * point inside it. Enter picks the highlighted match: the first one, unless the arrow keys moved.
 */
import { useQuery } from '@tanstack/react-query'
import type { PlaceMatch } from '@xiaolan/contracts'
import { PLACE_QUERY_MAX } from '@xiaolan/contracts'
import { Select, Spin, Tag } from 'antd'
import type { RefSelectProps } from 'antd/es/select'
import { type Ref, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDebounced } from '../lib/debounce.ts'
import { apiQuery } from '../lib/queries.ts'

/** Where a match leads: district, street and community. */
export const placePath = (m: PlaceMatch) => [m.district?.name, m.street?.name, m.community.name].filter(Boolean).join(' ')

export function PlaceSearch({
  onPick,
  testId,
  ref,
  within,
}: {
  /** the match picked, and what the user had typed (幸福里小区3号楼: the building stays worth writing down) */
  onPick: (match: PlaceMatch, typed: string) => void
  testId: string
  ref?: Ref<RefSelectProps>
  /** a unit's code: only places inside it (a grid worker's search offers only their community's) */
  within?: string
}) {
  const { t } = useTranslation('common')
  const [text, setText] = useState('')
  const q = useDebounced(text.trim(), 200)
  const result = useQuery({ ...apiQuery('GET /orgs/places', { query: within ? { q, within } : { q } }), enabled: q.length > 0 })
  const settled = q === text.trim()
  const items = q && settled ? (result.data?.items ?? []) : []
  const waiting = text.trim().length > 0 && (!settled || result.isFetching)
  return (
    <Select
      ref={ref}
      showSearch={{ filterOption: false, onSearch: (v) => setText(v.slice(0, PLACE_QUERY_MAX)), searchValue: text }}
      // what was picked shows where the page shows the place (the community field, 已选); the search starts afresh
      value={null}
      options={items.map((m, i) => ({
        value: String(i),
        title: `${m.name} ${placePath(m)}`,
        label: (
          <div data-testid="place-match" style={{ lineHeight: 1.35, whiteSpace: 'normal' }}>
            <div>
              <strong>{m.name}</strong>{' '}
              <Tag bordered={false} style={{ marginInlineStart: 4 }}>
                {t(`placeSearch.kind.${m.kind}`)}
              </Tag>
            </div>
            <div style={{ fontSize: 12, color: '#666' }}>{placePath(m)}</div>
          </div>
        ),
      }))}
      placeholder={t('placeSearch.placeholder')}
      aria-label={t('placeSearch.label')}
      notFoundContent={waiting ? <Spin size="small" /> : text.trim() ? t('placeSearch.none') : null}
      suffixIcon={null}
      style={{ width: '100%' }}
      data-testid={testId}
      onChange={(v: string | null) => {
        const m = v === null ? undefined : items[Number(v)]
        if (!m) return
        onPick(m, text)
        setText('')
      }}
    />
  )
}
