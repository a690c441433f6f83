/**
 * 待办: the grid's open events; the ones the community sent to my grid are signed and resolved here,
 * and each opens in full (`?event=<id>`, so the phone's back button returns to the list).
 */
import { useQueries } from '@tanstack/react-query'
import type { EventView } from '@xiaolan/contracts'
import { App, Button, List } from 'antd'
import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { ListCard } from '../components/ListCard.tsx'
import { PhotoPicker } from '../components/PhotoPicker.tsx'
import { ErrorState, Loading } from '../components/States.tsx'
import { StateTag } from '../components/StateTag.tsx'
import { act, useActed } from '../lib/acted.ts'
import { formatChinaTime } from '../lib/china-time.ts'
import { errorText } from '../lib/errors.ts'
import { useLiveChanges } from '../lib/live.ts'
import { apiQuery } from '../lib/queries.ts'
import { useSession } from '../lib/session.tsx'
import { GridEvent } from './GridEvent.tsx'
import { ResultNote } from './ResultNote.tsx'

/** What a grid worker still has in hand: assigned, being handled, or resolved and awaiting the resident. */
const IN_HAND = ['assigned', 'in_progress', 'resolved'] as const

export function OpenEvents() {
  const { t } = useTranslation('grid')
  const { me } = useSession()
  const mine = me?.kind === 'staff' ? me.unit.id : null
  // what the community dispatches to this grid, and each step of the event opened, show up without a reload
  useLiveChanges({ invalidates: ['GET /events', 'GET /events/:id'] })
  const [search, setSearch] = useSearchParams()
  const opened = Number(search.get('event')) || null
  const pages = useQueries({
    queries: IN_HAND.map((state) => apiQuery('GET /events', { query: { state, limit: 50 } })),
    combine: (results) => ({
      items: results.every((r) => r.data) ? results.flatMap((r) => r.data?.items ?? []).sort((a, b) => b.id - a.id) : null,
      error: results.find((r) => r.error)?.error,
      retry: () => results.forEach((r) => void r.refetch()),
    }),
  })
  const { items, error } = pages
  if (opened) return <GridEvent id={opened} onBack={() => setSearch({})} />
  if (error) return <ErrorState error={error} onRetry={pages.retry} />
  if (!items) return <Loading />
  return (
    <ListCard
      title={t('open.title')}
      items={items}
      empty={t('open.empty')}
      renderItem={(e) => (
        <List.Item style={{ padding: '10px 12px', display: 'block' }} data-testid="grid-event-row">
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <strong style={{ overflowWrap: 'anywhere', minWidth: 0 }}>{e.title}</strong>
            <StateTag state={e.state} />
          </div>
          <div style={{ fontSize: 12, color: '#595959' }}>
            {[e.number, e.currentUnit?.name, formatChinaTime(e.createdAt)].filter(Boolean).join(' · ')}
          </div>
          <div style={{ marginTop: 6 }}>
            <Button size="small" onClick={() => setSearch({ event: String(e.id) })} data-testid="grid-event-open">
              {t('event.open')}
            </Button>
          </div>
          {e.currentUnit?.id === mine && (e.state === 'assigned' || e.state === 'in_progress') ? <Handle event={e} /> : null}
        </List.Item>
      )}
    />
  )
}

/** The result being written: its words and photos (null while the form is closed). */
interface Result {
  note: string
  photoIds: number[]
}

/** An event the community sent to my grid: sign it, then resolve it with the result and photos. */
function Handle({ event }: { event: EventView }) {
  const { t } = useTranslation('grid')
  const { message } = App.useApp()
  const acted = useActed()
  const [result, setResult] = useState<Result | null>(null)
  const [busy, setBusy] = useState(false)
  const onPhotos = useCallback((photoIds: number[]) => setResult((r) => r && { ...r, photoIds }), [])
  const run = async (body: Parameters<typeof act>[1]) => {
    setBusy(true)
    try {
      acted(await act(event, body))
      message.success(t('handle.done'))
    } catch (e) {
      message.error(errorText(t, e))
    } finally {
      setBusy(false)
    }
  }
  if (event.state === 'assigned') {
    return (
      <Button
        size="small"
        type="primary"
        loading={busy}
        onClick={() => void run({ type: 'sign' })}
        style={{ marginTop: 6 }}
        data-testid="grid-sign"
      >
        {t('common:action.sign')}
      </Button>
    )
  }
  if (!result) {
    return (
      <Button
        size="small"
        type="primary"
        onClick={() => setResult({ note: '', photoIds: [] })}
        style={{ marginTop: 6 }}
        data-testid="grid-resolve"
      >
        {t('common:action.resolve')}
      </Button>
    )
  }
  return (
    <div style={{ marginTop: 6 }}>
      <ResultNote value={result.note} onChange={(note) => setResult({ ...result, note })} testId="grid-resolve-note" />
      <div style={{ margin: '6px 0' }}>
        <PhotoPicker onChange={onPhotos} testId="grid-resolve-photos" label={t('collect.resultPhotos')} />
      </div>
      <Button
        type="primary"
        block
        loading={busy}
        disabled={!result.note.trim()}
        onClick={() =>
          void run({ type: 'resolve', note: result.note.trim(), ...(result.photoIds.length ? { attachmentIds: result.photoIds } : {}) })
        }
        data-testid="grid-resolve-confirm"
      >
        {t('common:action.resolve')}
      </Button>
    </div>
  )
}
