/**
 * `/workbench/mediation/:id/agreement`: the written agreement (人民调解协议书) as a printable page —
 * the parties, the facts, each side's responsibility, the terms, how, where and by when they are
 * performed, and the places for signatures and the committee's seal. Printing is the browser's.
 */
import { useQuery } from '@tanstack/react-query'
import { Button } from 'antd'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { ErrorState, Loading } from '../components/States.tsx'
import { formatChinaDate } from '../lib/china-time.ts'
import { apiQuery } from '../lib/queries.ts'

export function AgreementDocument() {
  const { t } = useTranslation('mediation')
  const id = Number(useParams().id)
  const query = useQuery(apiQuery('GET /mediation/cases/:id', { params: { id } }))
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />
  const c = query.data
  if (!c) return <Loading />
  const a = c.agreement
  return (
    <article
      className="mediation-agreement"
      data-testid="agreement-document"
      style={{ maxWidth: 760, margin: '24px auto', padding: 32, background: '#fff', lineHeight: 1.9 }}
    >
      <h1 style={{ textAlign: 'center', fontSize: 24, letterSpacing: 4 }}>{t('doc.title')}</h1>
      <p style={{ textAlign: 'right' }}>{t('doc.number', { number: c.eventNumber })}</p>
      <h2 style={{ fontSize: 16 }}>{t('doc.parties')}</h2>
      {c.parties.map((p) => (
        <p key={p.id} data-testid="agreement-party">
          {t(`role.${p.role}`)}：{p.name}
          {p.idNumber ? `，${t('field.idNumber')} ${p.idNumber}` : ''}
          {p.address ? `，${t('field.address')} ${p.address}` : ''}
          {p.phone ? `，${t('field.phone')} ${p.phone}` : ''}
        </p>
      ))}
      {a?.kind === 'written' ? (
        <>
          <h2 style={{ fontSize: 16 }}>{t('doc.facts')}</h2>
          <p style={{ whiteSpace: 'pre-wrap' }}>{a.facts}</p>
          <h2 style={{ fontSize: 16 }}>{t('doc.responsibilities')}</h2>
          <p style={{ whiteSpace: 'pre-wrap' }}>{a.responsibilities}</p>
          <h2 style={{ fontSize: 16 }}>{t('doc.terms')}</h2>
          <p style={{ whiteSpace: 'pre-wrap' }} data-testid="agreement-terms">
            {a.terms}
          </p>
          <h2 style={{ fontSize: 16 }}>{t('doc.performance')}</h2>
          <p>{a.performance ? t('doc.performanceText', { ...a.performance }) : ''}</p>
        </>
      ) : (
        <p style={{ whiteSpace: 'pre-wrap' }}>{a?.record}</p>
      )}
      <p style={{ fontSize: 13, color: '#4b5563' }}>{t('doc.note')}</p>
      <p style={{ marginTop: 32 }}>{t('doc.signatures')}</p>
      <p>{t('doc.mediator')}</p>
      <p>{t('doc.org', { unit: c.unit.name })}</p>
      <p>{t('doc.date', { date: c.agreedAt ? formatChinaDate(c.agreedAt) : '' })}</p>
      <div className="no-print" style={{ textAlign: 'center', marginTop: 24 }}>
        <Button type="primary" onClick={() => window.print()}>
          {t('case.print')}
        </Button>
      </div>
    </article>
  )
}
