/**
 * One slot of the big screen that shows its panels in turn (矛盾纠纷, 研判预警, …), so the screen keeps
 * its one layout however many secondary panels there are: add a panel by adding an item to the list.
 * Each item has its own title, announced when it changes (a polite live region); the viewer can pick
 * one, or pause the turning (WCAG 2.2.2), and it holds still while the pointer or the focus is inside
 * it. With prefers-reduced-motion it does not turn by itself at all. An item whose `attention` changes
 * (a new alert) is brought forward.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

export interface RotatingPanel {
  key: string
  title: string
  content: ReactNode
  /** a value that changes when the panel has something new to show (it is then shown at once) */
  attention?: string | number
}

/** How long each panel is shown. */
export const ROTATION_MS = 20_000

function usePrefersReducedMotion() {
  const query = '(prefers-reduced-motion: reduce)'
  const [reduced, setReduced] = useState(() => typeof window !== 'undefined' && window.matchMedia(query).matches)
  useEffect(() => {
    const list = window.matchMedia(query)
    const onChange = () => setReduced(list.matches)
    list.addEventListener('change', onChange)
    return () => list.removeEventListener('change', onChange)
  }, [])
  return reduced
}

export function RotatingPanels({ panels, intervalMs = ROTATION_MS }: { panels: RotatingPanel[]; intervalMs?: number }) {
  const { t } = useTranslation('screen')
  const id = useId()
  const reduced = usePrefersReducedMotion()
  const [index, setIndex] = useState(0)
  const [paused, setPaused] = useState(false)
  const [holding, setHolding] = useState(false)
  const count = panels.length
  const turning = count > 1 && !paused && !holding && !reduced
  useEffect(() => {
    if (!turning) return
    const timer = setInterval(() => setIndex((i) => (i + 1) % count), intervalMs)
    return () => clearInterval(timer)
  }, [turning, count, intervalMs])

  // a panel with something new comes forward (not on the first render: that is where it starts)
  const seen = useRef<Map<string, string | number | undefined> | null>(null)
  const attention = panels.map((p) => `${p.key}=${p.attention ?? ''}`).join('|')
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attention` sums up what is compared
  useEffect(() => {
    const previous = seen.current
    seen.current = new Map(panels.map((p) => [p.key, p.attention]))
    if (!previous) return
    const fresh = panels.findIndex((p) => p.attention !== undefined && previous.get(p.key) !== p.attention)
    if (fresh !== -1) setIndex(fresh)
  }, [attention])

  const current = panels[index % count]
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="screen-panel screen-rotating"
      data-testid="screen-rotating"
      data-panel={current.key}
      onMouseEnter={() => setHolding(true)}
      onMouseLeave={() => setHolding(false)}
      onFocus={() => setHolding(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setHolding(false)
      }}
    >
      <div className="screen-rotating-head">
        <h2 id={`${id}-title`} aria-live="polite" data-testid="screen-rotating-title">
          {current.title}
        </h2>
        {count > 1 ? (
          <div className="screen-rotating-controls" role="tablist" aria-label={t('rotation.label')}>
            {panels.map((p, i) => (
              <button
                key={p.key}
                type="button"
                role="tab"
                aria-selected={i === index % count}
                aria-controls={`${id}-body`}
                aria-label={p.title}
                className={i === index % count ? 'screen-rotating-dot on' : 'screen-rotating-dot'}
                data-testid={`screen-rotating-pick-${p.key}`}
                onClick={() => setIndex(i)}
              />
            ))}
            <button
              type="button"
              className="screen-link screen-rotating-pause"
              aria-pressed={paused}
              data-testid="screen-rotating-pause"
              onClick={() => setPaused(!paused)}
            >
              {paused ? t('rotation.resume') : t('rotation.pause')}
            </button>
          </div>
        ) : null}
      </div>
      <div key={current.key} className="screen-panel-body" id={`${id}-body`} role="tabpanel" aria-labelledby={`${id}-title`}>
        {current.content}
      </div>
    </section>
  )
}
