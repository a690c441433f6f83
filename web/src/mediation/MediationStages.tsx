/**
 * The stages of an event's mediation on its public track (受理, 调解中, 达成协议, 回访): the stage and
 * its time only — the server keeps the notes, parties and terms to the case. Nothing when the event
 * was never mediated.
 */
import { useQuery } from '@tanstack/react-query'
import { Steps } from 'antd'
import { useTranslation } from 'react-i18next'
import { formatChinaTime } from '../lib/china-time.ts'
import { apiQuery } from '../lib/queries.ts'

export function MediationStages({ number }: { number: string }) {
  const { t } = useTranslation('mediation')
  const stages = useQuery(apiQuery('GET /public/mediation/:number', { params: { number } })).data?.stages ?? []
  if (!stages.length) return null
  return (
    <section data-testid="mediation-stages" style={{ marginTop: 12 }}>
      <h2 style={{ fontSize: 15 }}>{t('stages.title')}</h2>
      <Steps
        size="small"
        orientation="vertical"
        current={stages.length - 1}
        items={stages.map((s) => ({ title: t(`stage.${s.stage}`), description: formatChinaTime(s.at) }))}
      />
    </section>
  )
}
