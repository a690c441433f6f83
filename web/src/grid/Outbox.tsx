/** 待发送: what the grid app keeps to send when the network returns, with a count and a list. */
import { Alert, Button, List } from 'antd'
import { useTranslation } from 'react-i18next'
import { dismiss, type OutboxEntry, useOutbox, useOutboxEntries } from './outbox.ts'

/** The outbox on the grid app's pages: shown while anything waits, and sent from here. */
export function Outbox() {
  return <OutboxList entries={useOutbox()} />
}

/** The outbox shown only (the offline shell, where nothing can be sent before the session is known). */
export function OutboxWaiting() {
  return <OutboxList entries={useOutboxEntries()} />
}

function OutboxList({ entries }: { entries: OutboxEntry[] }) {
  const { t } = useTranslation('grid')
  if (!entries.length) return null
  const waiting = entries.filter((e) => !e.refused).length
  return (
    <Alert
      type={waiting ? 'warning' : 'error'}
      style={{ marginBottom: 12 }}
      data-testid="grid-outbox"
      role="status"
      message={<span data-testid="grid-outbox-count">{t('outbox.count', { n: waiting })}</span>}
      description={
        <List
          size="small"
          dataSource={entries}
          renderItem={(e) => (
            <List.Item
              data-testid="grid-outbox-item"
              actions={
                e.refused
                  ? [
                      <Button key="dismiss" size="small" onClick={() => void dismiss(e.key)}>
                        {t('outbox.dismiss')}
                      </Button>,
                    ]
                  : []
              }
            >
              {e.label}
              {e.refused ? ` — ${t('outbox.refused', { reason: e.refused })}` : ''}
            </List.Item>
          )}
        />
      }
    />
  )
}
