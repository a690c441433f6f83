/**
 * 可能重复 in the event drawer (issue 16, item 4): the open events within the user's scope that this
 * open or submitted one may repeat, by its own words, place and category — number, title, distance
 * and score — each with 合并到此 (the `merge` action, folding this event into that one) when the
 * event's allowedActions include merge. Nothing shows when there are none.
 */
import { useQuery } from '@tanstack/react-query'
import { type DuplicateCandidate, type EventView, OPEN_STATES } from '@xiaolan/contracts'
import { App as AntApp, Button, List, Popconfirm, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { act } from '../lib/acted.ts'
import { ApiError } from '../lib/api.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery } from '../lib/queries.ts'

export function DuplicatesSection({
  event,
  onMerged,
  onStale,
}: {
  event: EventView
  /** the drawer's settling of an action's answer */
  onMerged(updated: EventView): void
  onStale(): void
}) {
  const { t } = useTranslation('workbench')
  const { message } = AntApp.useApp()
  const open = (OPEN_STATES as readonly string[]).includes(event.state)
  const query = useQuery({ ...apiQuery('GET /events/:id/duplicates', { params: { id: event.id } }), enabled: open })
  const [merging, setMerging] = useState<number | null>(null)
  const items = query.data?.items ?? []
  if (!open || !items.length) return null
  const canMerge = (event.allowedActions ?? []).includes('merge')

  const merge = async (into: DuplicateCandidate) => {
    setMerging(into.id)
    try {
      onMerged(await act(event, { type: 'merge', intoEventId: into.id }))
    } catch (e) {
      message.error(errorText(t, e))
      if (e instanceof ApiError && e.status === 409) onStale()
    } finally {
      setMerging(null)
    }
  }

  return (
    <section data-testid="event-duplicates">
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('duplicates.title')}
      </Typography.Title>
      <List
        size="small"
        bordered
        dataSource={items}
        renderItem={(d) => (
          <List.Item
            data-testid="event-duplicate"
            actions={
              canMerge
                ? [
                    <Popconfirm
                      key="merge"
                      title={t('duplicates.confirm', { number: d.number })}
                      onConfirm={() => merge(d)}
                      okButtonProps={{ 'data-testid': 'duplicate-merge-confirm' } as Record<string, string>}
                    >
                      <Button size="small" loading={merging === d.id} data-testid="duplicate-merge">
                        {t('duplicates.mergeHere')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <div style={{ minWidth: 0 }}>
              <div style={{ overflowWrap: 'anywhere' }}>
                <strong>{d.number}</strong> {d.title}
              </div>
              <div style={{ color: '#4a5563', fontSize: 12 }}>
                {t(`common:state.${d.state}`)}
                {d.distanceM === undefined ? '' : ` · ${t('duplicates.distance', { m: d.distanceM })}`}
                {` · ${t('duplicates.score', { score: d.score.toFixed(2) })}`}
              </div>
            </div>
          </List.Item>
        )}
      />
    </section>
  )
}
