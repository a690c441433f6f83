/** GeoReport v2 services: our subcategories, named in Chinese, grouped by their top-level category. */
import type { Category, Open311Service, Open311ServiceDefinition } from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import { notFound } from '../../errors.ts'

function serviceOf(app: AppContext, c: Category): Open311Service {
  return {
    service_code: c.code,
    service_name: c.nameZh,
    description: c.nameEn,
    // no service asks for attributes (so no definition beyond an empty one)
    metadata: false,
    // a request gets its id at once
    type: 'realtime',
    keywords: c.keywords.length ? c.keywords.join(',') : null,
    group: c.parentCode ? (app.categories.get(c.parentCode)?.nameZh ?? null) : null,
  }
}

/** The services: every active subcategory, in the catalogue's order. */
export const listServices = (app: AppContext): Open311Service[] =>
  app.categories
    .all()
    .filter((c) => c.parentCode !== null)
    .map((c) => serviceOf(app, c))

/** The active subcategory a service code names, or undefined. */
export function serviceCategory(app: AppContext, code: string): Category | undefined {
  const c = app.categories.get(code)
  return c?.parentCode ? c : undefined
}

export function serviceDefinition(app: AppContext, code: string): Open311ServiceDefinition {
  if (!serviceCategory(app, code)) throw notFound(`Service ${code}`)
  return { service_code: code, attributes: [] }
}
