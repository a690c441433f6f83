/** 问题类型: search by name or keyword (typing 垃圾 finds the sanitation subcategories), or browse a group. */
import { SearchOutlined } from '@ant-design/icons'
import { Button, Empty, Input, Space, Tag } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { categoryName, useCategories } from '../lib/reference.ts'

export function CategoryPicker({ value, onChange }: { value: string | null; onChange: (code: string) => void }) {
  const { t, i18n } = useTranslation('resident')
  const loaded = useCategories()
  const all = useMemo(() => loaded ?? [], [loaded])
  const [text, setText] = useState('')
  const [group, setGroup] = useState<string | null>(null)
  const tops = all.filter((c) => c.parentCode === null)
  const matches = useMemo(() => {
    const q = text.trim().toLowerCase()
    if (q) {
      return all.filter(
        (c) =>
          c.parentCode !== null &&
          (c.nameZh.includes(q) || c.nameEn.toLowerCase().includes(q) || c.keywords.some((k) => k.includes(q) || q.includes(k))),
      )
    }
    return group ? all.filter((c) => c.parentCode === group) : []
  }, [all, text, group])
  const chosen = all.find((c) => c.code === value)
  return (
    <div>
      {chosen ? (
        <Tag color="blue" style={{ marginBottom: 8, whiteSpace: 'normal' }} data-testid="report-category-chosen">
          {chosen.parentCode
            ? `${categoryName(
                all.find((c) => c.code === chosen.parentCode),
                i18n.language,
              )} / `
            : ''}
          {categoryName(chosen, i18n.language)}
        </Tag>
      ) : null}
      <Input
        prefix={<SearchOutlined aria-hidden />}
        allowClear
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('report.categorySearch')}
        aria-label={t('report.categorySearch')}
        data-testid="report-category"
      />
      {!text.trim() ? (
        <div style={{ marginTop: 8 }}>
          <div style={{ color: '#595959', fontSize: 13, marginBottom: 4 }}>{t('report.categoryPick')}</div>
          <Space size={[4, 4]} wrap>
            {tops.map((c) => (
              <Button
                key={c.code}
                size="small"
                type={group === c.code ? 'primary' : 'default'}
                onClick={() => setGroup(group === c.code ? null : c.code)}
              >
                {categoryName(c, i18n.language)}
              </Button>
            ))}
          </Space>
        </div>
      ) : null}
      {text.trim() && matches.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.categoryNone')} /> : null}
      {matches.length ? (
        <div role="listbox" aria-label={t('report.category')} style={{ marginTop: 8, display: 'flex', flexWrap: 'wrap', gap: 4 }}>
          {matches.slice(0, 30).map((c) => (
            <Button
              key={c.code}
              role="option"
              aria-selected={c.code === value}
              size="small"
              type={c.code === value ? 'primary' : 'default'}
              data-testid="category-option"
              onClick={() => {
                onChange(c.code)
                setText('')
                setGroup(null)
              }}
            >
              {categoryName(c, i18n.language)}
            </Button>
          ))}
        </div>
      ) : null}
    </div>
  )
}
