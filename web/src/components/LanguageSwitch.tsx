import { Button } from 'antd'
import { useTranslation } from 'react-i18next'
import { useLocale } from '../i18n/index.ts'

export function LanguageSwitch({ size = 'small' }: { size?: 'small' | 'middle' }) {
  const { t } = useTranslation()
  const [locale, setLocale] = useLocale()
  return (
    // the label names the other language in that language, and says so for screen readers
    <Button
      size={size}
      type="text"
      lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}
      data-testid="language-switch"
      onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
    >
      {t('switchLanguage')}
    </Button>
  )
}
