/**
 * The grid worker's app (mobile-first): collect an event with photos and the current position
 * (or a point on the map), close it on the spot (即办即结) with the result and its photos, see the
 * grid's open events, and check in on patrol.
 */
import type { EventView, Page, PatrolView } from '@xiaolan/contracts'
import { Alert, App, Button, Card, ConfigProvider, Form, Input, List, Segmented, Switch } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSwitch } from '../components/LanguageSwitch.tsx'
import { EmptyState, ErrorState, Loading } from '../components/States.tsx'
import { api } from '../lib/api.ts'
import { errorText } from '../lib/errors.ts'
import { useSession } from '../lib/session.tsx'
import { AreaPicker, type Place } from '../resident/parts/AreaPicker.tsx'
import { CategoryPicker } from '../resident/parts/CategoryPicker.tsx'
import { PhotoPicker } from '../resident/parts/PhotoPicker.tsx'
import { StateTag } from '../resident/StateTag.tsx'

type Tab = 'collect' | 'open' | 'patrol'

export default function GridApp() {
  const { t } = useTranslation('grid')
  const { me, logout } = useSession()
  const [tab, setTab] = useState<Tab>('collect')
  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa', maxWidth: 640, margin: '0 auto', overflowX: 'hidden' }}>
      <header style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '10px 12px', background: '#1357a6', color: '#fff' }}>
        <h1
          style={{
            margin: 0,
            fontSize: 18,
            flex: 1,
            color: '#fff',
            minWidth: 0,
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            whiteSpace: 'nowrap',
          }}
        >
          {t('title')} {me?.kind === 'staff' ? `· ${me.unit.name}` : ''}
        </h1>
        <ConfigProvider theme={{ token: { colorText: '#ffffff' } }}>
          <LanguageSwitch />
        </ConfigProvider>
        <Button size="small" type="text" style={{ color: '#fff' }} onClick={() => void logout()}>
          {t('common:logout')}
        </Button>
      </header>
      <main style={{ padding: 12 }}>
        <Segmented
          block
          value={tab}
          onChange={(v) => setTab(v as Tab)}
          options={[
            { value: 'collect', label: <span data-testid="grid-tab-collect">{t('tab.collect')}</span> },
            { value: 'open', label: <span data-testid="grid-tab-open">{t('tab.open')}</span> },
            { value: 'patrol', label: <span data-testid="grid-tab-patrol">{t('tab.patrol')}</span> },
          ]}
          style={{ marginBottom: 12 }}
        />
        {tab === 'collect' ? <Collect onDone={() => setTab('open')} /> : tab === 'open' ? <OpenEvents /> : <Patrol />}
      </main>
    </div>
  )
}

/** The device position, or null when it is refused or unavailable. */
function currentPosition(): Promise<{ lat: number; lng: number } | null> {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(null)
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 8000, maximumAge: 60_000 },
    )
  })
}

