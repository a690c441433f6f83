/** The top bar of the staff areas: the area's name, who is signed in and for which unit, language, log out. */
import { Button, Space, Typography } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { LanguageSwitch } from '../components/LanguageSwitch.tsx'
import { useSession } from '../lib/session.tsx'

export function StaffHeader({ title, extra }: { title: string; extra?: ReactNode }) {
  const { t } = useTranslation()
  const { me, logout } = useSession()
  const navigate = useNavigate()
  return (
    <header
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 16,
        padding: '10px 24px',
        background: '#fff',
        borderBottom: '1px solid #d9dee5',
        flexWrap: 'wrap',
      }}
    >
      <Typography.Title level={1} style={{ color: '#0d3c73', fontSize: 18, margin: 0 }}>
        {t('appName')} · {title}
      </Typography.Title>
      <div style={{ flex: 1 }}>{extra}</div>
      <Space>
        {me?.kind === 'staff' ? (
          <span data-testid="staff-identity">
            {me.displayName} · {me.unit.name}
          </span>
        ) : null}
        <LanguageSwitch />
        <Button
          size="small"
          onClick={async () => {
            await logout()
            navigate('/login')
          }}
        >
          {t('logout')}
        </Button>
      </Space>
    </header>
  )
}
