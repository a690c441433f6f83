/** axe-core on the page as it is now: the serious and critical WCAG 2.1 A/AA violations, with where they are. */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'

export async function seriousViolations(page: Page): Promise<string[]> {
  // a drawer or modal fades in from 70 % opacity: contrast is only judged once it has settled
  await page.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== 'running'))
  // @axe-core/playwright types name the full playwright Page; playwright-core's is the same object
  const result = await new AxeBuilder({ page } as never).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} ${JSON.stringify(n.any[0]?.data ?? '')}`).join(', ')}`)
}
