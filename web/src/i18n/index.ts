/**
 * i18next with one namespace per area. Each area's dictionary is `web/src/i18n/<area>.ts`
 * exporting `{ 'zh-CN': {...}, en: {...} }` with the same keys; add it to `areas` below.
 * zh-CN is the default; the choice is kept in localStorage.
 */
import i18next from 'i18next'
import { initReactI18next, useTranslation } from 'react-i18next'
import { admin } from './admin.ts'
import { common } from './common.ts'
import { grid } from './grid.ts'
import { hotline } from './hotline.ts'
import { knowledge } from './knowledge.ts'
import { kpi } from './kpi.ts'
import { mediation } from './mediation.ts'
import { notices } from './notices.ts'
import { resident } from './resident.ts'
import { rota } from './rota.ts'
import { screen } from './screen.ts'
import { staff } from './staff.ts'
import { sweeps } from './sweeps.ts'
import { workbench } from './workbench.ts'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
type Dictionary = Record<Locale, Record<string, string>>

/** Every namespace; dictionaries.test.ts checks that zh-CN and en have the same keys. */
export const areas: Record<string, Dictionary> = {
  common,
  staff,
  workbench,
  hotline,
  admin,
  screen,
  resident,
  grid,
  kpi,
  knowledge,
  mediation,
  notices,
  sweeps,
  rota,
}

const STORAGE_KEY = 'xiaolan.lang'
const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY)
const initial: Locale = stored === 'en' ? 'en' : 'zh-CN'

export function initI18n() {
  const resources = Object.fromEntries(
    LOCALES.map((locale) => [locale, Object.fromEntries(Object.entries(areas).map(([ns, d]) => [ns, d[locale]]))]),
  )
  i18next.use(initReactI18next).init({
    resources,
    lng: initial,
    fallbackLng: 'zh-CN',
    ns: Object.keys(areas),
    defaultNS: 'common',
    fallbackNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    // a key missing from the dictionaries is a console error, which fails every browser spec
    saveMissing: true,
    missingKeyHandler: (_lngs, ns, key) => console.error(`i18n: no text for ${ns}:${key}`),
  })
  document.documentElement.lang = initial
  return i18next
}

export function useLocale(): [Locale, (l: Locale) => void] {
  const { i18n } = useTranslation()
  const locale = (i18n.language === 'en' ? 'en' : 'zh-CN') as Locale
  const set = (l: Locale) => {
    localStorage.setItem(STORAGE_KEY, l)
    document.documentElement.lang = l
    void i18n.changeLanguage(l)
  }
  return [locale, set]
}
