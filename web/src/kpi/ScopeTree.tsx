/**
 * The KPI scope, picked from the org tree: the viewer's own center at the top (nothing above it is
 * theirs to see), each center's child centers loaded from GET /orgs when it is first opened.
 */
import { useQuery } from '@tanstack/react-query'
import type { UnitRef } from '@xiaolan/contracts'
import { TreeSelect } from 'antd'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../lib/api.ts'
import { apiQuery } from '../lib/queries.ts'

/** A center is a leaf from the community down: below it are grids, not scopes of their own. */
const COMMUNITY = 4

interface ScopeNode {
  id: string
  pId: string | null
  value: string
  title: string
  isLeaf: boolean
}

const nodeOf = (unit: UnitRef, parent: string | null): ScopeNode => ({
  id: unit.code,
  pId: parent,
  value: unit.code,
  title: unit.name,
  isLeaf: unit.level >= COMMUNITY,
})

export function ScopeTree({ root, value, onChange }: { root: UnitRef; value: string; onChange(unit: UnitRef): void }) {
  const { t } = useTranslation('kpi')
  const units = useRef(new Map<string, UnitRef>([[root.code, root]]))
  const [loaded, setLoaded] = useState<ScopeNode[]>([])
  // the first level under the viewer's unit is shown open, so it is read at once
  const children = useQuery({ ...apiQuery('GET /orgs', { query: { parent: root.code, kind: 'center' } }), enabled: root.level < COMMUNITY })
  const add = (items: UnitRef[], parent: string) =>
    items.map((u) => {
      units.current.set(u.code, u)
      return nodeOf(u, parent)
    })
  const first = children.data ? add(children.data.items, root.code) : []
  const known = new Set(first.map((n) => n.id))
  const nodes = [nodeOf(root, null), ...first, ...loaded.filter((n) => !known.has(n.id))]

  const load = async ({ value: code }: { value?: string | number }) => {
    if (typeof code !== 'string' || code === root.code) return
    const list = await call('GET /orgs', { query: { parent: code, kind: 'center' } })
    const added = add(list.items, code)
    setLoaded((l) => [...l.filter((n) => n.pId !== code), ...added])
  }

  return (
    <TreeSelect<string>
      data-testid="kpi-scope"
      aria-label={t('scope')}
      style={{ width: 220 }}
      popupMatchSelectWidth={280}
      treeDataSimpleMode
      treeData={nodes}
      loadData={load}
      treeDefaultExpandedKeys={[root.code]}
      value={value}
      placeholder={t('scopeHint')}
      showSearch
      treeNodeFilterProp="title"
      onChange={(code) => {
        const unit = units.current.get(code)
        if (unit) onChange(unit)
      }}
    />
  )
}
