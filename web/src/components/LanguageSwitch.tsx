import { Button } from 'antd'
import { useTranslation } from 'react-i18next'
import { useLocale } from '../i18n/index.ts'

export function LanguageSwitch({ size = 'small' }: { size?: 'small' | 'middle' }) {
  const { t } = useTranslation()
  const [locale, setLocale] = useLocale()
  return (
    <Button size={size} type="text" data-testid="language-switch" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>
      {t('switchLanguage')}
    </Button>
  )
}
