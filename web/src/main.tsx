/**
 * The single-page app: one route tree for every audience, each area loaded on demand.
 *   /            resident (小兰帮办), mobile-first     /track/:number  public tracking
 *   /hotline     12345 operator                       /grid           grid worker, mobile-first
 *   /workbench   center/department/mediation staff    /admin          administrators
 *   /screen      command-hall big screen              /login          staff login
 *   /kpi         performance, reports, SLA settings   /public/kpi     public KPI figures
 */

import { QueryClientProvider } from '@tanstack/react-query'
import { App as AntApp, ConfigProvider } from 'antd'
import enUS from 'antd/locale/en_US'
import zhCN from 'antd/locale/zh_CN'
import { StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { BrowserRouter, Route, Routes } from 'react-router'
import { DocumentTitle } from './components/DocumentTitle.tsx'
import { lazyArea, NewVersionNotice } from './components/NewVersionNotice.tsx'
import { RequireStaff } from './components/RequireStaff.tsx'
import { Loading } from './components/States.tsx'
import { initI18n, useLocale } from './i18n/index.ts'
import { queryClient } from './lib/queries.ts'
import { SessionProvider } from './lib/session.tsx'
import './styles.css'

const ResidentApp = lazyArea(() => import('./resident/ResidentApp.tsx'))
const GridApp = lazyArea(() => import('./grid/GridApp.tsx'))
const HotlinePage = lazyArea(() => import('./hotline/HotlinePage.tsx'))
const WorkbenchApp = lazyArea(() => import('./workbench/WorkbenchApp.tsx'))
const AdminApp = lazyArea(() => import('./admin/AdminApp.tsx'))
const ScreenPage = lazyArea(() => import('./screen/ScreenPage.tsx'))
const KpiPage = lazyArea(() => import('./kpi/KpiPage.tsx'))
const PublicKpiPage = lazyArea(() => import('./kpi/PublicKpiPage.tsx'))
const LoginPage = lazyArea(() => import('./staff/LoginPage.tsx'))
const KnowledgePage = lazyArea(() => import('./knowledge/KnowledgePage.tsx'))
const MediationApp = lazyArea(() => import('./mediation/MediationApp.tsx'))
const MediationConfirmPage = lazyArea(() => import('./mediation/ConfirmPage.tsx'))
const RotaHallPage = lazyArea(() => import('./rota/HallPage.tsx'))
const SweepsApp = lazyArea(() => import('./sweeps/SweepsApp.tsx'))

/** The staff areas: each behind the login, for the roles of lib/staff-areas.ts. */
const STAFF_AREAS = [
  ['hotline', '/hotline/*', HotlinePage],
  ['grid', '/grid/*', GridApp],
  ['workbench', '/workbench/*', WorkbenchApp],
  // a department's knowledge base articles (administrators have theirs in the console)
  ['workbench', '/workbench/knowledge', KnowledgePage],
  // the mediation workbench: a mediator's cases, a case, its printable agreement (issue 19)
  ['workbench', '/workbench/mediation/*', MediationApp],
  // the center's hall: departments stationed today and what was dispatched to them (issue 19 item 5)
  ['workbench', '/workbench/rota', RotaHallPage],
  // 隐患联排: the sweeps of a center's area, launching one, its progress and report (issue 20)
  ['workbench', '/workbench/sweeps/*', SweepsApp],
  ['admin', '/admin/*', AdminApp],
  ['screen', '/screen', ScreenPage],
  ['kpi', '/kpi/*', KpiPage],
] as const

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
        <NewVersionNotice />
        <SessionProvider>
          <BrowserRouter>
            <DocumentTitle />
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                {STAFF_AREAS.map(([area, path, Area]) => (
                  <Route
                    key={path}
                    path={path}
                    element={
                      <RequireStaff area={area}>
                        <Area />
                      </RequireStaff>
                    }
                  />
                ))}
                <Route path="/public/kpi" element={<PublicKpiPage />} />
                {/* a mediation party's link from the SMS: no account */}
                <Route path="/mediation/confirm/:token" element={<MediationConfirmPage />} />
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
    <QueryClientProvider client={queryClient}>
      <Root />
    </QueryClientProvider>
  </StrictMode>,
)
