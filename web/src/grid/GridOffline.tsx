/**
 * The grid app's shell when it opened without a network (from its service worker's cache) and the
 * session cannot be asked: it says so and lists what waits to be sent. The app itself comes back
 * by itself when the network does (the session is asked again on reconnect), or with 重新连接.
 */
import { useQueryClient } from '@tanstack/react-query'
import { Button, Result } from 'antd'
import { useTranslation } from 'react-i18next'
import { LanguageSwitch } from '../components/LanguageSwitch.tsx'
import '../components/staff-header.css'
import '../phone.css'
import { OutboxWaiting } from './Outbox.tsx'

export function GridOffline() {
  const { t } = useTranslation(['grid', 'common'])
  const client = useQueryClient()
  return (
    <div className="phone-app" style={{ minHeight: '100vh', background: '#f5f7fa', maxWidth: 640, margin: '0 auto', overflowX: 'hidden' }}>
      <header className="staff-header">
        <h1>
          {t('common:appName')} · {t('title')}
        </h1>
        <div className="staff-header-user">
          <LanguageSwitch />
        </div>
      </header>
      <main style={{ padding: 12 }}>
        <Result
          status="warning"
          title={t('offline.title')}
          subTitle={t('offline.hint')}
          data-testid="grid-offline"
          extra={
            <Button
              type="primary"
              onClick={() => void client.refetchQueries({ queryKey: ['GET /session'] })}
              data-testid="grid-offline-retry"
            >
              {t('offline.retry')}
            </Button>
          }
        />
        <OutboxWaiting />
      </main>
    </div>
  )
}
