/**
 * The demo's articles, read from server/data/knowledge/articles/<category>.txt: blocks separated by
 * a blank line, each `# title`, then `dept=<department function>; kw=a,b; from=YYYY-MM-DD; to=…; state=…`,
 * then the body. The seed gives each article to the city department of its function.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  DEPARTMENT_FUNCTIONS,
  KNOWLEDGE_CATEGORIES,
  KNOWLEDGE_STATES,
  type KnowledgeCategory,
  type KnowledgeState,
} from '@xiaolan/contracts'

const ARTICLES_DIR = fileURLToPath(new URL('../../../data/knowledge/articles', import.meta.url))

export interface DemoArticle {
  title: string
  body: string
  category: KnowledgeCategory
  keywords: string[]
  departmentFunction: string
  validFrom: string
  validTo: string | null
  state: KnowledgeState
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** Every demo article; a malformed block fails loudly with its file and title. */
export function demoArticles(dir = ARTICLES_DIR): DemoArticle[] {
  const out: DemoArticle[] = []
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const category = file.slice(0, -4) as KnowledgeCategory
    if (!KNOWLEDGE_CATEGORIES.includes(category)) throw new Error(`${file}: no knowledge category ${category}`)
    const blocks = readFileSync(join(dir, file), 'utf8')
      .split(/\n\s*\n/)
      .map((b) => b.trim())
      .filter(Boolean)
    for (const block of blocks) {
      const [head, meta, ...body] = block.split('\n')
      const where = `${file}: ${head}`
      if (!head.startsWith('# ') || !meta || !body.length) throw new Error(`${where}: a block is "# title", the fields, the body`)
      const fields = new Map(
        meta.split(';').map((p) => {
          const [k, ...v] = p.split('=')
          return [k.trim(), v.join('=').trim()] as const
        }),
      )
      const fn = fields.get('dept') ?? ''
      if (!(DEPARTMENT_FUNCTIONS as readonly string[]).includes(fn)) throw new Error(`${where}: no department function ${fn}`)
      const validFrom = fields.get('from') ?? '2026-01-01'
      const validTo = fields.get('to') ?? null
      if (!DAY.test(validFrom) || (validTo !== null && !DAY.test(validTo))) throw new Error(`${where}: dates are YYYY-MM-DD`)
      if (validTo !== null && validTo < validFrom) throw new Error(`${where}: to= is before from=`)
      const state = (fields.get('state') ?? 'published') as KnowledgeState
      if (!KNOWLEDGE_STATES.includes(state)) throw new Error(`${where}: no state ${state}`)
      out.push({
        title: head.slice(2).trim(),
        body: body.join('\n').trim(),
        category,
        keywords: (fields.get('kw') ?? '')
          .split(/[,，]/)
          .map((k) => k.trim())
          .filter(Boolean),
        departmentFunction: fn,
        validFrom,
        validTo,
        state,
      })
    }
  }
  return out
}
