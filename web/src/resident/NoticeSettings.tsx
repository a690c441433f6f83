/** 消息提醒设置 on 我的: which steps of their matters notify the resident, in the app and by SMS. */
import { useQuery } from '@tanstack/react-query'
import type { NoticeChannel, ResidentNoticeStep } from '@xiaolan/contracts'
import { App, Card, Checkbox, Collapse } from 'antd'
import { useTranslation } from 'react-i18next'
import { errorText } from '../lib/errors.ts'
import { apiQuery, useApiMutation } from '../lib/queries.ts'

export function NoticeSettings() {
  const { t } = useTranslation('notices')
  const { message } = App.useApp()
  const { data } = useQuery(apiQuery('GET /resident/notice-preferences'))
  const save = useApiMutation('PUT /resident/notice-preferences', ['GET /resident/notice-preferences'])
  const set = (step: ResidentNoticeStep, channel: NoticeChannel, enabled: boolean) =>
    save.mutate(
      { body: { items: [{ step, channel, enabled }] } },
      { onSuccess: () => void message.success(t('prefsSaved')), onError: (e) => void message.error(errorText(t, e)) },
    )
  return (
    <Card size="small" styles={{ body: { padding: 0 } }}>
      <Collapse
        ghost
        // a touch target of 44 px on the phone, as every other (phone.css)
        styles={{ header: { minHeight: 44, alignItems: 'center' } }}
        items={[
          {
            key: 'prefs',
            label: t('prefsTitle'),
            children: (
              <div data-testid="notice-settings">
                <div style={{ color: '#595959', marginBottom: 8 }}>{t('prefsHint')}</div>
                {(data?.items ?? []).map((p) => (
                  <div
                    key={p.step}
                    style={{ display: 'flex', alignItems: 'center', gap: 12, minHeight: 44 }}
                    data-testid={`notice-pref-${p.step}`}
                  >
                    <span style={{ flex: 1 }}>{t(`step.${p.step}`)}</span>
                    <Checkbox checked={p.inapp} onChange={(e) => set(p.step, 'inapp', e.target.checked)} data-testid="pref-inapp">
                      {t('prefsInapp')}
                    </Checkbox>
                    <Checkbox checked={p.sms} onChange={(e) => set(p.step, 'sms', e.target.checked)}>
                      {t('prefsSms')}
                    </Checkbox>
                  </div>
                ))}
              </div>
            ),
          },
        ]}
      />
    </Card>
  )
}
