/** 待发送: what the grid app keeps to send when the network returns, with a count and a list. */
import { Alert, Button, List } from 'antd'
import { useTranslation } from 'react-i18next'
import { dismiss, useOutbox } from './outbox.ts'

export function Outbox() {
  const { t } = useTranslation('grid')
  const entries = useOutbox()
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
