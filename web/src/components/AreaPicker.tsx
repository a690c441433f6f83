/**
 * Where it happened: a map of the city drawn from the org geometry as SVG (over the deployment's
 * map tiles when it has a tile server) —
 * district → street → community by clicking, and a click inside a community sets the point — or,
 * for keyboard and screen-reader users, a district → street → community cascader.
 */

import { useQuery } from '@tanstack/react-query'
import type { OrgView } from '@xiaolan/contracts'
import type { CascaderProps } from 'antd'
import { Button, Cascader, Segmented, Space } from 'antd'
import { type KeyboardEvent, type MouseEvent, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { frameFor, geometryOf, heightFor, labelPoint, MAP_FONT, outlinePoints, pathOf, placeLabels, textMeasure } from '../lib/map.ts'
import { areasQuery, useLoadAreas, useMapTiles } from '../lib/reference.ts'
import { MapAttribution, MapLabels, MapPin, MapTiles } from './MapTiles.tsx'
import { PlaceSearch, placePath } from './PlaceSearch.tsx'
import { ErrorState, Loading } from './States.tsx'
import './area-picker.css'

export interface Place {
  lat?: number
  lng?: number
  communityCode?: string
  /** what to show: the community (and street) chosen */
  label: string
}

const W = 340
const PAD = 8

export function AreaPicker({
  value,
  onChange,
  testId = 'report-map',
  search = true,
  within,
}: {
  value: Place | null
  onChange: (p: Place) => void
  testId?: string
  /** the gazetteer's search above the map (off where the page has its own) */
  search?: boolean
  /** the search offers only places inside this unit (its code) */
  within?: string
}) {
  const { t } = useTranslation('resident')
  const [mode, setMode] = useState<'map' | 'list'>('map')
  // a place found by the search: the map opens on its street, where the pin shows
  const [focus, setFocus] = useState<Area[] | null>(null)
  return (
    <div>
      {search ? (
        <div style={{ marginBottom: 8 }}>
          <PlaceSearch
            testId={`${testId}-search`}
            within={within}
            onPick={(m) => {
              onChange({ ...(m.point ?? {}), communityCode: m.community.code, label: `${m.name}（${placePath(m)}）` })
              if (m.district && m.street) setFocus([m.district, m.street])
              setMode('map')
            }}
          />
        </div>
      ) : null}
      <Segmented
        block
        value={mode}
        onChange={(v) => setMode(v as 'map' | 'list')}
        options={[
          { value: 'map', label: t('report.placeMap') },
          { value: 'list', label: t('report.placeList') },
        ]}
        style={{ marginBottom: 8 }}
      />
      {mode === 'map' ? <CityMap value={value} onChange={onChange} testId={testId} focus={focus} /> : <AreaCascader onChange={onChange} />}
      {value ? (
        <div style={{ marginTop: 6 }} data-testid="place-chosen">
          {t('report.placeChosen', { place: value.label })}
        </div>
      ) : null}
    </div>
  )
}

/** What the map's trail needs of a district or street. */
type Area = Pick<OrgView, 'code' | 'name' | 'level'>

function CityMap({
  value,
  onChange,
  testId,
  focus,
}: {
  value: Place | null
  onChange: (p: Place) => void
  testId: string
  /** the district and street to open on, when it changes */
  focus: Area[] | null
}) {
  const { t } = useTranslation('resident')
  const [trail, setTrail] = useState<Area[]>(focus ?? [])
  useEffect(() => {
    if (focus) setTrail(focus)
  }, [focus])
  const parent = trail[trail.length - 1] ?? null
  const areas = useQuery(areasQuery(parent))
  const units = useMemo(() => areas.data?.filter((u) => u.geometry), [areas.data])

  // as tall as the areas need at the picker's width, so they fill it
  const H = useMemo(() => heightFor(outlinePoints(units ?? []), W, PAD, 220, 420), [units])
  const frame = useMemo(() => frameFor(outlinePoints(units ?? []), W, H, PAD), [units, H])
  const fontSize = (units?.length ?? 0) > 12 ? 8 : 11
  const labels = useMemo(() => {
    if (!units || !frame) return []
    const measure = textMeasure(fontSize, MAP_FONT)
    return placeLabels(
      units.flatMap((u) => {
        const pole = labelPoint(geometryOf(u), frame, 0.5)
        return pole ? [{ key: u.code, text: u.name, x: pole.x, y: pole.y, priority: pole.area }] : []
      }),
      { width: W, height: H, fontSize, measure, gap: 1 },
    )
  }, [units, frame, H, fontSize])
  const tiles = useMapTiles()

  if (areas.error) return <ErrorState error={areas.error} onRetry={() => void areas.refetch()} />
  if (!units || !frame) return <Loading />
  const picking = parent?.level === 3 // the units shown are communities: a click is the point
  const name = parent?.name ?? t('map.city')

  const choose = (u: OrgView, at: { lat: number; lng: number } | null) => {
    if (!picking) {
      setTrail([...trail, u])
      return
    }
    const point = at ?? u.seat
    if (point) onChange({ lat: point.lat, lng: point.lng, label: `${parent?.name ?? ''} ${u.name}` })
  }
  const onClick = (u: OrgView) => (e: MouseEvent<SVGPathElement>) => {
    const svg = e.currentTarget.ownerSVGElement
    const ctm = svg?.getScreenCTM()
    if (!svg || !ctm) return choose(u, null)
    const pt = svg.createSVGPoint()
    pt.x = e.clientX
    pt.y = e.clientY
    const p = pt.matrixTransform(ctm.inverse())
    choose(u, frame.back(p.x, p.y))
  }
  const onKey = (u: OrgView) => (e: KeyboardEvent<SVGPathElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      choose(u, null)
    }
  }
  return (
    <div>
      <Space wrap size={4} style={{ marginBottom: 4 }}>
        {trail.length ? (
          <Button size="small" onClick={() => setTrail(trail.slice(0, -1))}>
            {t('map.back')}
          </Button>
        ) : null}
        <span style={{ fontSize: 13 }}>{[t('map.city'), ...trail.map((u) => u.name)].join(' / ')}</span>
      </Space>
      {/* biome-ignore lint/a11y/useSemanticElements: the SVG map groups its areas; a fieldset cannot be an SVG element */}
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        style={{
          display: 'block',
          maxWidth: W,
          background: '#f4f7fb',
          border: '1px solid #d9dee5',
          borderRadius: 6,
          touchAction: 'manipulation',
          fontFamily: MAP_FONT,
        }}
        role="group"
        aria-label={picking ? t('map.pickLabel', { name }) : t('map.label', { name })}
        data-testid={testId}
      >
        <MapTiles frame={frame} />
        {units.map((u) => (
          // biome-ignore lint/a11y/useSemanticElements: an SVG area cannot be a <button>; it takes focus and Enter like one
          <path
            key={u.code}
            d={pathOf(geometryOf(u), frame)}
            fillRule="evenodd"
            role="button"
            tabIndex={0}
            aria-label={u.name}
            data-testid={`map-unit-${u.code}`}
            fill={picking ? '#e6f0fb' : '#dce8f7'}
            fillOpacity={tiles ? 0.35 : 1}
            stroke="#1357a6"
            strokeWidth={1}
            className="area-picker-unit"
            style={{ cursor: picking ? 'crosshair' : 'pointer' }}
            onClick={onClick(u)}
            onKeyDown={onKey(u)}
          >
            <title>{u.name}</title>
          </path>
        ))}
        <MapLabels
          labels={labels}
          fontSize={fontSize}
          fill="#1f1f1f"
          halo="#ffffff"
          haloWidth={2.5}
          leader={(l) => <line x1={l.x} y1={l.y} x2={l.lx} y2={l.ly} stroke="#4a5563" strokeWidth={0.6} />}
        />
        {value?.lat !== undefined && value.lng !== undefined && picking ? (
          <MapPin x={frame.x(value.lng)} y={frame.y(value.lat)} testId="map-pin" />
        ) : null}
        <MapAttribution frame={frame} />
      </svg>
    </div>
  )
}

