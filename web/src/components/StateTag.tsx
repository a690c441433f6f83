import type { EventStateName } from '@xiaolan/contracts'
import { Tag } from 'antd'
import { useTranslation } from 'react-i18next'

// text and background pairs that pass WCAG AA (antd's preset tag colours do not all)
const COLORS: Record<EventStateName, { color: string; background: string; borderColor: string }> = {
  submitted: { color: '#434343', background: '#fafafa', borderColor: '#d9d9d9' },
  assigned: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  in_progress: { color: '#003a8c', background: '#e6f4ff', borderColor: '#91caff' },
  reviewing: { color: '#391085', background: '#f9f0ff', borderColor: '#d3adf7' },
  resolved: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  closed: { color: '#434343', background: '#fafafa', borderColor: '#d9d9d9' },
  rejected: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
  merged: { color: '#434343', background: '#fafafa', borderColor: '#d9d9d9' },
}

export function StateTag({ state }: { state: EventStateName }) {
  const { t } = useTranslation()
  return (
    <Tag data-testid="event-state-badge" style={{ marginInlineEnd: 0, flexShrink: 0, alignSelf: 'flex-start', ...COLORS[state] }}>
      {t(`state.${state}`)}
    </Tag>
  )
}
