/**
 * Reference data every area shares, read once per page load through the query cache: the category
 * tree, the centers of the command chain, one level of areas with their polygons, the units the
 * caller's center may dispatch to and the deployment's map tiles — with the helpers that name them.
 */

import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { AlertView, Category, OrgList, OrgView } from '@xiaolan/contracts'
import { useTranslation } from 'react-i18next'
import { referenceQuery } from './queries.ts'

export const categoriesQuery = () => ({ ...referenceQuery('GET /categories'), select: (r: { items: Category[] }) => r.items })
export const centersQuery = () => ({
  ...referenceQuery('GET /orgs', { query: { kind: 'center' } }),
  select: (r: OrgList) => r.items,
})
/**
 * Metres per pixel of the picker's 340 px over the children of a unit of each level (the city's
 * districts, a district's streets, a street's communities): the outlines are simplified to that.
 */
const PICKER_TOLERANCE: Record<number, number> = { 1: 300, 2: 60, 3: 10 }

/** Centers one level below `parent` (the districts when no parent), with their polygons simplified for the picker. */
export const areasQuery = (parent: { code: string; level: number } | null) => ({
  ...referenceQuery('GET /orgs', {
    query: parent
      ? { parent: parent.code, kind: 'center', geometry: true, simplify: PICKER_TOLERANCE[parent.level] ?? 10 }
      : { level: 2, kind: 'center', geometry: true, simplify: PICKER_TOLERANCE[1] },
  }),
  select: (r: OrgList) => r.items,
})

export const useCategories = () => useQuery(categoriesQuery()).data
export const useCenters = () => useQuery(centersQuery()).data
export const useDispatchTargets = (enabled: boolean) => useQuery({ ...referenceQuery('GET /workbench/dispatch-targets'), enabled }).data
export const useMapTiles = () => useQuery(referenceQuery('GET /map')).data?.tiles ?? null

/** Areas below `parent` for the cascader's lazy levels, from the same cache as the map's. */
export function useLoadAreas() {
  const client = useQueryClient()
  return async (parent: { code: string; level: number } | null) => (await client.fetchQuery(areasQuery(parent))).items
}

/** A category's own name in the page's language. */
/** Where an alert is, by name: the district, street and community of its point, else the center it went to. */
export const alertPlace = (a: Pick<AlertView, 'areaNames' | 'unit'>) => (a.areaNames.length ? a.areaNames.join(' ') : (a.unit?.name ?? ''))

export const categoryName = (c: Category | undefined, lang: string) => (c ? (lang === 'en' ? c.nameEn : c.nameZh) : '')

/** A category's own name by code in the page's language (the code itself until the tree is loaded). */
export function useOwnCategoryName() {
  const { i18n } = useTranslation()
  const categories = useCategories()
  return (code: string) =>
    categoryName(
      categories?.find((c) => c.code === code),
      i18n.language,
    ) || code
}

/** "市容环卫 / 垃圾清运" in the page's language (the code itself until the tree is loaded). */
export function useCategoryName() {
  const { i18n } = useTranslation()
  const byCode = new Map((useCategories() ?? []).map((c) => [c.code, c]))
  return (code: string) => {
    const parts: string[] = []
    let c = byCode.get(code)
    while (c) {
      parts.unshift(categoryName(c, i18n.language))
      c = c.parentCode ? byCode.get(c.parentCode) : undefined
    }
    return parts.length ? parts.join(' / ') : code
  }
}

/** Options for an antd Select with search over every category, labelled with its path. */
export function categoryOptions(categories: Category[] | undefined, en: boolean) {
  const byCode = new Map((categories ?? []).map((c) => [c.code, c]))
  const label = (c: Category): string => {
    const parent = c.parentCode ? byCode.get(c.parentCode) : undefined
    const own = en ? c.nameEn : c.nameZh
    return parent ? `${label(parent)} / ${own}` : own
  }
  return (categories ?? []).map((c) => ({ value: c.code, label: label(c), search: `${label(c)} ${c.code} ${c.keywords.join(' ')}` }))
}

/**
 * Options for choosing the category an event is filed under: the subcategories, grouped under
 * their top-level category as a heading that cannot itself be chosen (a call filed to 市政设施
 * reaches no one in particular); a top-level category without subcategories is chosen as itself.
 * `chosen`: a top-level category taken from the classifier's suggestions (it was not sure of the
 * subcategory) stays shown, first in its group, so the operator sees it and can narrow it down.
 */
export function subcategoryOptions(categories: Category[] | undefined, en: boolean, chosen?: string) {
  const flat = categoryOptions(categories, en)
  const byCode = new Map(flat.map((o) => [o.value, o]))
  const list = categories ?? []
  return list
    .filter((c) => c.parentCode === null)
    .map((top) => {
      const subs = list.filter((c) => c.parentCode === top.code).map((c) => byCode.get(c.code) as (typeof flat)[number])
      const own = byCode.get(top.code) as (typeof flat)[number]
      // a top-level category with subcategories is offered only when chosen already (a suggestion taken)
      const options = chosen === top.code ? [own, ...subs] : subs
      return subs.length ? { label: own.label, title: own.label, options } : own
    })
}

export interface CascaderOption {
  value: string
  label: string
  children?: CascaderOption[]
}

/** District → street → community options for an antd Cascader (values are org codes). */
export function centerTree(centers: OrgView[] | undefined): CascaderOption[] {
  const list = centers ?? []
  const children = new Map<number, OrgView[]>()
  for (const c of list) {
    if (c.parentId === null) continue
    const l = children.get(c.parentId) ?? []
    l.push(c)
    children.set(c.parentId, l)
  }
  const build = (c: OrgView): CascaderOption => {
    const kids = c.level < 4 ? (children.get(c.id) ?? []) : []
    return kids.length ? { value: c.code, label: c.name, children: kids.map(build) } : { value: c.code, label: c.name }
  }
  return list.filter((c) => c.level === 2).map(build)
}
