/**
 * The labelled complaints the classifier learns from and is measured on (issue 16):
 * server/data/complaints/train/<top>.jsonl (the training set) and server/data/complaints/heldout/
 * (written separately, by other writers who never saw the training files). Each line:
 * {"category":"sanitation.bins","register":"hotline|app|letter|grid","title":"…","text":"…"}.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Example } from './model.ts'

export const COMPLAINTS = fileURLToPath(new URL('../../../data/complaints/', import.meta.url))

export interface Complaint extends Example {
  register?: string
  file: string
}

/** The text the classifier reads for a complaint: its title and its description. */
export function complaintText(title: string | undefined, text: string): string {
  return title ? `${title}。${text}` : text
}

/** Every labelled line of a split's files; broken lines are counted, not fatal (the corpus is being written). */
export function readSplit(split: 'train' | 'heldout', dir = COMPLAINTS): { items: Complaint[]; skipped: number } {
  const folder = join(dir, split)
  const items: Complaint[] = []
  let skipped = 0
  if (!existsSync(folder)) return { items, skipped }
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    for (const line of readFileSync(join(folder, file), 'utf8').split('\n')) {
      if (!line.trim()) continue
      try {
        const row = JSON.parse(line) as { category?: unknown; title?: unknown; text?: unknown; register?: unknown }
        if (typeof row.category !== 'string' || typeof row.text !== 'string' || !row.text.trim()) {
          skipped++
          continue
        }
        items.push({
          category: row.category,
          text: complaintText(typeof row.title === 'string' ? row.title : undefined, row.text),
          register: typeof row.register === 'string' ? row.register : undefined,
          file,
        })
      } catch {
        skipped++
      }
    }
  }
  return { items, skipped }
}
