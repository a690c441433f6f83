/**
 * Up to 9 photos, each downscaled in the browser (canvas → JPEG, longest side ≤ 1600 px) and
 * uploaded at once with its progress; the parent gets the ids of the uploaded ones.
 */
import { CloseOutlined, PlusOutlined } from '@ant-design/icons'
import type { ApiError as ApiErrorBody, UploadedPhoto } from '@xiaolan/contracts'
import { Button, Progress } from 'antd'
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, refusal } from '../lib/api.ts'
import { errorText } from '../lib/errors.ts'
import { useSession } from '../lib/session.tsx'

const MAX_PHOTOS = 9
const MAX_SIDE = 1600

interface Item {
  key: string
  preview: string
  progress: number
  id: number | null
  error: string | null
}

/** The photo as a JPEG no larger than 1600 px on its longest side; the original when it cannot be decoded. */
export async function downscale(file: File): Promise<Blob> {
  try {
    const bitmap = await createImageBitmap(file)
    const ratio = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height))
    const canvas = document.createElement('canvas')
    canvas.width = Math.max(1, Math.round(bitmap.width * ratio))
    canvas.height = Math.max(1, Math.round(bitmap.height * ratio))
    const g = canvas.getContext('2d')
    if (!g) return file
    g.fillStyle = '#fff'
    g.fillRect(0, 0, canvas.width, canvas.height)
    g.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
    bitmap.close()
    return await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b ?? file), 'image/jpeg', 0.85))
  } catch {
    return file
  }
}

/** POST /attachments with upload progress (fetch cannot report it). */
function uploadPhoto(blob: Blob, csrf: string | undefined, onProgress: (p: number) => void): Promise<UploadedPhoto> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/api/v1/attachments')
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf)
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100))
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'))
    xhr.onload = () => {
      let body: (UploadedPhoto & Partial<ApiErrorBody>) | null = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {}
      if (xhr.status === 201 && body) resolve(body)
      else reject(refusal(xhr.status, body))
    }
    const form = new FormData()
    form.append('file', blob, 'photo.jpg')
    xhr.send(form)
  })
}

export function PhotoPicker({
  onChange,
  onBusy,
  testId = 'report-photos',
  label,
}: {
  onChange: (ids: number[]) => void
  /** told whether a photo is still uploading, so a form can wait for it rather than send without it */
  onBusy?: (busy: boolean) => void
  testId?: string
  label?: string
}) {
  const { t } = useTranslation('resident')
  const { me } = useSession()
  const [items, setItems] = useState<Item[]>([])
  const [notice, setNotice] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const inputId = useId()
  useEffect(() => {
    onChange(items.flatMap((i) => (i.id === null ? [] : [i.id])))
  }, [items, onChange])
  const busy = items.some((i) => i.id === null && !i.error)
  useEffect(() => onBusy?.(busy), [busy, onBusy])

  const update = (key: string, patch: Partial<Item>) => setItems((list) => list.map((i) => (i.key === key ? { ...i, ...patch } : i)))
  const add = async (files: FileList | null) => {
    if (!files) return
    const room = MAX_PHOTOS - items.length
    setNotice(files.length > room ? t('report.tooMany') : null)
    for (const file of [...files].slice(0, Math.max(0, room))) {
      const key = `${Date.now()}-${Math.random()}`
      const blob = await downscale(file)
      setItems((list) => [...list, { key, preview: URL.createObjectURL(blob), progress: 0, id: null, error: null }])
      uploadPhoto(blob, me?.csrfToken, (p) => update(key, { progress: p })).then(
        (r) => update(key, { id: r.id, progress: 100 }),
        (e) => update(key, { error: e instanceof ApiError && e.field === 'file' ? t('report.photoRejected') : errorText(t, e) }),
      )
    }
    if (input.current) input.current.value = ''
  }

  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        {items.map((item, n) => (
          <div key={item.key} style={{ position: 'relative', width: 88 }} data-testid="photo-item">
            <img
              src={item.preview}
              alt={t('report.photoAlt', { n: n + 1 })}
              style={{ width: 88, height: 88, objectFit: 'cover', borderRadius: 6, display: 'block' }}
            />
            {item.id === null && !item.error ? (
              <Progress percent={item.progress} size="small" aria-label={t('report.uploading', { p: item.progress })} />
            ) : null}
            {item.error ? (
              <div role="alert" style={{ color: '#a8071a', fontSize: 12 }}>
                {item.error}
              </div>
            ) : null}
            <Button
              size="small"
              shape="circle"
              icon={<CloseOutlined />}
              aria-label={t('report.remove')}
              style={{ position: 'absolute', top: 2, right: 2 }}
              onClick={() => {
                URL.revokeObjectURL(item.preview)
                setItems((list) => list.filter((i) => i.key !== item.key))
              }}
            />
          </div>
        ))}
        {items.length < MAX_PHOTOS ? (
          <label
            htmlFor={inputId}
            style={{
              width: 88,
              height: 88,
              border: '1px dashed #8c8c8c',
              borderRadius: 6,
              display: 'flex',
              flexDirection: 'column',
              alignItems: 'center',
              justifyContent: 'center',
              cursor: 'pointer',
              color: '#434343',
              fontSize: 12,
            }}
          >
            <PlusOutlined />
            {label ?? t('report.addPhotos')}
          </label>
        ) : null}
      </div>
      <input
        id={inputId}
        ref={input}
        type="file"
        accept="image/jpeg,image/png,image/webp,image/*"
        multiple
        data-testid={testId}
        aria-label={label ?? t('report.addPhotos')}
        style={{ position: 'absolute', width: 1, height: 1, opacity: 0, overflow: 'hidden' }}
        onChange={(e) => void add(e.target.files)}
      />
      {notice ? <div role="alert">{notice}</div> : null}
    </div>
  )
}
