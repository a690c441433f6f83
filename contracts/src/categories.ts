/**
 * The category shape (DESIGN §6), defined once: the catalogue every page reads
 * (`GET /api/v1/categories`), the seed data and the admin console's view are all built from it.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { PrioritySchema } from './domain.ts'
import { Nullable, Shape } from './schema.ts'

export const CategoryFields = {
  code: T.String(),
  parentCode: Nullable(T.String()),
  nameZh: T.String(),
  nameEn: T.String(),
  /** The department function (DEPARTMENT_FUNCTIONS) whose department handles it by default. */
  owner: T.String(),
  /** Whether the community center may handle it first (bottom-up) before escalation. */
  communityResolvable: T.Boolean(),
  priority: PrioritySchema,
}

/** An active category with the Chinese keywords the classifier reads free text by. */
export const Category = Shape({ ...CategoryFields, keywords: T.Array(T.String()) })
export type Category = Static<typeof Category>
