/**
 * Reference data the staff pages share, fetched once per page load: the category tree, the centers
 * of the command chain (for district filters and the district → street → community cascader) and
 * the units the caller's center may dispatch to.
 */
import type { DispatchTargets } from '@xiaolan/contracts'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../lib/api.ts'

export interface CategoryItem {
  code: string
  parentCode: string | null
  nameZh: string
  nameEn: string
  owner: string
  communityResolvable: boolean
  priority: 'urgent' | 'high' | 'normal'
  keywords: string[]
}

export interface CenterItem {
  id: number
  code: string
  name: string
  level: number
  parentId: number | null
}

const cache = new Map<string, Promise<unknown>>()
function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined
  if (!p) {
    p = load()
    // a failed load is retried the next time
    p.catch(() => cache.delete(key))
    cache.set(key, p)
  }
  return p
}

export const loadCategories = () => once('categories', async () => (await api.get<{ items: CategoryItem[] }>('/categories')).items)
export const loadCenters = () => once('centers', async () => (await api.get<{ items: CenterItem[] }>('/orgs?kind=center')).items)
export const loadDispatchTargets = () => once('dispatch-targets', () => api.get<DispatchTargets>('/workbench/dispatch-targets'))

/** A loaded list (or undefined while loading); errors leave it empty so a form still works. */
export function useLoaded<T>(load: () => Promise<T>): T | undefined {
  const [value, setValue] = useState<T>()
  useEffect(() => {
    let live = true
    load()
      .then((v) => live && setValue(v))
      .catch(() => {})
    return () => {
      live = false
    }
  }, [load])
  return value
}

/** "市容环卫 / 垃圾清运" in the page's language. */
export function useCategoryName() {
  const { i18n } = useTranslation()
  const categories = useLoaded(loadCategories)
  const en = i18n.language === 'en'
  const byCode = new Map((categories ?? []).map((c) => [c.code, c]))
  return (code: string) => {
    const parts: string[] = []
    let c = byCode.get(code)
    while (c) {
      parts.unshift(en ? c.nameEn : c.nameZh)
      c = c.parentCode ? byCode.get(c.parentCode) : undefined
    }
    return parts.length ? parts.join(' / ') : code
  }
}

/** Options for an antd Select with search over every category, labelled with its path. */
export function categoryOptions(categories: CategoryItem[] | undefined, en: boolean) {
  const byCode = new Map((categories ?? []).map((c) => [c.code, c]))
  const label = (c: CategoryItem): string => {
    const parent = c.parentCode ? byCode.get(c.parentCode) : undefined
    const own = en ? c.nameEn : c.nameZh
    return parent ? `${label(parent)} / ${own}` : own
  }
  return (categories ?? []).map((c) => ({ value: c.code, label: label(c), search: `${label(c)} ${c.code} ${c.keywords.join(' ')}` }))
}

export interface CascaderOption {
  value: string
  label: string
  children?: CascaderOption[]
}

/** District → street → community options for an antd Cascader (values are org codes). */
export function centerTree(centers: CenterItem[] | undefined): CascaderOption[] {
  const list = centers ?? []
  const children = new Map<number, CenterItem[]>()
  for (const c of list) {
    if (c.parentId === null) continue
    const l = children.get(c.parentId) ?? []
    l.push(c)
    children.set(c.parentId, l)
  }
  const build = (c: CenterItem): CascaderOption => {
    const kids = c.level < 4 ? (children.get(c.id) ?? []) : []
    return kids.length ? { value: c.code, label: c.name, children: kids.map(build) } : { value: c.code, label: c.name }
  }
  return list.filter((c) => c.level === 2).map(build)
}
