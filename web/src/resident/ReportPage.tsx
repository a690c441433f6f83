/** 我要报事: type, description, photos, place (map or cascader), hide-my-name; then to the new report. */
import type { EventView } from '@xiaolan/contracts'
import { Alert, App, Button, Card, Form, Input, Switch } from 'antd'
import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { api } from '../lib/api.ts'
import { errorText } from '../lib/errors.ts'
import { AreaPicker, type Place } from './parts/AreaPicker.tsx'
import { CategoryPicker } from './parts/CategoryPicker.tsx'
import { PhotoPicker } from './parts/PhotoPicker.tsx'

export function ReportPage() {
  const { t } = useTranslation('resident')
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [category, setCategory] = useState<string | null>(null)
  const [description, setDescription] = useState('')
  const [place, setPlace] = useState<Place | null>(null)
  const [address, setAddress] = useState('')
  const [anonymous, setAnonymous] = useState(false)
  const [photoIds, setPhotoIds] = useState<number[]>([])
  const onPhotos = useCallback((ids: number[]) => setPhotoIds(ids), [])
  const [problems, setProblems] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async () => {
    const missing: Record<string, string> = {}
    if (!category) missing.category = t('report.categoryRequired')
    if (description.trim().length < 2) missing.description = t('report.descriptionRequired')
    if (!place) missing.place = t('report.placeRequired')
    setProblems(missing)
    if (Object.keys(missing).length || !place || !category) return
    setBusy(true)
    setError(null)
    try {
      const created = await api.post<EventView>('/resident/events', {
        category,
        description: description.trim(),
        ...(place.lat !== undefined && place.lng !== undefined
          ? { lat: place.lat, lng: place.lng }
          : { communityCode: place.communityCode }),
        ...(address.trim() ? { address: address.trim() } : {}),
        anonymous,
        ...(photoIds.length ? { attachmentIds: photoIds } : {}),
      })
      message.success(t('report.submitted', { number: created.number }))
      navigate(`/events/${created.id}`)
    } catch (e) {
      setError(errorText(t, e))
    } finally {
      setBusy(false)
    }
  }

  const status = (key: string) => (problems[key] ? ('error' as const) : undefined)
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 17 }}>{t('report.title')}</h2>} styles={{ body: { padding: 12 } }}>
      <Form layout="vertical" onFinish={() => void submit()} requiredMark={false}>
        <Form.Item label={t('report.category')} validateStatus={status('category')} help={problems.category}>
          <CategoryPicker value={category} onChange={setCategory} />
        </Form.Item>
        <Form.Item label={t('report.description')} validateStatus={status('description')} help={problems.description}>
          <Input.TextArea
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            rows={4}
            maxLength={4000}
            placeholder={t('report.descriptionPlaceholder')}
            aria-label={t('report.description')}
            data-testid="report-description"
          />
        </Form.Item>
        <Form.Item label={t('report.photos')}>
          <PhotoPicker onChange={onPhotos} />
        </Form.Item>
        <Form.Item label={t('report.place')} validateStatus={status('place')} help={problems.place}>
          <AreaPicker value={place} onChange={setPlace} />
        </Form.Item>
        <Form.Item label={t('report.address')}>
          <Input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} aria-label={t('report.address')} />
        </Form.Item>
        <Form.Item>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            <Switch checked={anonymous} onChange={setAnonymous} aria-label={t('report.anonymous')} data-testid="report-anonymous" />
            <span>{t('report.anonymous')}</span>
          </div>
        </Form.Item>
        {error ? <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} /> : null}
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="report-submit">
          {t('report.submit')}
        </Button>
      </Form>
    </Card>
  )
}
