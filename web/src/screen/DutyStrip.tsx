/**
 * 今日入驻 on the big screen (issue 19 item 5): the departments stationed at the screen's center today —
 * the city center's rota, a district center's permanent 政法 units (a street's screen shows its
 * district's). One line under the headline figures, so the layout keeps its panels' sizes.
 */
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { apiQuery } from '../lib/queries.ts'

export function DutyStrip({ scope }: { scope?: string }) {
  const { t } = useTranslation('rota')
  const { data } = useQuery({ ...apiQuery('GET /rota/duty', { query: { scope } }), refetchInterval: 60_000 })
  return (
    <div className="screen-duty" data-testid="screen-duty">
      <span className="screen-duty-title">
        {t('duty.title')}
        {data?.center ? ` · ${data.center.name}` : ''}
      </span>
      {data && data.units.length === 0 ? <span className="screen-duty-none">{t('duty.none')}</span> : null}
      {data?.units.map(({ unit, permanent }) => (
        <span key={unit.id} className="screen-duty-unit" data-testid="screen-duty-unit">
          {unit.name}
          {permanent ? <small> {t('duty.permanent')}</small> : null}
        </span>
      ))}
    </div>
  )
}
