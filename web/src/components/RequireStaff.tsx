import type { ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router'
import { useSession } from '../lib/session.tsx'
import { Loading } from './States.tsx'

/** Staff pages: send anyone else to the login page and back here afterwards. */
export function RequireStaff({ children }: { children: ReactNode }) {
  const { me, loading } = useSession()
  const location = useLocation()
  if (loading) return <Loading />
  if (me?.kind !== 'staff') return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
  return children
}
