/**
 * The staff shell, on every staff page: the page's name, the areas the user's role works in
 * (工作台 热线 网格 大屏 考核 管理, each only for the roles of web/src/lib/staff-areas.ts), who is
 * signed in, the language and 退出. The big screen keeps its full-screen canvas and carries the
 * same things folded into one small menu (StaffMenu).
 */
import type { NoticeView } from '@xiaolan/contracts'
import { Button } from 'antd'
import { type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigate } from 'react-router'
import { PERSONAL_STREAM } from '../lib/live.ts'
import { useSession } from '../lib/session.tsx'
import { areaOfPath, areaPath, areasOf } from '../lib/staff-areas.ts'
import { LanguageSwitch } from './LanguageSwitch.tsx'
import { NoticeBell } from './NoticeBell.tsx'
import './staff-header.css'

export function StaffHeader({ title, extra }: { title: string; extra?: ReactNode }) {
  const { t } = useTranslation()
  const logout = useStaffLogout()
  return (
    <header className="staff-header">
      <h1>
        {t('appName')} · {title}
      </h1>
      <AreaNav />
      <div className="staff-header-extra">{extra}</div>
      <div className="staff-header-user">
        <StaffNotices />
        <Identity />
        <LanguageSwitch />
        <Button size="small" onClick={logout}>
          {t('logout')}
        </Button>
      </div>
    </header>
  )
}

/** The big screen's way to the other areas: one small button that opens the shell's areas, identity and 退出. */
export function StaffMenu() {
  const { t } = useTranslation('staff')
  const logout = useStaffLogout()
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const panelId = useId()
  useEffect(() => {
    if (!open) return
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [open])
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the menu closes it, as in any disclosure
    <div
      className="staff-menu"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false)
          button.current?.focus()
        }
      }}
      onBlur={(e) => {
        if (!root.current?.contains(e.relatedTarget as Node | null)) setOpen(false)
      }}
    >
      <button
        ref={button}
        type="button"
        className="staff-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="staff-menu"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden>☰</span> {t('menu')}
      </button>
      <div id={panelId} className="staff-menu-panel" hidden={!open}>
        <Identity />
        <AreaNav />
        <button type="button" className="staff-menu-logout" onClick={logout}>
          {t('common:logout')}
        </button>
      </div>
    </div>
  )
}

/** The areas of the user's role, the current one marked; plain links, so Tab and Enter reach them. */
function AreaNav() {
  const { t } = useTranslation('staff')
  const { me } = useSession()
  const current = areaOfPath(useLocation().pathname)
  if (me?.kind !== 'staff') return null
  return (
    <nav aria-label={t('areas')} className="staff-areas" data-testid="staff-areas">
      {areasOf(me.role).map((area) => (
        <Link key={area} to={areaPath(area)} aria-current={area === current ? 'page' : undefined} data-testid={`area-${area}`}>
          {t(`area.${area}`)}
        </Link>
      ))}
    </nav>
  )
}

/** The bell of the unit's notices: a callback due opens the desk, the others the event in the workbench (for the roles that work there). */
function StaffNotices() {
  const { me } = useSession()
  if (me?.kind !== 'staff') return null
  const areas = areasOf(me.role)
  const linkOf = (n: NoticeView) => {
    if (n.template === 'callback_due') return areas.includes('hotline') ? areaPath('hotline') : null
    return n.eventId !== null && areas.includes('workbench') ? `${areaPath('workbench')}?event=${n.eventId}` : null
  }
  return <NoticeBell stream={PERSONAL_STREAM} linkOf={linkOf} />
}

function Identity() {
  const { me } = useSession()
  if (me?.kind !== 'staff') return null
  return (
    <span className="staff-identity" data-testid="staff-identity">
      {me.displayName} · {me.unit.name}
    </span>
  )
}

/**
 * 退出: to the plain sign-in page first, then end the session — ending it first would let the
 * page's guard send the next user back here (`/login?next=…`), to the previous user's page.
 */
export function useStaffLogout() {
  const { logout } = useSession()
  const navigate = useNavigate()
  return async () => {
    navigate('/login', { replace: true })
    await logout()
  }
}