function Collect({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('grid')
  const { message } = App.useApp()
  const [category, setCategory] = useState<string | null>(null)
  const [description, setDescription] = useState('')
  const [place, setPlace] = useState<Place | null>(null)
  const [locating, setLocating] = useState(false)
  const [noFix, setNoFix] = useState(false)
  const [photoIds, setPhotoIds] = useState<number[]>([])
  const [onSpot, setOnSpot] = useState(false)
  const [result, setResult] = useState('')
  const [resultIds, setResultIds] = useState<number[]>([])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const onPhotos = useCallback((ids: number[]) => setPhotoIds(ids), [])
  const onResultPhotos = useCallback((ids: number[]) => setResultIds(ids), [])

  const locate = async () => {
    setLocating(true)
    const p = await currentPosition()
    setLocating(false)
    setNoFix(!p)
    if (p) setPlace({ ...p, label: t('collect.located', { lat: p.lat.toFixed(5), lng: p.lng.toFixed(5) }) })
  }
  const submit = async () => {
    const r = t('resident:report.categoryRequired')
    if (!category) return setError(r)
    if (description.trim().length < 2) return setError(t('resident:report.descriptionRequired'))
    if (!place) return setError(t('resident:report.placeRequired'))
    if (onSpot && !result.trim()) return setError(t('collect.resultRequired'))
    setBusy(true)
    setError(null)
    try {
      const created = await api.post<EventView>('/events', {
        channel: 'grid',
        category,
        description: description.trim(),
        ...(place.lat !== undefined && place.lng !== undefined
          ? { lat: place.lat, lng: place.lng }
          : { communityCode: place.communityCode }),
        ...(photoIds.length ? { attachmentIds: photoIds } : {}),
        ...(onSpot ? { resolvedOnSpot: { note: result.trim(), ...(resultIds.length ? { attachmentIds: resultIds } : {}) } } : {}),
      })
      message.success(t(onSpot ? 'collect.doneOnSpot' : 'collect.done', { number: created.number }))
      onDone()
    } catch (e) {
      setError(errorText(t, e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 17 }}>{t('collect.title')}</h2>} styles={{ body: { padding: 12 } }}>
      <Form layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={t('resident:report.category')}>
          <CategoryPicker value={category} onChange={setCategory} />
        </Form.Item>
        <Form.Item label={t('resident:report.description')}>
          <Input.TextArea
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            rows={3}
            maxLength={4000}
            aria-label={t('resident:report.description')}
            data-testid="grid-description"
          />
        </Form.Item>
        <Form.Item label={t('collect.photos')}>
          <PhotoPicker onChange={onPhotos} testId="grid-photos" />
        </Form.Item>
        <Form.Item label={t('collect.position')}>
          <Button onClick={() => void locate()} loading={locating} data-testid="grid-locate" style={{ marginBottom: 8 }}>
            {locating ? t('collect.locating') : t('collect.locate')}
          </Button>
          {noFix ? <Alert type="warning" message={t('collect.locateFailed')} style={{ marginBottom: 8 }} /> : null}
          <AreaPicker value={place} onChange={setPlace} testId="grid-map" />
        </Form.Item>
        <Form.Item>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            <Switch checked={onSpot} onChange={setOnSpot} aria-label={t('collect.onSpot')} data-testid="grid-on-spot" />
            <span>{t('collect.onSpot')}</span>
          </div>
        </Form.Item>
        {onSpot ? (
          <>
            <Form.Item label={t('collect.result')}>
              <Input.TextArea
                value={result}
                onChange={(e) => setResult(e.target.value)}
                rows={2}
                maxLength={2000}
                placeholder={t('collect.resultPlaceholder')}
                aria-label={t('collect.result')}
                data-testid="grid-result-note"
              />
            </Form.Item>
            <Form.Item label={t('collect.resultPhotos')}>
              <PhotoPicker onChange={onResultPhotos} testId="grid-result-photos" />
            </Form.Item>
          </>
        ) : null}
        {error ? <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} /> : null}
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="grid-submit">
          {onSpot ? t('collect.submitOnSpot') : t('collect.submit')}
        </Button>
      </Form>
    </Card>
  )
}

function OpenEvents() {
  const { t } = useTranslation('grid')
  const { me } = useSession()
  const mine = me?.kind === 'staff' ? me.unit.id : null
  const [items, setItems] = useState<EventView[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const load = useCallback(() => {
    setError(null)
    Promise.all(['assigned', 'in_progress', 'resolved'].map((s) => api.get<Page<EventView>>(`/events?state=${s}&limit=50`))).then(
      (pages) => setItems(pages.flatMap((p) => p.items).sort((a, b) => b.id - a.id)),
      setError,
    )
  }, [])
  useEffect(load, [load])
  if (error) return <ErrorState error={error} onRetry={load} />
  if (!items) return <Loading />
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 17 }}>{t('open.title')}</h2>} styles={{ body: { padding: 0 } }}>
      {items.length === 0 ? (
        <EmptyState text={t('open.empty')} />
      ) : (
        <List
          dataSource={items}
          renderItem={(e) => (
            <List.Item style={{ padding: '10px 12px', display: 'block' }} data-testid="grid-event-row">
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <strong style={{ overflowWrap: 'anywhere', minWidth: 0 }}>{e.title}</strong>
                <StateTag state={e.state} />
              </div>
              <div style={{ fontSize: 12, color: '#595959' }}>
                {[e.number, e.currentUnit?.name, new Date(e.createdAt).toLocaleString()].filter(Boolean).join(' · ')}
              </div>
              {e.currentUnit?.id === mine && (e.state === 'assigned' || e.state === 'in_progress') ? (
                <Handle event={e} onDone={load} />
              ) : null}
            </List.Item>
          )}
        />
      )}
    </Card>
  )
}