interface Option {
  value: string
  label: string
  isLeaf?: boolean
  children?: Option[]
}

function AreaCascader({ onChange }: { onChange: (p: Place) => void }) {
  const { t } = useTranslation('resident')
  const loadAreas = useLoadAreas()
  const districts = useQuery(areasQuery(null)).data
  const [options, setOptions] = useState<Option[]>([])
  useEffect(() => {
    if (districts) setOptions(districts.map((d) => ({ value: d.code, label: d.name, isLeaf: false })))
  }, [districts])
  const loadData: CascaderProps<Option>['loadData'] = async (selected) => {
    const target = selected[selected.length - 1]
    // the option chosen is a district (level 2) or a street (level 3)
    const items = await loadAreas({ code: target.value, level: selected.length + 1 })
    target.children = items.map((u) => ({ value: u.code, label: u.name, isLeaf: selected.length >= 2 }))
    setOptions((o) => [...o])
  }
  return (
    <Cascader<Option>
      options={options}
      loadData={loadData}
      placeholder={t('report.cascader')}
      aria-label={t('report.cascader')}
      style={{ width: '100%' }}
      data-testid="report-cascader"
      onChange={(codes, selected) => {
        const list = selected as Option[] | undefined
        if (codes && codes.length === 3 && list) onChange({ communityCode: String(codes[2]), label: list.map((o) => o.label).join(' ') })
      }}
    />
  )
}
