/** The category tree, read once and kept in memory: 18 top-level codes and their subcategories. */
import type { Category, Priority } from '@xiaolan/contracts'
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import type { DB } from '../../db/types.ts'

export interface CategoryCatalog {
  get(code: string): Category | undefined
  all(): Category[]
  /** The top-level code a category belongs to. */
  topOf(code: string): string | undefined
}

export async function loadCategories(db: Kysely<DB>): Promise<CategoryCatalog> {
  const rows = await db.selectFrom('categories').selectAll().where('active', '=', true).orderBy('sort').execute()
  const list = rows.map(categoryOf)
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

/** Every category, inactive ones too, in display order, with whether it is active (the admin console lists them). */
export async function allCategories(db: Kysely<DB>): Promise<Array<Category & { active: boolean }>> {
  const rows = await db.selectFrom('categories').selectAll().orderBy('sort').execute()
  return rows.map((r) => ({ ...categoryOf(r), active: r.active }))
}

function categoryOf(r: Selectable<DB['categories']>): Category {
  return {
    code: r.code,
    parentCode: r.parent_code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    owner: r.owner,
    communityResolvable: r.community_resolvable,
    priority: r.priority as Priority,
    keywords: r.keywords,
  }
}

export function lockCategory(tx: Transaction<DB>, code: string) {
  return tx.selectFrom('categories').selectAll().where('code', '=', code).forUpdate().executeTakeFirst()
}

export async function updateCategoryRow(
  tx: Transaction<DB>,
  code: string,
  set: { owner: string; community_resolvable: boolean; priority: string },
) {
  await tx
    .updateTable('categories')
    .set({ ...set, updated_at: sql`now()` })
    .where('code', '=', code)
    .execute()
}

/** How many categories a department function owns (its last department may not go while any do). */
export async function categoriesOwnedBy(tx: Transaction<DB>, owner: string): Promise<number> {
  const { n } = await tx
    .selectFrom('categories')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('owner', '=', owner)
    .executeTakeFirstOrThrow()
  return n
}
