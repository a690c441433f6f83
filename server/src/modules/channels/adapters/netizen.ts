/**
 * The netizen channel's adapter (网民留言): a message board's feed — JSON (a list, or `{messages}`)
 * or CSV with a header row — record by record to the event contract. Boards name their columns in
 * English or in Chinese (编号, 标题, 内容, 地址, 留言时间 …); both are read.
 */
import type { IngestItem } from '@xiaolan/contracts'
import { type ChannelAdapter, MappingError } from './adapter.ts'

/** One message as a board publishes it, its keys as given (trimmed; CSV gives only strings). */
export type NetizenRecord = Record<string, unknown>

/** The contract's field ← the names boards use for it. */
const ALIASES: Record<string, readonly string[]> = {
  externalId: ['id', 'messageId', 'message_id', 'externalId', '编号', '留言编号'],
  title: ['title', 'subject', '标题', '留言标题'],
  description: ['content', 'body', 'description', 'text', '内容', '留言内容'],
  address: ['address', 'place', '地址', '地点'],
  lat: ['lat', 'latitude', '纬度'],
  lng: ['lng', 'lon', 'long', 'longitude', '经度'],
  category: ['category', '分类'],
  communityCode: ['communityCode', 'community_code', '社区代码'],
  reporterName: ['name', 'author', 'reporterName', '留言人', '姓名'],
  reporterPhone: ['phone', 'mobile', 'reporterPhone', '电话', '联系电话'],
  occurredAt: ['postedAt', 'posted_at', 'createdAt', 'created_at', 'time', '留言时间'],
}

function pick(record: NetizenRecord, field: string): unknown {
  for (const name of ALIASES[field]) {
    const value = record[name]
    if (value === undefined || value === null) continue
    if (typeof value === 'string' && value.trim() === '') continue
    return typeof value === 'string' ? value.trim() : value
  }
  return undefined
}

function text(record: NetizenRecord, field: string): string | undefined {
  const value = pick(record, field)
  if (value === undefined) return undefined
  if (typeof value === 'number') return String(value)
  if (typeof value !== 'string') throw new MappingError(field, 'Must be text')
  return value
}

function coordinate(record: NetizenRecord, field: 'lat' | 'lng'): number | undefined {
  const value = pick(record, field)
  if (value === undefined) return undefined
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isFinite(n)) throw new MappingError(field, 'Must be a number in degrees')
  return n
}

/** A board's time: ISO 8601, or `YYYY-MM-DD HH:mm[:ss]` in China time as Chinese boards print it. */
function instant(record: NetizenRecord): string | undefined {
  const value = text(record, 'occurredAt')
  if (value === undefined) return undefined
  const local = /^(\d{4})[-/](\d{2})[-/](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value)
  const parsed = local ? new Date(`${local[1]}-${local[2]}-${local[3]}T${local[4]}:${local[5]}:${local[6] ?? '00'}+08:00`) : new Date(value)
  if (Number.isNaN(parsed.getTime()) || !(local || /[zZ]|[+-]\d{2}:?\d{2}$/.test(value)))
    throw new MappingError('occurredAt', 'A time as 2026-11-30 09:15 (China time) or ISO 8601 with its offset')
  return parsed.toISOString()
}

export function netizenToEvent(record: NetizenRecord): IngestItem {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new MappingError('externalId', 'A message is an object')
  const externalId = text(record, 'externalId')
  if (externalId === undefined) throw new MappingError('externalId', "The board's id of the message is required")
  const description = text(record, 'description')
  if (description === undefined) throw new MappingError('description', 'The message has no content')
  const item: IngestItem = { externalId, channel: 'netizen', description }
  const optional = {
    title: text(record, 'title'),
    address: text(record, 'address'),
    lat: coordinate(record, 'lat'),
    lng: coordinate(record, 'lng'),
    category: text(record, 'category'),
    communityCode: text(record, 'communityCode'),
    reporterName: text(record, 'reporterName'),
    reporterPhone: text(record, 'reporterPhone'),
    occurredAt: instant(record),
  }
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(item, { [key]: value })
  return item
}

export const netizenAdapter: ChannelAdapter<NetizenRecord> = {
  channel: 'netizen',
  inbound: 'board_feed',
  statusBack: 'reply',
  toEvent: netizenToEvent,
}