/** An event the community sent to my grid: sign it, then resolve it with the result and photos. */
function Handle({ event, onDone }: { event: EventView; onDone: () => void }) {
  const { t } = useTranslation('grid')
  const { message } = App.useApp()
  const [resolving, setResolving] = useState(false)
  const [note, setNote] = useState('')
  const [photoIds, setPhotoIds] = useState<number[]>([])
  const onPhotos = useCallback((ids: number[]) => setPhotoIds(ids), [])
  const [busy, setBusy] = useState(false)
  const act = async (body: Record<string, unknown>) => {
    setBusy(true)
    try {
      await api.post<EventView>(`/events/${event.id}/actions`, { version: event.version, ...body })
      message.success(t('handle.done'))
      onDone()
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
        onClick={() => void act({ type: 'sign' })}
        style={{ marginTop: 6 }}
        data-testid="grid-sign"
      >
        {t('common:action.sign')}
      </Button>
    )
  }
  if (!resolving) {
    return (
      <Button size="small" type="primary" onClick={() => setResolving(true)} style={{ marginTop: 6 }} data-testid="grid-resolve">
        {t('common:action.resolve')}
      </Button>
    )
  }
  return (
    <div style={{ marginTop: 6 }}>
      <Input.TextArea
        value={note}
        onChange={(e) => setNote(e.target.value)}
        rows={2}
        maxLength={2000}
        placeholder={t('collect.resultPlaceholder')}
        aria-label={t('collect.result')}
        data-testid="grid-resolve-note"
      />
      <div style={{ margin: '6px 0' }}>
        <PhotoPicker onChange={onPhotos} testId="grid-resolve-photos" label={t('collect.resultPhotos')} />
      </div>
      <Button
        type="primary"
        block
        loading={busy}
        disabled={!note.trim()}
        onClick={() => void act({ type: 'resolve', note: note.trim(), ...(photoIds.length ? { attachmentIds: photoIds } : {}) })}
        data-testid="grid-resolve-confirm"
      >
        {t('common:action.resolve')}
      </Button>
    </div>
  )
}

function Patrol() {
  const { t } = useTranslation('grid')
  const { message } = App.useApp()
  const [items, setItems] = useState<PatrolView[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [picked, setPicked] = useState<Place | null>(null)
  const [needPick, setNeedPick] = useState(false)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const load = useCallback(() => {
    setError(null)
    api.get<{ items: PatrolView[] }>('/patrols').then((r) => setItems(r.items), setError)
  }, [])
  useEffect(load, [load])
  const checkIn = async () => {
    setBusy(true)
    try {
      const at = picked?.lat !== undefined && picked.lng !== undefined ? { lat: picked.lat, lng: picked.lng } : await currentPosition()
      if (!at) {
        setNeedPick(true)
        return
      }
      await api.post<PatrolView>('/patrols', { ...at, ...(note.trim() ? { note: note.trim() } : {}) })
      message.success(t('patrol.done'))
      setNote('')
      setPicked(null)
      load()
    } catch (e) {
      message.error(errorText(t, e))
    } finally {
      setBusy(false)
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
      {needPick ? (
        <>
          <Alert type="warning" message={t('patrol.pickHint')} style={{ marginBottom: 8 }} />
          <AreaPicker value={picked} onChange={setPicked} testId="patrol-map" />
        </>
      ) : null}
      <Button type="primary" block onClick={() => void checkIn()} loading={busy} data-testid="patrol-check-in" style={{ margin: '8px 0' }}>
        {t('patrol.checkIn')}
      </Button>
      {error ? (
        <ErrorState error={error} onRetry={load} />
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState text={t('patrol.empty')} />
      ) : (
        <List
          dataSource={items}
          renderItem={(p) => (
            <List.Item data-testid="patrol-row">
              {new Date(p.at).toLocaleTimeString()} · {p.grid?.name ?? p.community?.name ?? `${p.lat.toFixed(5)}, ${p.lng.toFixed(5)}`}
              {p.note ? ` · ${p.note}` : ''}
            </List.Item>
          )}
        />
      )}
    </Card>
  )
}
