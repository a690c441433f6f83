/**
 * The reporter of an event as the server sends them (masked); in full only after "show", which the
 * server audits, for a role of CONTACT_ROLES. Each audience names it in its own words.
 */
import { CONTACT_ROLES, type EventView } from '@xiaolan/contracts'
import { App, Button, Space } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../lib/api.ts'
import { errorText } from '../lib/errors.ts'
import { useSession } from '../lib/session.tsx'

export function ReporterContact({
  event,
  anonymousLabel,
  revealLabel,
  testId,
  revealTestId,
}: {
  event: EventView
  /** said before an anonymous reporter's contact */
  anonymousLabel: string
  /** the reveal button's text */
  revealLabel: string
  testId: string
  revealTestId: string
}) {
  const { t } = useTranslation()
  const { me } = useSession()
  const { message } = App.useApp()
  // the contact revealed, for the event it belongs to: another event shows masked again
  const [contact, setContact] = useState<{ id: number; name: string | null; phone: string | null } | null>(null)
  const shown = contact?.id === event.id ? contact : null
  const may = me?.kind === 'staff' && CONTACT_ROLES.includes(me.role) && !!(event.reporter.phone || event.reporter.name)
  const reveal = async () => {
    try {
      setContact({ id: event.id, ...(await call('POST /events/:id/contact', { params: { id: event.id } })) })
    } catch (e) {
      message.error(errorText(t, e))
    }
  }
  return (
    <Space wrap>
      <span data-testid={testId}>
        {event.reporter.anonymous ? `${anonymousLabel} · ` : ''}
        {[shown?.name ?? event.reporter.name, shown?.phone ?? event.reporter.phone].filter(Boolean).join(' ') || '—'}
      </span>
      {may && !shown ? (
        <Button size="small" onClick={() => void reveal()} data-testid={revealTestId}>
          {revealLabel}
        </Button>
      ) : null}
    </Space>
  )
}
