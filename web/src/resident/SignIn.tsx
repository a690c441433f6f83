import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ApiError, call } from '../lib/api.ts'
import { errorText } from '../lib/errors.ts'
import { useSession } from '../lib/session.tsx'

export function SignIn() {
  const { me } = useSession()
  return me?.kind === 'resident' && !me.verified ? <RealNameStep /> : <PhoneStep />
}

function PhoneStep() {
  const { t } = useTranslation('resident')
  const { setMe } = useSession()
  const [form] = Form.useForm<{ phone: string; code: string }>()
  const [devCode, setDevCode] = useState<string | null>(null)
  const [wait, setWait] = useState(0)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (wait <= 0) return
    const timer = setTimeout(() => setWait(wait - 1), 1000)
    return () => clearTimeout(timer)
  }, [wait])

  const sendCode = async () => {
    setError(null)
    try {
      const { phone } = await form.validateFields(['phone'])
      const res = await call('POST /resident/otp', { body: { phone } })
      setDevCode(res.devCode ?? null)
      setWait(60)
    } catch (e) {
      if (e instanceof Error) setError(errorText(t, e))
    }
  }
  const login = async (values: { phone: string; code: string }) => {
    setBusy(true)
    setError(null)
    try {
      setMe(await call('POST /resident/login', { body: values }))
    } catch (e) {
      setError(errorText(t, e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 17 }}>{t('signin.title')}</h2>}>
      <Typography.Paragraph style={{ color: '#595959' }}>{t('signin.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={login} requiredMark={false}>
        <Form.Item
          name="phone"
          label={t('signin.phone')}
          rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('signin.phoneInvalid') }]}
        >
          <Input inputMode="numeric" autoComplete="tel" maxLength={11} data-testid="resident-phone" />
        </Form.Item>
        <Form.Item label={t('signin.code')} required>
          <div style={{ display: 'flex', gap: 8 }}>
            <Form.Item name="code" noStyle rules={[{ required: true, pattern: /^\d{6}$/, message: t('signin.codeInvalid') }]}>
              <Input
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                aria-label={t('signin.code')}
                data-testid="resident-code"
              />
            </Form.Item>
            <Button onClick={() => void sendCode()} disabled={wait > 0} data-testid="resident-send-code">
              {wait > 0 ? t('signin.resend', { s: wait }) : t('signin.sendCode')}
            </Button>
          </div>
        </Form.Item>
        {devCode ? (
          <Alert
            type="info"
            showIcon
            message={t('signin.devCode', { code: devCode })}
            data-testid="resident-dev-code"
            style={{ marginBottom: 12 }}
          />
        ) : null}
        {error ? <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} /> : null}
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="resident-login">
          {t('signin.login')}
        </Button>
      </Form>
      <div style={{ marginTop: 12, textAlign: 'center' }}>
        <Link to="/track" className="phone-link" style={{ color: '#1357a6' }}>
          {t('nav.track')}
        </Link>{' '}
        ·{' '}
        <Link to="/public" className="phone-link" style={{ color: '#1357a6' }}>
          {t('nav.public')}
        </Link>
      </div>
    </Card>
  )
}

function RealNameStep() {
  const { t } = useTranslation('resident')
  const { setMe } = useSession()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const verify = async (values: { name: string; idNumber: string }) => {
    setBusy(true)
    setError(null)
    try {
      setMe(await call('POST /resident/real-name', { body: { name: values.name.trim(), idNumber: values.idNumber.trim().toUpperCase() } }))
    } catch (e) {
      setError(e instanceof ApiError && e.field === 'idNumber' ? t('realName.idRejected') : errorText(t, e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 17 }}>{t('realName.title')}</h2>}>
      <Typography.Paragraph style={{ color: '#595959' }}>{t('realName.hint')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={verify} requiredMark={false}>
        <Form.Item
          name="name"
          label={t('realName.name')}
          rules={[{ required: true, min: 2, max: 30, whitespace: true, message: t('realName.nameInvalid') }]}
        >
          <Input autoComplete="name" data-testid="resident-name" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('realName.idNumber')}
          rules={[{ required: true, pattern: /^\d{17}[\dXx]$/, message: t('realName.idInvalid') }]}
        >
          <Input maxLength={18} data-testid="resident-id-number" />
        </Form.Item>
        {error ? <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} /> : null}
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="resident-verify">
          {t('realName.verify')}
        </Button>
      </Form>
    </Card>
  )
}
