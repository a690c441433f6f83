/**
 * 隐患联排 on the big screen: the open sweeps that cover the screen's area (a sweep's scope within it
 * or holding it: below the city, org codes nest; the city's screen shows them all), each with its share checked and the hazards found, refreshed every
 * half minute. A panel body of its own (title outside), for the screen's rotating secondary slot.
 */
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { apiQuery } from '../lib/queries.ts'

const REFRESH_MS = 30_000

export function SweepsPanel({ scope, level }: { scope: string; level: number }) {
  const { t } = useTranslation('sweeps')
  const sweeps = useQuery({ ...apiQuery('GET /sweeps', { query: { state: 'open' } }), refetchInterval: REFRESH_MS })
  const covers = (code: string) => level === 1 || code.startsWith(scope) || scope.startsWith(code)
  const items = (sweeps.data?.items ?? []).filter((s) => covers(s.scope.code))
  if (!items.length)
    return (
      <div className="screen-empty" data-testid="screen-sweeps">
        {t('screen.empty')}
      </div>
    )
  return (
    <ul className="screen-alerts" data-testid="screen-sweeps">
      {items.map((s) => {
        const share = s.totals.targets ? Math.round((s.totals.checked / s.totals.targets) * 100) : 0
        return (
          <li key={s.id} className="screen-alert" style={{ display: 'block', cursor: 'default' }} data-testid="screen-sweep">
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <span>{s.title}</span>
              <span className="screen-alert-meta">{s.scope.name}</span>
            </div>
            <div
              role="progressbar"
              aria-valuenow={share}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-label={s.title}
              style={{ height: 6, background: '#14304f', borderRadius: 3, margin: '6px 0 4px' }}
            >
              <div style={{ width: `${share}%`, height: '100%', background: '#22c3e6', borderRadius: 3 }} />
            </div>
            <span className="screen-alert-meta">{t('screen.progress', s.totals)}</span>
          </li>
        )
      })}
    </ul>
  )
}
