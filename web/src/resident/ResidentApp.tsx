/**
 * 小兰帮办, the residents' app (mobile-first, works at 360 px): 我要报事 at `/`, 我的 at `/mine`,
 * a report's details at `/events/:id`, 公开 at `/public`, 办事指南 (the 12345 knowledge base) at `/guide`, and tracking by number at `/track`
 * for people without an account, as is a caller's evaluation link from the SMS at `/e/:token`.
 */
import { Button, ConfigProvider, Layout } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { NavLink, Route, Routes } from 'react-router'
import { LanguageSwitch } from '../components/LanguageSwitch.tsx'
import { Loading } from '../components/States.tsx'
import { useSession } from '../lib/session.tsx'
import '../phone.css'
import { EvaluationLinkPage } from './EvaluationLinkPage.tsx'
import { EventDetail } from './EventDetail.tsx'
import { GuideArticle, GuidePage } from './GuidePage.tsx'
import { MyEvents } from './MyEvents.tsx'
import { OpenData } from './OpenData.tsx'
import { PublicEvents } from './PublicEvents.tsx'
import { ReportPage } from './ReportPage.tsx'
import { SignIn } from './SignIn.tsx'
import { TrackPage } from './TrackPage.tsx'

export default function ResidentApp() {
  return (
    <Shell>
      <Routes>
        <Route
          path="/"
          element={
            <RequireResident>
              <ReportPage />
            </RequireResident>
          }
        />
        <Route
          path="/mine"
          element={
            <RequireResident>
              <MyEvents />
            </RequireResident>
          }
        />
        <Route
          path="/events/:id"
          element={
            <RequireResident>
              <EventDetail />
            </RequireResident>
          }
        />
        <Route path="/public" element={<PublicEvents />} />
        <Route path="/guide" element={<GuidePage />} />
        <Route path="/guide/:id" element={<GuideArticle />} />
        <Route path="/open-data" element={<OpenData />} />
        <Route path="/track" element={<TrackPage />} />
        <Route path="/track/:number" element={<TrackPage />} />
        <Route path="/e/:token" element={<EvaluationLinkPage />} />
        <Route
          path="*"
          element={
            <RequireResident>
              <ReportPage />
            </RequireResident>
          }
        />
      </Routes>
    </Shell>
  )
}

/** Signed-in and real-name-checked residents only; the sign-in steps otherwise, in place. */
function RequireResident({ children }: { children: ReactNode }) {
  const { me, loading } = useSession()
  if (loading) return <Loading />
  if (me?.kind !== 'resident' || !me.verified) return <SignIn />
  return children
}

function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation('resident')
  const { me, logout } = useSession()
  const tab = ({ isActive }: { isActive: boolean }) => ({
    flex: 1,
    textAlign: 'center' as const,
    padding: '10px 0',
    color: isActive ? '#1357a6' : '#434343',
    fontWeight: isActive ? 600 : 400,
    borderTop: isActive ? '2px solid #1357a6' : '2px solid transparent',
    textDecoration: 'none',
  })
  return (
    <Layout
      className="phone-app"
      style={{ minHeight: '100vh', background: '#f5f7fa', maxWidth: 640, margin: '0 auto', overflowX: 'hidden' }}
    >
      <header style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '10px 12px', background: '#1357a6', color: '#fff' }}>
        <h1 style={{ margin: 0, fontSize: 18, flex: 1, color: '#fff' }}>{t('appTitle')}</h1>
        <ConfigProvider theme={{ token: { colorText: '#ffffff' } }}>
          <LanguageSwitch />
        </ConfigProvider>
        {me?.kind === 'resident' ? (
          <Button size="small" type="text" style={{ color: '#fff' }} onClick={() => void logout()} data-testid="resident-logout">
            {t('common:logout')}
          </Button>
        ) : null}
      </header>
      <main style={{ flex: 1, padding: 12, paddingBottom: 72, minWidth: 0 }}>{children}</main>
      <nav
        aria-label={t('appTitle')}
        style={{
          position: 'fixed',
          bottom: 0,
          left: 0,
          right: 0,
          maxWidth: 640,
          margin: '0 auto',
          display: 'flex',
          background: '#fff',
          borderTop: '1px solid #d9d9d9',
          zIndex: 10,
        }}
      >
        <NavLink to="/" end style={tab} data-testid="nav-report">
          {t('nav.report')}
        </NavLink>
        <NavLink to="/mine" style={tab} data-testid="nav-mine">
          {t('nav.mine')}
        </NavLink>
        <NavLink to="/public" style={tab} data-testid="nav-public">
          {t('nav.public')}
        </NavLink>
        <NavLink to="/guide" style={tab} data-testid="nav-guide">
          {t('knowledge:guide.title')}
        </NavLink>
        <NavLink to="/track" style={tab} data-testid="nav-track">
          {t('nav.track')}
        </NavLink>
      </nav>
    </Layout>
  )
}
