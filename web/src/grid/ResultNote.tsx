import { Input } from 'antd'
import { useTranslation } from 'react-i18next'

/** What the grid worker did to resolve an event (on the spot, or one sent to their grid). */
export function ResultNote({ value, onChange, testId }: { value: string; onChange(v: string): void; testId: string }) {
  const { t } = useTranslation('grid')
  return (
    <Input.TextArea
      value={value}
      onChange={(e) => onChange(e.target.value)}
      rows={2}
      maxLength={2000}
      placeholder={t('collect.resultPlaceholder')}
      aria-label={t('collect.result')}
      data-testid={testId}
    />
  )
}
