/** Placeholder until the screen area is built: the route exists so the shell and its links work. */
import { Result } from 'antd'
import { useTranslation } from 'react-i18next'

export default function ScreenPage() {
  const { t } = useTranslation()
  return <Result title={t('appName')} subTitle="screen" />
}
