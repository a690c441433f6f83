/** `/workbench/knowledge`: a department's knowledge page (its own articles, their review and the reports). */
import { useTranslation } from 'react-i18next'
import { StaffHeader } from '../components/StaffHeader.tsx'
import { KnowledgeEditor } from './KnowledgeEditor.tsx'

export default function KnowledgePage() {
  const { t } = useTranslation('knowledge')
  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <StaffHeader title={t('page.title')} />
      <main style={{ padding: '12px 24px' }}>
        <KnowledgeEditor />
      </main>
    </div>
  )
}
