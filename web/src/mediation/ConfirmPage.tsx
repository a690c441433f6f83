/**
 * `/mediation/confirm/:token`: a party's confirmation of their agreement, from the link in the SMS —
 * no account, the random token is the key; it shows the agreement and records the confirmation once.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Descriptions, Result } from 'antd'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { Loading } from '../components/States.tsx'
import { call } from '../lib/api.ts'
import { formatChinaTime } from '../lib/china-time.ts'
import { apiQuery } from '../lib/queries.ts'

export default function ConfirmPage() {
  const { t } = useTranslation('mediation')
  const token = useParams().token ?? ''
  const client = useQueryClient()
  const query = useQuery(apiQuery('GET /mediation/confirmations/:token', { params: { token } }))
  const confirm = useMutation({
    mutationFn: () => call('POST /mediation/confirmations/:token', { params: { token } }),
    onSuccess: (view) => client.setQueryData(apiQuery('GET /mediation/confirmations/:token', { params: { token } }).queryKey, view),
  })
  if (query.error) return <Result status="warning" title={t('confirm.invalid')} />
  const v = query.data
  if (!v) return <Loading />
  const a = v.agreement
  return (
    <main style={{ maxWidth: 640, margin: '0 auto', padding: 16 }} data-testid="confirm-page">
      <h1 style={{ fontSize: 20 }}>{t('confirm.title')}</h1>
      <p>{t('confirm.intro', { unit: v.unitName, number: v.eventNumber })}</p>
      <Descriptions column={1} size="small" bordered>
        {a.kind === 'written' ? (
          <>
            <Descriptions.Item label={t('field.facts')}>{a.facts}</Descriptions.Item>
            <Descriptions.Item label={t('field.responsibilities')}>{a.responsibilities}</Descriptions.Item>
            <Descriptions.Item label={t('field.terms')}>{a.terms}</Descriptions.Item>
            <Descriptions.Item label={t('doc.performance')}>
              {a.performance ? t('doc.performanceText', { ...a.performance }) : ''}
            </Descriptions.Item>
          </>
        ) : (
          <Descriptions.Item label={t('doc.oral')}>{a.record}</Descriptions.Item>
        )}
      </Descriptions>
      <div style={{ marginTop: 16 }}>
        {v.confirmedAt ? (
          <Alert type="success" showIcon title={t('confirm.done', { at: formatChinaTime(v.confirmedAt) })} data-testid="confirm-done" />
        ) : (
          <Button
            type="primary"
            block
            size="large"
            loading={confirm.isPending}
            onClick={() => confirm.mutate()}
            data-testid="confirm-button"
          >
            {t('confirm.button')}
          </Button>
        )}
      </div>
    </main>
  )
}
