/**
 * The grid worker's app (mobile-first): collect an event with photos and the current position
 * (or a point on the map), close it on the spot (即办即结) with the result and its photos, see the
 * grid's open events, check the targets of a hazard sweep (隐患联排) and check in on patrol. A sweep check made without a
 * network waits in the page's outbox (outbox.ts) and is sent when the network returns; the pages
 * open without a network too (pwa.ts: the manifest and the service worker, scope /grid).
 */
import { Segmented, Tag } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { StaffHeader } from '../components/StaffHeader.tsx'
import '../phone.css'
import { Collect } from './Collect.tsx'
import { OpenEvents } from './OpenEvents.tsx'
import { Outbox } from './Outbox.tsx'
import { Patrol } from './Patrol.tsx'
import { useGridPwa } from './pwa.ts'
import { Sweeps } from './Sweeps.tsx'

type Tab = 'collect' | 'open' | 'sweeps' | 'patrol'

export default function GridApp() {
  const { t } = useTranslation(['grid', 'sweeps'])
  const [tab, setTab] = useState<Tab>('collect')
  // the report form stays mounted while the other tabs show (a half-filled report survives a look at 网格待办); a new one after each report
  const [report, setReport] = useState(0)
  const offlineReady = useGridPwa()
  return (
    <div className="phone-app" style={{ minHeight: '100vh', background: '#f5f7fa', maxWidth: 640, margin: '0 auto', overflowX: 'hidden' }}>
      <StaffHeader
        title={t('title')}
        extra={
          offlineReady ? (
            <Tag color="blue" data-testid="grid-offline-ready">
              {t('offline.ready')}
            </Tag>
          ) : null
        }
      />
      <main style={{ padding: 12 }}>
        <Outbox />
        <Segmented
          block
          value={tab}
          onChange={(v) => setTab(v as Tab)}
          options={[
            { value: 'collect', label: <span data-testid="grid-tab-collect">{t('tab.collect')}</span> },
            { value: 'open', label: <span data-testid="grid-tab-open">{t('tab.open')}</span> },
            { value: 'sweeps', label: <span data-testid="grid-tab-sweeps">{t('sweeps:grid.tab')}</span> },
            { value: 'patrol', label: <span data-testid="grid-tab-patrol">{t('tab.patrol')}</span> },
          ]}
          style={{ marginBottom: 12 }}
        />
        <div hidden={tab !== 'collect'}>
          <Collect
            key={report}
            onDone={() => {
              setReport((r) => r + 1)
              setTab('open')
            }}
          />
        </div>
        {tab === 'open' ? <OpenEvents /> : tab === 'sweeps' ? <Sweeps /> : tab === 'patrol' ? <Patrol /> : null}
      </main>
    </div>
  )
}
