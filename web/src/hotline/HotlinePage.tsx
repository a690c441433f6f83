/** Placeholder until the hotline area is built: the route exists so the shell and its links work. */
import { Result } from 'antd'
import { useTranslation } from 'react-i18next'

export default function HotlinePage() {
  const { t } = useTranslation()
  return <Result title={t('appName')} subTitle="hotline" />
}
