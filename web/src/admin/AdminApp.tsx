/**
 * The administrators' console: the org tree, staff accounts, categories, 研判设置 (the early-warning
 * rules and the duplicate finder), the partner platforms' API clients and the audit log. Edits ask
 * for a reason, kept in the change log
 * with who and when.
 */
import { Tabs } from 'antd'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { StaffHeader } from '../components/StaffHeader.tsx'
import { KnowledgeEditor } from '../knowledge/KnowledgeEditor.tsx'
import { RotaEditor } from '../rota/RotaEditor.tsx'
import { ApiClientsPanel } from './ApiClientsPanel.tsx'
import { AuditPanel } from './AuditPanel.tsx'
import { CategoriesPanel } from './CategoriesPanel.tsx'
import { ImportPanel } from './ImportPanel.tsx'
import { IntelligencePanel } from './IntelligencePanel.tsx'
import { NetizenPanel } from './NetizenPanel.tsx'
import { OrgsPanel } from './OrgsPanel.tsx'
import { OutboxPanel } from './OutboxPanel.tsx'
import { UsersPanel } from './UsersPanel.tsx'

export default function AdminApp() {
  const { t } = useTranslation('admin')
  const [params, setParams] = useSearchParams()
  const items = [
    { key: 'orgs', label: <span data-testid="admin-tab-orgs">{t('tab.orgs')}</span>, children: <OrgsPanel /> },
    { key: 'users', label: <span data-testid="admin-tab-users">{t('tab.users')}</span>, children: <UsersPanel /> },
    {
      key: 'categories',
      label: <span data-testid="admin-tab-categories">{t('tab.categories')}</span>,
      children: <CategoriesPanel />,
    },
    {
      key: 'intelligence',
      label: <span data-testid="admin-tab-intelligence">{t('tab.intelligence')}</span>,
      children: <IntelligencePanel />,
    },
    {
      key: 'knowledge',
      label: <span data-testid="admin-tab-knowledge">{t('knowledge:page.title')}</span>,
      children: <KnowledgeEditor />,
    },
    {
      key: 'apiClients',
      label: <span data-testid="admin-tab-api-clients">{t('tab.apiClients')}</span>,
      children: <ApiClientsPanel />,
    },
    { key: 'imports', label: <span data-testid="admin-tab-imports">{t('tab.imports')}</span>, children: <ImportPanel /> },
    { key: 'netizen', label: <span data-testid="admin-tab-netizen">{t('tab.netizen')}</span>, children: <NetizenPanel /> },
    { key: 'outbox', label: <span data-testid="admin-tab-outbox">{t('tab.outbox')}</span>, children: <OutboxPanel /> },
    { key: 'rota', label: <span data-testid="admin-tab-rota">{t('rota:tab.title')}</span>, children: <RotaEditor /> },
    { key: 'audit', label: <span data-testid="admin-tab-audit">{t('tab.audit')}</span>, children: <AuditPanel /> },
  ]
  // an unknown or missing ?tab= opens the first tab; every tab in the list can be linked to
  const requested = params.get('tab')
  const tab = items.some((item) => item.key === requested) ? (requested as string) : items[0].key
  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <StaffHeader title={t('title')} />
      <main style={{ padding: '12px 24px' }}>
        <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k })} destroyOnHidden items={items} />
      </main>
    </div>
  )
}
