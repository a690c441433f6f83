/** The category tree, read once and kept in memory: 18 top-level codes and their subcategories. */
import type { Category, Priority } from '@xiaolan/contracts'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.ts'

export interface CategoryCatalog {
  get(code: string): Category | undefined
  all(): Category[]
  /** The top-level code a category belongs to. */
  topOf(code: string): string | undefined
}

export async function loadCategories(db: Kysely<DB>): Promise<CategoryCatalog> {
  const rows = await db.selectFrom('categories').selectAll().where('active', '=', true).orderBy('sort').execute()
  const list: Category[] = rows.map((r) => ({
    code: r.code,
    parentCode: r.parent_code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    owner: r.owner,
    communityResolvable: r.community_resolvable,
    priority: r.priority as Priority,
    keywords: r.keywords,
  }))
  const byCode = new Map(list.map((c) => [c.code, c]))
  return {
    get: (code) => byCode.get(code),
    all: () => list,
    topOf(code) {
      let c = byCode.get(code)
      while (c?.parentCode) c = byCode.get(c.parentCode)
      return c?.code
    },
  }
}
