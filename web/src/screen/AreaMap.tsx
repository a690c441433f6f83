/**
 * The area of the screen as a map of its child units (districts of the city, streets of a
 * district, … grids of a community) drawn as SVG from their outlines — simplified by the server to
 * about a pixel of the panel — filling the panel, each area coloured by the figure chosen above it
 * (new, open or overdue events: the server aggregates, the browser never sees an event's point) on
 * a sequential scale with its legend. Labels sit at each area's pole of inaccessibility; where two
 * would overlap the less busy area's label moves aside with a leader line, or is left to the
 * tooltip. Clicking a child center re-scopes the screen to it.
 */

import { useQuery } from '@tanstack/react-query'
import type { DashboardView, OrgList } from '@xiaolan/contracts'
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MapLabels } from '../components/MapTiles.tsx'
import { type Frame, frameFor, geometryOf, labelPoint, MAP_FONT, outlinePoints, pathOf, placeLabels, textMeasure } from '../lib/map.ts'
import { referenceQuery } from '../lib/queries.ts'

/** The figures the map can be coloured by, as the dashboard gives them per child unit. */
export const MAP_FIGURES = ['created', 'open', 'overdue', 'satisfaction'] as const
export type MapFigure = (typeof MAP_FIGURES)[number]

/**
 * A unit's figure as the map shows it: `heat` places it on the scale (0 the darkest: nothing to
 * look at; for satisfaction the share not satisfied, so warm is where residents are unhappy), null
 * without data (no evaluations yet); `text` is what its label says.
 */
function figureOf(u: DashboardView['units'][number] | undefined, figure: MapFigure): { heat: number | null; text: string } {
  if (figure !== 'satisfaction') return { heat: u?.[figure] ?? 0, text: String(u?.[figure] ?? 0) }
  const rate = u?.satisfactionRate ?? null
  return rate === null ? { heat: null, text: '—' } : { heat: (1 - rate) * 100, text: `${Math.round(rate * 100)}%` }
}
const scaleMax = (values: Iterable<{ heat: number | null }>, figure: MapFigure) =>
  figure === 'satisfaction' ? 100 : Math.max(0, ...[...values].map((v) => v.heat ?? 0))

/** Dark (none) to hot (most), readable on the hall's dark blue. */
const SCALE = ['#0b2a4a', '#0f5f96', '#1f9fd0', '#7fd6c4', '#f7d154', '#f0643c']
/** an area without the figure's data (no evaluations for satisfaction) */
const NO_DATA = '#2a3442'
/** Metres per pixel of the panel over the children of a scope of each level: the outlines' tolerance. */
const TOLERANCE: Record<number, number> = { 1: 200, 2: 50, 3: 10, 4: 3 }
const PAD = 12

export function AreaMap({ data, onPick }: { data: DashboardView; onPick(code: string): void }) {
  const { t } = useTranslation('screen')
  const [figure, setFigure] = useState<MapFigure>('created')
  const scope = data.scope.code
  const units = useQuery({
    ...referenceQuery('GET /orgs', { query: { parent: scope, geometry: true, simplify: TOLERANCE[data.scope.level] ?? 3 } }),
    select: (list: OrgList) => list.items.filter((u) => u.geometry && (u.kind === 'center' || u.kind === 'grid')),
  }).data
  const box = useRef<HTMLDivElement>(null)
  const size = useSize(box)

  return (
    <div className="screen-map">
      <fieldset className="screen-map-figures" aria-label={t('mapFigure')}>
        {MAP_FIGURES.map((f) => (
          <button
            key={f}
            type="button"
            className={f === figure ? 'screen-link active' : 'screen-link'}
            aria-pressed={f === figure}
            data-testid={`map-figure-${f}`}
            onClick={() => setFigure(f)}
          >
            {t(`figure.${f}`)}
          </button>
        ))}
      </fieldset>
      {units?.length ? (
        <Legend
          max={scaleMax(
            data.units.map((u) => figureOf(u, figure)),
            figure,
          )}
          figure={figure}
        />
      ) : null}
      <div className="screen-map-canvas" ref={box}>
        {units && units.length && size ? (
          <MapSvg data={data} units={units} figure={figure} width={size.width} height={size.height} onPick={onPick} />
        ) : null}
      </div>
    </div>
  )
}

