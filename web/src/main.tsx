/**
 * The single-page app: one route tree for every audience, each area loaded on demand.
 *   /            resident (小兰帮办), mobile-first     /track/:number  public tracking
 *   /hotline     12345 operator                       /grid           grid worker, mobile-first
 *   /workbench   center/department/mediation staff    /admin          administrators
 *   /screen      command-hall big screen              /login          staff login
 *   /kpi         performance, reports, SLA settings   /public/kpi     public KPI figures
 */
import { App as AntApp, ConfigProvider } from 'antd'
import enUS from 'antd/locale/en_US'
import zhCN from 'antd/locale/zh_CN'
import { lazy, StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { BrowserRouter, Route, Routes } from 'react-router'
import { RequireStaff } from './components/RequireStaff.tsx'
import { Loading } from './components/States.tsx'
import { initI18n, useLocale } from './i18n/index.ts'
import { SessionProvider } from './lib/session.tsx'
import './styles.css'

const ResidentApp = lazy(() => import('./resident/ResidentApp.tsx'))
const GridApp = lazy(() => import('./grid/GridApp.tsx'))
const HotlinePage = lazy(() => import('./hotline/HotlinePage.tsx'))
const WorkbenchApp = lazy(() => import('./workbench/WorkbenchApp.tsx'))
const AdminApp = lazy(() => import('./admin/AdminApp.tsx'))
const ScreenPage = lazy(() => import('./screen/ScreenPage.tsx'))
const KpiPage = lazy(() => import('./kpi/KpiPage.tsx'))
const PublicKpiPage = lazy(() => import('./kpi/PublicKpiPage.tsx'))
const LoginPage = lazy(() => import('./staff/LoginPage.tsx'))

initI18n()

/**
 * The style nonce the server wrote into this page (Vite's `html.cspNonce` meta): antd's
 * run-time styles carry it, since the page's Content-Security-Policy refuses any other inline style.
 */
const styleNonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined

function Root() {
  const [locale] = useLocale()
  return (
    <ConfigProvider
      csp={{ nonce: styleNonce }}
      locale={locale === 'en' ? enUS : zhCN}
      theme={{
        token: { colorPrimary: '#1357a6', colorTextPlaceholder: '#6b7280', colorTextSecondary: '#4b5563', colorTextDescription: '#4b5563' },
      }}
    >
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route
                  path="/hotline/*"
                  element={
                    <RequireStaff>
                      <HotlinePage />
                    </RequireStaff>
                  }
                />
                <Route
                  path="/grid/*"
                  element={
                    <RequireStaff>
                      <GridApp />
                    </RequireStaff>
                  }
                />
                <Route
                  path="/workbench/*"
                  element={
                    <RequireStaff>
                      <WorkbenchApp />
                    </RequireStaff>
                  }
                />
                <Route
                  path="/admin/*"
                  element={
                    <RequireStaff>
                      <AdminApp />
                    </RequireStaff>
                  }
                />
                <Route
                  path="/screen"
                  element={
                    <RequireStaff>
                      <ScreenPage />
                    </RequireStaff>
                  }
                />
                <Route
                  path="/kpi/*"
                  element={
                    <RequireStaff>
                      <KpiPage />
                    </RequireStaff>
                  }
                />
                <Route path="/public/kpi" element={<PublicKpiPage />} />
                <Route path="/*" element={<ResidentApp />} />
              </Routes>
            </Suspense>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  )
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Root />
  </StrictMode>,
)
