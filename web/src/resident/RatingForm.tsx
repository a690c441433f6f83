/**
 * 评价: 满意 / 基本满意 / 不满意 and an optional comment, sent by `onRate` — a resident's own report
 * (EventDetail) or a caller's evaluation link (EvaluationLinkPage).
 */
import { RATINGS, type Rating } from '@xiaolan/contracts'
import { Alert, App, Button, Card, Input } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorText } from '../lib/errors.ts'

export function RatingForm({ onRate }: { onRate: (rating: Rating, note: string | undefined) => Promise<void> }) {
  const { t } = useTranslation('resident')
  const { message } = App.useApp()
  const [rating, setRating] = useState<Rating | null>(null)
  const [comment, setComment] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = async () => {
    if (!rating) {
      setError(t('evaluate.pick'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      await onRate(rating, comment.trim() || undefined)
      message.success(t('evaluate.done'))
    } catch (e) {
      setError(errorText(t, e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('evaluate.title')}</h3>} styles={{ body: { padding: 12 } }}>
      <div role="radiogroup" aria-label={t('evaluate.title')} style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        {RATINGS.map((r) => (
          <Button
            key={r}
            role="radio"
            aria-checked={rating === r}
            type={rating === r ? 'primary' : 'default'}
            onClick={() => setRating(r)}
            data-testid={`evaluate-${r}`}
          >
            {t(`common:rating.${r}`)}
          </Button>
        ))}
      </div>
      <Input.TextArea
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        rows={2}
        maxLength={500}
        placeholder={t('evaluate.comment')}
        aria-label={t('evaluate.comment')}
        style={{ marginTop: 8 }}
        data-testid="evaluate-comment"
      />
      {error ? <Alert type="error" message={error} role="alert" style={{ marginTop: 8 }} /> : null}
      <Button type="primary" block onClick={() => void submit()} loading={busy} style={{ marginTop: 8 }} data-testid="evaluate-submit">
        {t('evaluate.submit')}
      </Button>
    </Card>
  )
}
