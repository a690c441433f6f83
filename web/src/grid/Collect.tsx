/** 采集: a new event with photos and the position (or a point on the map), closed on the spot (即办即结) when it was. */
import { useQuery } from '@tanstack/react-query'
import { Alert, App, Button, Card, Form } from 'antd'
import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PhotoPicker } from '../components/PhotoPicker.tsx'
import { draftBody, draftProblems, ReportFields, SubmitRow, SwitchRow, useReportDraft } from '../components/ReportFields.tsx'
import { errorText } from '../lib/errors.ts'
import { EVENT_READS } from '../lib/live.ts'
import { apiQuery, useApiMutation } from '../lib/queries.ts'
import { useSession } from '../lib/session.tsx'
import { currentPosition } from './position.ts'
import { ResultNote } from './ResultNote.tsx'

/** The result of handling it on the spot: what was done and its photos. */
interface OnSpot {
  on: boolean
  note: string
  photoIds: number[]
}

export function Collect({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('grid')
  const { message } = App.useApp()
  const [draft, update] = useReportDraft()
  const [fix, setFix] = useState<'idle' | 'locating' | 'failed'>('idle')
  const [spot, setSpot] = useState<OnSpot>({ on: false, note: '', photoIds: [] })
  const [error, setError] = useState<string | null>(null)
  const create = useApiMutation('POST /events', EVENT_READS)
  const onResultPhotos = useCallback((photoIds: number[]) => setSpot((s) => ({ ...s, photoIds })), [])
  // the worker reports in their own unit: the search offers only its places, and a point outside their grid
  // (which the server refuses as outside_area) is said so before it is sent
  const { me } = useSession()
  const unit = me?.kind === 'staff' ? me.unit : undefined
  const at = draft.place?.lat !== undefined && draft.place.lng !== undefined ? { lat: draft.place.lat, lng: draft.place.lng } : null
  const located = useQuery({
    ...apiQuery('GET /orgs/locate', { query: at ?? { lat: 0, lng: 0 } }),
    enabled: !!at && unit?.kind === 'grid',
    retry: false,
  })
  const outside = !!at && unit?.kind === 'grid' && (located.isError || (located.data && located.data.grid?.code !== unit.code))

  const locate = async () => {
    setFix('locating')
    const p = await currentPosition()
    setFix(p ? 'idle' : 'failed')
    if (p) update({ place: { ...p, label: t('collect.located', { lat: p.lat.toFixed(5), lng: p.lng.toFixed(5) }) } })
  }
  const submit = async () => {
    const problem = Object.values(draftProblems(draft, t))[0] ?? (spot.on && !spot.note.trim() ? t('collect.resultRequired') : null)
    setError(problem)
    if (problem) return
    const resolvedOnSpot = { note: spot.note.trim(), ...(spot.photoIds.length ? { attachmentIds: spot.photoIds } : {}) }
    try {
      const created = await create.mutateAsync({
        body: { channel: 'grid', ...draftBody(draft), ...(spot.on ? { resolvedOnSpot } : {}) },
      })
      message.success(t(spot.on ? 'collect.doneOnSpot' : 'collect.done', { number: created.number }))
      onDone()
    } catch (e) {
      setError(errorText(t, e))
    }
  }

  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 17 }}>{t('collect.title')}</h2>} styles={{ body: { padding: 12 } }}>
      <Form layout="vertical" onFinish={() => void submit()}>
        <ReportFields
          draft={draft}
          update={update}
          testIds={{ description: 'grid-description', photos: 'grid-photos', map: 'grid-map' }}
          labels={{ photos: t('collect.photos'), place: t('collect.position') }}
          within={unit?.code}
          extraPlace={
            <>
              <Button onClick={() => void locate()} loading={fix === 'locating'} data-testid="grid-locate" style={{ marginBottom: 8 }}>
                {fix === 'locating' ? t('collect.locating') : t('collect.locate')}
              </Button>
              {fix === 'failed' ? <Alert type="warning" message={t('collect.locateFailed')} style={{ marginBottom: 8 }} /> : null}
            </>
          }
        />
        {outside ? (
          <Alert type="warning" showIcon title={t('collect.outsideGrid')} style={{ marginBottom: 12 }} data-testid="grid-outside" />
        ) : null}
        <SwitchRow checked={spot.on} onChange={(on) => setSpot({ ...spot, on })} label={t('collect.onSpot')} testId="grid-on-spot" />
        {spot.on ? (
          <>
            <Form.Item label={t('collect.result')}>
              <ResultNote value={spot.note} onChange={(note) => setSpot({ ...spot, note })} testId="grid-result-note" />
            </Form.Item>
            <Form.Item label={t('collect.resultPhotos')}>
              <PhotoPicker onChange={onResultPhotos} testId="grid-result-photos" />
            </Form.Item>
          </>
        ) : null}
        <SubmitRow
          error={error}
          busy={create.isPending}
          label={spot.on ? t('collect.submitOnSpot') : t('collect.submit')}
          testId="grid-submit"
        />
      </Form>
    </Card>
  )
}
