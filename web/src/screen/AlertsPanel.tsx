/**
 * 研判预警 on the big screen: the open alerts of the screen's area (kind, place by name — 安宁区
 * 刘家堡街道 幸福里社区 — score, evidence count, age), refetched live when the stream says an alert was raised or changed; a click lists
 * its evidence events, each opening in the workbench's drawer (the screen is staff-only).
 */
import { useQuery } from '@tanstack/react-query'
import type { AlertView } from '@xiaolan/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLiveAlerts } from '../lib/live.ts'
import { apiQuery } from '../lib/queries.ts'
import { alertPlace } from '../lib/reference.ts'

export function AlertsPanel({ scope, names }: { scope?: string; names: (code: string) => string }) {
  const { t } = useTranslation('screen')
  const [openId, setOpenId] = useState<number | null>(null)
  const alerts = useQuery(apiQuery('GET /alerts', { query: { scope, limit: 20 } }))
  useLiveAlerts({ scope })
  const items = alerts.data?.items ?? []
  if (openId !== null) return <Evidence id={openId} onBack={() => setOpenId(null)} names={names} />
  if (items.length === 0)
    return (
      <div className="screen-empty" data-testid="screen-alerts">
        {t('noAlerts')}
      </div>
    )
  return (
    <ul className="screen-alerts" data-testid="screen-alerts">
      {items.map((a) => (
        <li key={a.id}>
          <button type="button" className="screen-alert" data-testid="screen-alert" onClick={() => setOpenId(a.id)}>
            <span className={`screen-alert-kind kind-${a.kind}`}>{t(`alertKind.${a.kind}`)}</span>
            <span className="screen-alert-place">{place(a, names)}</span>
            <span className="screen-alert-meta">
              {t('alertMeta', { score: a.score.toFixed(1), count: a.evidenceCount, age: age(a, t) })}
            </span>
          </button>
        </li>
      ))}
    </ul>
  )
}

function place(a: AlertView, names: (code: string) => string) {
  return [alertPlace(a), a.category ? names(a.category) : null].filter(Boolean).join(' · ')
}

function age(a: AlertView, t: (key: string, o?: Record<string, unknown>) => string) {
  const minutes = Math.max(0, Math.round((Date.now() - Date.parse(a.firstSeen)) / 60_000))
  return minutes < 60 ? t('ageMinutes', { count: minutes }) : t('ageHours', { count: Math.round(minutes / 60) })
}

function Evidence({ id, onBack, names }: { id: number; onBack: () => void; names: (code: string) => string }) {
  const { t } = useTranslation('screen')
  const detail = useQuery(apiQuery('GET /alerts/:id', { params: { id } }))
  const d = detail.data
  return (
    <div className="screen-alert-evidence" data-testid="alert-evidence">
      <div className="screen-alert-evidence-head">
        <span>{d ? `${t(`alertKind.${d.alert.kind}`)} · ${place(d.alert, names)}` : ''}</span>
        <button type="button" onClick={onBack}>
          {t('back')}
        </button>
      </div>
      {d?.alert.words.length ? <div className="screen-alert-words">{t('alertWords', { words: d.alert.words.join('、') })}</div> : null}
      <ul>
        {(d?.evidence ?? []).map((e) => (
          <li key={e.id} data-testid="alert-evidence-event">
            <a href={`/workbench?event=${e.id}`} target="_blank" rel="noreferrer">
              <span className="screen-event-number">{e.number}</span> {e.title}
            </a>
          </li>
        ))}
      </ul>
    </div>
  )
}
