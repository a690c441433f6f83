/** Tells the user, without blocking them, that the server runs a newer build and offers a reload. */
import { App as AntApp, Button } from 'antd'
import { lazy, useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { noticeMissingChunk, useOutdated } from '../lib/build.ts'

export function NewVersionNotice() {
  const { t } = useTranslation()
  const { notification } = AntApp.useApp()
  const outdated = useOutdated()
  useEffect(() => {
    if (!outdated) return
    notification.info({
      key: 'new-version',
      title: t('newVersion.title'),
      description: t('newVersion.text'),
      duration: 0,
      placement: 'bottomRight',
      actions: (
        <Button type="primary" size="small" onClick={() => window.location.reload()} data-testid="new-version-reload">
          {t('newVersion.reload')}
        </Button>
      ),
    })
  }, [outdated, notification, t])
  return null
}

/**
 * `React.lazy` for an area of the app: when its chunk cannot be loaded (the build it belonged to
 * was replaced), the page says so and offers the reload instead of failing.
 */
export function lazyArea(load: () => Promise<{ default: () => React.ReactNode }>) {
  return lazy(() =>
    load().catch(() => {
      noticeMissingChunk()
      return { default: AreaMissing }
    }),
  )
}

function AreaMissing() {
  const { t } = useTranslation()
  return (
    <div role="alert" style={{ padding: 48, textAlign: 'center' }} data-testid="area-missing">
      <p>{t('newVersion.text')}</p>
      <Button type="primary" onClick={() => window.location.reload()}>
        {t('newVersion.reload')}
      </Button>
    </div>
  )
}
