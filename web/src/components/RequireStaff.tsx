import { Result } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, useLocation } from 'react-router'
import { GridOffline } from '../grid/GridOffline.tsx'
import { useSession } from '../lib/session.tsx'
import { mayUseArea, type StaffArea } from '../lib/staff-areas.ts'
import { StaffHeader } from './StaffHeader.tsx'
import { Loading } from './States.tsx'

/**
 * A staff area: anyone not signed in as staff goes to the login page and comes back here
 * afterwards (not after their own 退出); staff whose role does not work in this area see the shell,
 * to go to theirs.
 */
export function RequireStaff({ area, children }: { area: StaffArea; children: ReactNode }) {
  const { t } = useTranslation('staff')
  const { me, loading, signedOut, offline } = useSession()
  const location = useLocation()
  if (loading) return <Loading />
  // the grid pages open without a network (their service worker keeps the shell): say so, and what waits
  if (offline && area === 'grid') return <GridOffline />
  // after 退出 the page is not the next user's to come back to (the page may see the session end
  // before the move to the sign-in page has rendered)
  if (me?.kind !== 'staff') {
    return <Navigate to={signedOut ? '/login' : `/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
  }
  if (!mayUseArea(me.role, area)) {
    return (
      <div style={{ minHeight: '100vh', background: '#f5f7fa' }}>
        <StaffHeader title={t(`area.${area}`)} />
        <Result status="403" title={t('notYourArea')} data-testid="not-your-area" />
      </div>
    )
  }
  return children
}
