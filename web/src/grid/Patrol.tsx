/**
 * 巡查: check in where I am (or at a point I pick when the position is unavailable); today's
 * check-ins as a route on the map (numbered in time order) and as a list, newest first, with the same numbers.
 */
import { useQuery } from '@tanstack/react-query'
import { Alert, App, Button, Card, Input, List } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AreaPicker, type Place } from '../components/AreaPicker.tsx'
import { EmptyState, ErrorState, Loading } from '../components/States.tsx'
import { formatChinaTime } from '../lib/china-time.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery, useApiMutation } from '../lib/queries.ts'
import { enqueue, isTransient } from './outbox.ts'
import { PatrolRoute } from './PatrolRoute.tsx'
import { currentPosition } from './position.ts'

export function Patrol() {
  const { t } = useTranslation('grid')
  const { message } = App.useApp()
  const patrols = useQuery(apiQuery('GET /patrols'))
  const checkIn = useApiMutation('POST /patrols', ['GET /patrols'])
  const [note, setNote] = useState('')
  // asked for once the device gave no position; then the picked point is where the check-in is
  const [pick, setPick] = useState<{ place: Place | null } | null>(null)
  const [locating, setLocating] = useState(false)
  const items = patrols.data?.items

  const submit = async () => {
    setLocating(true)
    const picked = pick?.place
    const at = picked?.lat !== undefined && picked.lng !== undefined ? { lat: picked.lat, lng: picked.lng } : await currentPosition()
    setLocating(false)
    if (!at) return setPick({ place: null })
    // one key per check-in: a resend from the outbox answers the first one
    const input = { body: { ...at, ...(note.trim() ? { note: note.trim() } : {}), idempotencyKey: crypto.randomUUID() } }
    const done = () => {
      setNote('')
      if (pick) setPick({ place: null })
    }
    try {
      await checkIn.mutateAsync(input)
      message.success(t('patrol.done'))
      done()
    } catch (e) {
      if (!isTransient(e)) return void message.error(errorText(t, e))
      const label = `${t('tab.patrol')} · ${formatChinaTime(new Date().toISOString())}`
      await enqueue({ key: input.body.idempotencyKey, operation: 'POST /patrols', input, label })
      message.warning(t('outbox.queued'))
      done()
    }
  }
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 17 }}>{t('patrol.title')}</h2>} styles={{ body: { padding: 12 } }}>
      <Input
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={500}
        placeholder={t('patrol.note')}
        aria-label={t('patrol.note')}
        style={{ marginBottom: 8 }}
      />
      {pick ? (
        <>
          <Alert type="warning" message={t('patrol.pickHint')} style={{ marginBottom: 8 }} />
          <AreaPicker value={pick.place} onChange={(place) => setPick({ place })} testId="patrol-map" />
        </>
      ) : null}
      <Button
        type="primary"
        block
        onClick={() => void submit()}
        loading={locating || checkIn.isPending}
        data-testid="patrol-check-in"
        style={{ margin: '8px 0' }}
      >
        {t('patrol.checkIn')}
      </Button>
      {patrols.error ? (
        <ErrorState error={patrols.error} onRetry={() => void patrols.refetch()} />
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState text={t('patrol.empty')} />
      ) : (
        <>
          <PatrolRoute patrols={items} />
          <List
            dataSource={items}
            renderItem={(p, i) => (
              <List.Item data-testid="patrol-row">
                {items.length - i}. {formatChinaTime(p.at)} ·{' '}
                {p.grid?.name ?? p.community?.name ?? `${p.lat.toFixed(5)}, ${p.lng.toFixed(5)}`}
                {p.note ? ` · ${p.note}` : ''}
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  )
}
