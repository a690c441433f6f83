/** The browser tab's title: the page's area in the reader's language, again whenever the language or the page changes. */
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation } from 'react-router'
import { areaOfPath } from '../lib/staff-areas.ts'

export function DocumentTitle() {
  const { t } = useTranslation()
  const { pathname } = useLocation()
  const area = areaOfPath(pathname)
  const page =
    area !== null
      ? t(`staff:area.${area}`)
      : pathname.startsWith('/login')
        ? t('staffLogin')
        : pathname.startsWith('/public/kpi')
          ? t('kpi:public.title')
          : null
  // the resident app is 小兰帮办 itself
  const title = page === null ? t('resident:appTitle') : t('staff:tabTitle', { page, app: t('appName') })
  useEffect(() => {
    document.title = title
  }, [title])
  return null
}
