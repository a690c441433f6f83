/**
 * `/e/:token`: a caller's evaluation link from the SMS of their hotline call — no account, the random
 * token is the key. The matter's public progress, 催办 while it is handled (once a day), and once it is
 * resolved the one rating the link may give. Works on a 360 px phone (the resident app's shell).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { EvaluationLinkView } from '@xiaolan/contracts'
import { Alert, App, Button, Card, Result } from 'antd'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { ErrorState, Loading } from '../components/States.tsx'
import { ApiError, call } from '../lib/api.ts'
import { formatChinaTime } from '../lib/china-time.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery } from '../lib/queries.ts'
import { RatingForm } from './RatingForm.tsx'
import { PublicProgress } from './TrackPage.tsx'

export function EvaluationLinkPage() {
  const { t } = useTranslation('resident')
  const { message } = App.useApp()
  const token = useParams().token ?? ''
  const client = useQueryClient()
  const read = apiQuery('GET /evaluation/:token', { params: { token } })
  const query = useQuery(read)
  const show = (view: EvaluationLinkView) => {
    client.setQueryData(read.queryKey, view)
  }
  const error = query.error
  if (error instanceof ApiError && (error.status === 404 || error.status === 410)) {
    return <Result status="warning" title={t(error.status === 410 ? 'link.expired' : 'link.invalid')} data-testid="link-invalid" />
  }
  if (error) return <ErrorState error={error} onRetry={() => void query.refetch()} />
  const view = query.data
  if (!view) return <Loading />
  const press = async () => {
    try {
      show(await call('POST /evaluation/:token/press', { params: { token }, body: { version: view.version } }))
      message.success(t('detail.pressed'))
    } catch (e) {
      message.error(errorText(t, e))
    }
  }
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 17 }}>{t('link.title')}</h2>} styles={{ body: { padding: 12 } }}>
      <div data-testid="link-view">
        <PublicProgress view={view.event}>
          {view.rating ? (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('evaluate.yours', { rating: t(`common:rating.${view.rating}`) })}
              data-testid="link-rated"
            />
          ) : null}
          {view.canRate ? (
            <div style={{ marginBottom: 12 }}>
              <RatingForm
                onRate={async (rating, note) =>
                  show(
                    await call('POST /evaluation/:token', {
                      params: { token },
                      body: { rating, version: view.version, ...(note ? { note } : {}) },
                    }),
                  )
                }
              />
            </div>
          ) : null}
          {view.canPress || view.nextPressAt ? (
            <Button block onClick={() => void press()} disabled={!view.canPress} data-testid="press" style={{ marginBottom: 12 }}>
              {view.canPress || !view.nextPressAt ? t('detail.press') : t('link.pressAgain', { when: formatChinaTime(view.nextPressAt) })}
            </Button>
          ) : null}
        </PublicProgress>
      </div>
    </Card>
  )
}
