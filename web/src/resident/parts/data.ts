/** Reference data the resident and grid pages share, fetched once per page load. */
import { api } from '../../lib/api.ts'

export interface CategoryItem {
  code: string
  parentCode: string | null
  nameZh: string
  nameEn: string
  keywords: string[]
}

export interface OrgItem {
  id: number
  code: string
  name: string
  level: number
  kind: string
  parentId: number | null
  seat: { lat: number; lng: number } | null
  geometry?: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] } | null
}

const cache = new Map<string, Promise<unknown>>()
function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined
  if (!p) {
    p = load()
    p.catch(() => cache.delete(key))
    cache.set(key, p)
  }
  return p
}

export const loadCategories = () => once('categories', async () => (await api.get<{ items: CategoryItem[] }>('/categories')).items)

/** Centers one level below `parent` (the districts when no parent), with their polygons. */
export const loadAreas = (parent: string | null) =>
  once(`areas:${parent}`, async () => {
    const query = parent ? `?parent=${parent}&kind=center&geometry=true` : '?level=2&kind=center&geometry=true'
    return (await api.get<{ items: OrgItem[] }>(`/orgs${query}`)).items
  })

export const categoryName = (c: CategoryItem | undefined, lang: string) => (c ? (lang === 'en' ? c.nameEn : c.nameZh) : '')