function MapSvg({
  data,
  units,
  figure,
  width,
  height,
  onPick,
}: {
  data: DashboardView
  units: OrgList['items']
  figure: MapFigure
  width: number
  height: number
  onPick(code: string): void
}) {
  const { t } = useTranslation('screen')
  const frame = useMemo(() => frameFor(outlinePoints(units), width, height, PAD), [units, width, height])
  // where each area's label would sit, found once per outline and size
  const poles = useMemo(() => (frame ? new Map(units.map((u) => [u.code, labelPoint(geometryOf(u), frame)])) : null), [units, frame])
  const values = useMemo(() => {
    const byCode = new Map(data.units.map((u) => [u.unit.code, u]))
    return new Map(units.map((u) => [u.code, figureOf(byCode.get(u.code), figure)]))
  }, [data.units, units, figure])
  const max = scaleMax(values.values(), figure)
  const fontSize = units.length > 30 ? 12 : units.length > 12 ? 14 : 18
  const labels = useMemo(() => {
    if (!poles) return []
    const measure = textMeasure(fontSize, MAP_FONT, '600')
    return placeLabels(
      units.flatMap((u) => {
        const pole = poles.get(u.code)
        return pole
          ? [
              {
                key: u.code,
                text: `${u.name} ${values.get(u.code)?.text ?? ''}`,
                x: pole.x,
                y: pole.y,
                priority: (values.get(u.code)?.heat ?? 0) * 1e9 + pole.area,
              },
            ]
          : []
      }),
      { width, height, fontSize, measure, blocked: overlays(height) },
    )
  }, [poles, units, values, fontSize, width, height])
  if (!frame || !poles) return null

  const drill = data.scope.level < 4
  const onKey = (code: string) => (e: KeyboardEvent<SVGPathElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      onPick(code)
    }
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: the SVG map groups its areas; a fieldset cannot be an SVG element
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="group"
      aria-label={t('mapLabel', { scope: data.scope.name, figure: t(`figure.${figure}`) })}
      data-testid="screen-map"
      data-figure={figure}
      style={{ display: 'block', fontFamily: MAP_FONT }}
    >
      {units.map((u) => {
        const value = values.get(u.code) ?? { heat: null, text: '—' }
        return (
          <path
            key={u.code}
            d={pathOf(geometryOf(u), frame)}
            fillRule="evenodd"
            fill={value.heat === null ? NO_DATA : colourOf(value.heat, max)}
            stroke="#5fd3ff"
            strokeWidth={1}
            strokeLinejoin="round"
            className="screen-map-area"
            // a child center is a button (an SVG area cannot be a <button>; it takes focus and Enter like one), a grid a picture
            {...(drill ? { role: 'button', tabIndex: 0, onClick: () => onPick(u.code), onKeyDown: onKey(u.code) } : { role: 'img' })}
            aria-label={`${u.name} ${t(`figure.${figure}`)} ${value.text}`}
            data-testid={`map-area-${u.code}`}
            data-value={value.text}
            style={{ cursor: drill ? 'pointer' : 'default' }}
          >
            <title>{`${u.name}\n${t(`figure.${figure}`)}: ${value.text}`}</title>
          </path>
        )
      })}
      <MapLabels
        labels={labels}
        fontSize={fontSize}
        fontWeight={600}
        fill="#ffffff"
        halo="#031022"
        haloWidth={3}
        leader={(l) => (
          // a dot on the area, the line to the label's near edge
          <g>
            <circle cx={l.x} cy={l.y} r={2.5} fill="#e6f4ff" />
            <line x1={l.x} y1={l.y} x2={l.lx} y2={l.ly + (l.ly > l.y ? -l.height / 2 : l.height / 2)} stroke="#9fd8ff" strokeWidth={1} />
          </g>
        )}
      />
    </svg>
  )
}

/** The scale in the map's corner: its colours from 0 to the largest value, with the figure's name. */
function Legend({ max, figure }: { max: number; figure: MapFigure }) {
  const { t } = useTranslation('screen')
  return (
    <div className="screen-map-legend" data-testid="map-legend">
      <div>{figure === 'satisfaction' ? t('legendSatisfaction') : t('legend', { figure: t(`figure.${figure}`) })}</div>
      <div className="screen-map-scale">
        {SCALE.map((c) => (
          <span key={c} style={{ background: c }} />
        ))}
      </div>
      <div className="screen-map-scale-ends">
        <span>{figure === 'satisfaction' ? '100%' : 0}</span>
        <span data-testid="map-legend-max">{figure === 'satisfaction' ? '0%' : max}</span>
      </div>
      {figure === 'satisfaction' ? (
        <div className="screen-map-no-data">
          <span style={{ background: NO_DATA }} />
          {t('noEvaluations')}
        </div>
      ) : null}
    </div>
  )
}

/** Where the figure switch (top left) and the legend (bottom left) cover the map, in its units. */
const overlays = (height: number) => [
  { left: 0, top: 0, right: 150, bottom: 170 },
  { left: 0, top: height - 84, right: 230, bottom: height },
]

/** A value's colour on the sequential scale: 0 the darkest, `max` the hottest (square-root steps, so a few busy areas do not wash out the rest). */
export function colourOf(value: number, max: number): string {
  if (max <= 0 || value <= 0) return SCALE[0]
  const step = Math.min(SCALE.length - 1, 1 + Math.floor(Math.sqrt(value / max) * (SCALE.length - 1.0001)))
  return SCALE[step]
}

/** The element's size in layout pixels (the screen's 1920×1080 units, before its scale to the window). */
function useSize(ref: { current: HTMLElement | null }) {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null)
  useEffect(() => {
    const element = ref.current
    if (!element) return
    const read = () => {
      const next = { width: element.clientWidth, height: element.clientHeight }
      setSize((s) => (s && s.width === next.width && s.height === next.height ? s : next.width > 0 && next.height > 0 ? next : s))
    }
    read()
    const observer = new ResizeObserver(read)
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref])
  return size
}
