import { StrictMode, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { dictionaries, type Locale, type MessageKey } from './lib/i18n.ts'

function App() {
  const [locale, setLocale] = useState<Locale>('zh-CN')
  const [db, setDb] = useState<string | null>(null)
  const t = (key: MessageKey) => dictionaries[locale][key]
  useEffect(() => {
    fetch('/api/v1/health')
      .then((r) => r.json())
      .then((h: { db: string }) => setDb(h.db))
      .catch(() => setDb(null))
  }, [])
  return (
    <main lang={locale} style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '2rem auto', padding: '0 1rem' }}>
      <h1>{t('appName')}</h1>
      <p>{t('tagline')}</p>
      <p>
        {t('health')}: {db ? `${t('healthy')} (${db})` : '…'}
      </p>
      <button type="button" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>
        {t('switchLanguage')}
      </button>
    </main>
  )
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
