/**
 * 矛盾纠纷 on the big screen (issue 19 item 4): the mediation cases of the screen's area — opened this
 * week, in mediation now, resolved this week (an agreement or a failure) — from the mediation module's
 * figures, refetched with the dashboard's live changes.
 */
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { apiQuery } from '../lib/queries.ts'

export function MediationPanel({ scope }: { scope?: string }) {
  const { t } = useTranslation('screen')
  const { data } = useQuery({ ...apiQuery('GET /mediation/screen', { query: { scope } }), refetchInterval: 60_000 })
  const figures: Array<[string, number | undefined]> = [
    ['opened', data?.opened],
    ['inMediation', data?.inMediation],
    ['resolved', data?.resolved],
  ]
  return (
    <div className="screen-mediation" data-testid="screen-mediation">
      {figures.map(([key, n]) => (
        <div key={key} className="screen-mediation-figure">
          <div className="screen-mediation-value" data-testid={`screen-mediation-${key}`}>
            {n ?? '–'}
          </div>
          <div className="screen-mediation-label">{t(`mediation.${key}`)}</div>
        </div>
      ))}
    </div>
  )
}
