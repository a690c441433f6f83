import { Alert, Button, Card, Form, Input } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useSearchParams } from 'react-router'
import { LanguageSwitch } from '../components/LanguageSwitch.tsx'
import { call } from '../lib/api.ts'
import { errorText } from '../lib/errors.ts'
import { useSession } from '../lib/session.tsx'
import { landingOf } from '../lib/staff-areas.ts'

export default function LoginPage() {
  const { t } = useTranslation()
  const { setMe } = useSession()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true)
    setError(null)
    try {
      const me = await call('POST /auth/login', { body: values })
      setMe(me)
      navigate(me.kind === 'staff' ? landingOf(me.role, params.get('next')) : '/', { replace: true })
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f4f8', padding: 16 }}>
      <Card title={`${t('appName')} · ${t('staffLogin')}`} extra={<LanguageSwitch />} style={{ width: '100%', maxWidth: 380 }}>
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('username') }]}>
            <Input autoFocus autoComplete="username" data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('password') }]}>
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {error ? <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 16 }} /> : null}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login')}
          </Button>
        </Form>
      </Card>
    </main>
  )
}
