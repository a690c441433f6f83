/**
 * Downloads a streamed file (the xlsx exports, the open dataset) with progress: the server sends
 * `x-total-rows` and an estimate of the size (`x-estimated-bytes`); we count the bytes as they
 * arrive, then hand the file to the browser.
 */
import i18next from 'i18next'
import { refusal } from '../lib/api.ts'
import { noticeBuild } from '../lib/build.ts'

export interface DownloadProgress {
  rows: number | null
  received: number
  /** 0–1, or null when the size cannot be estimated */
  fraction: number | null
}

export async function downloadFile(
  path: string,
  fallbackName: string,
  onProgress: (p: DownloadProgress) => void,
  { lang = true }: { lang?: boolean } = {},
) {
  // a workbook in the reader's language: its headers and the words for states, channels…
  const language = i18next.language === 'en' ? 'en' : 'zh-CN'
  const url = lang ? `/api/v1${path}${path.includes('?') ? '&' : '?'}lang=${language}` : `/api/v1${path}`
  const res = await fetch(url, { credentials: 'same-origin' })
  noticeBuild(res.headers.get('x-xiaolan-build'))
  if (!res.ok || !res.body) throw refusal(res.status, await res.json().catch(() => null), res.statusText)
  const rows = res.headers.has('x-total-rows') ? Number(res.headers.get('x-total-rows')) : null
  const estimate = Number(res.headers.get('x-estimated-bytes') ?? 0)
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let received = 0
  onProgress({ rows, received, fraction: estimate > 0 ? 0 : null })
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    received += value.length
    onProgress({ rows, received, fraction: estimate > 0 ? Math.min(0.99, received / estimate) : null })
  }
  onProgress({ rows, received, fraction: 1 })
  const disposition = res.headers.get('content-disposition') ?? ''
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1]
  const blob = new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' })
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = encoded ? decodeURIComponent(encoded) : fallbackName
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}

export const formatSize = (bytes: number) =>
  bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`
