/**
 * The grid worker's app (mobile-first): collect an event with photos and the current position
 * (or a point on the map), close it on the spot (即办即结) with the result and its photos, see the
 * grid's open events, and check in on patrol.
 */
import { Button, ConfigProvider, Segmented } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSwitch } from '../components/LanguageSwitch.tsx'
import { useSession } from '../lib/session.tsx'
import { Collect } from './Collect.tsx'
import { OpenEvents } from './OpenEvents.tsx'
import { Patrol } from './Patrol.tsx'

type Tab = 'collect' | 'open' | 'patrol'

export default function GridApp() {
  const { t } = useTranslation('grid')
  const { me, logout } = useSession()
  const [tab, setTab] = useState<Tab>('collect')
  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa', maxWidth: 640, margin: '0 auto', overflowX: 'hidden' }}>
      <header style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '10px 12px', background: '#1357a6', color: '#fff' }}>
        <h1
          style={{
            margin: 0,
            fontSize: 18,
            flex: 1,
            color: '#fff',
            minWidth: 0,
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            whiteSpace: 'nowrap',
          }}
        >
          {t('title')} {me?.kind === 'staff' ? `· ${me.unit.name}` : ''}
        </h1>
        <ConfigProvider theme={{ token: { colorText: '#ffffff' } }}>
          <LanguageSwitch />
        </ConfigProvider>
        <Button size="small" type="text" style={{ color: '#fff' }} onClick={() => void logout()}>
          {t('common:logout')}
        </Button>
      </header>
      <main style={{ padding: 12 }}>
        <Segmented
          block
          value={tab}
          onChange={(v) => setTab(v as Tab)}
          options={[
            { value: 'collect', label: <span data-testid="grid-tab-collect">{t('tab.collect')}</span> },
            { value: 'open', label: <span data-testid="grid-tab-open">{t('tab.open')}</span> },
            { value: 'patrol', label: <span data-testid="grid-tab-patrol">{t('tab.patrol')}</span> },
          ]}
          style={{ marginBottom: 12 }}
        />
        {tab === 'collect' ? <Collect onDone={() => setTab('open')} /> : tab === 'open' ? <OpenEvents /> : <Patrol />}
      </main>
    </div>
  )
}
