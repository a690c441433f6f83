/**
 * The area of the screen as a map of its child units (districts of the city, streets of a
 * district, …) from the org geometry, coloured by their new events: the server aggregates, the
 * browser never sees an event's point. Clicking a child center re-scopes the screen to it.
 */

import { useQuery } from '@tanstack/react-query'
import type { DashboardView, OrgList } from '@xiaolan/contracts'
import { useMemo } from 'react'
import { referenceQuery } from '../lib/queries.ts'
import { Chart, type ChartOption, echarts } from './Chart.tsx'

/** Registers the children of `code` as an ECharts map (once: the query's data is cached); its name, or null without geometry. */
function registerAreaMap(code: string, { items }: OrgList): string | null {
  const features = items
    .filter((u) => u.geometry && (u.kind === 'center' || u.kind === 'grid'))
    .map((u) => ({ type: 'Feature', properties: { name: u.name, code: u.code }, geometry: u.geometry }))
  if (features.length === 0) return null
  const name = `xiaolan-${code}`
  echarts.registerMap(name, { type: 'FeatureCollection', features } as never)
  return name
}

export function AreaMap({ data, onPick, labels }: { data: DashboardView; onPick(code: string): void; labels: { created: string } }) {
  const scope = data.scope.code
  const map =
    useQuery({
      ...referenceQuery('GET /orgs', { query: { parent: scope, geometry: true } }),
      select: (list: OrgList) => registerAreaMap(scope, list),
    }).data ?? null

  const option = useMemo<ChartOption | null>(() => {
    if (!map) return null
    const max = Math.max(1, ...data.units.map((u) => u.created))
    return {
      tooltip: { trigger: 'item', formatter: (p: { name: string; value?: number }) => `${p.name}\n${labels.created}: ${p.value ?? 0}` },
      visualMap: {
        min: 0,
        max,
        left: 16,
        bottom: 16,
        calculable: true,
        textStyle: { color: '#9fc3e6' },
        inRange: { color: ['#0b2a4a', '#0f6fa8', '#22c3e6', '#f7d154', '#f0643c'] },
      },
      series: [
        {
          type: 'map',
          map,
          roam: false,
          selectedMode: false,
          label: { show: true, color: '#e6f4ff', fontSize: data.units.length > 20 ? 11 : 16 },
          itemStyle: { borderColor: '#5fd3ff', borderWidth: 1, areaColor: '#0b2a4a' },
          emphasis: { label: { color: '#fff' }, itemStyle: { areaColor: '#2f8fd8' } },
          data: data.units.map((u) => ({ name: u.unit.name, value: u.created, code: u.unit.code, level: u.unit.level })),
        },
      ],
    }
  }, [map, data.units, labels.created])

  if (!option) return null
  return (
    <Chart
      testId="screen-map"
      option={option}
      onClick={(p) => {
        const picked = p.data as { code?: string; level?: number } | undefined
        if (picked?.code && (picked.level ?? 5) <= 4) onPick(picked.code)
      }}
    />
  )
}
