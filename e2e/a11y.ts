/** axe-core on the page as it is now: the serious and critical WCAG 2 A/AA violations, with where they are. */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'

export async function seriousViolations(page: Page): Promise<string[]> {
  // @axe-core/playwright types name the full playwright Page; playwright-core's is the same object
  const result = await new AxeBuilder({ page } as never).withTags(['wcag2a', 'wcag2aa']).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}
