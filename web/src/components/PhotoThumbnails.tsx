/** An event's photos as thumbnails that open large (one preview to page through), each named by `alt`. */
import type { Photo } from '@xiaolan/contracts'
import { Image, Space } from 'antd'
import type { CSSProperties } from 'react'

export function PhotoThumbnails({
  photos,
  alt,
  testId,
  style,
}: {
  photos: Photo[]
  /** what a photo is, its number counted from 0 (a screen reader's and a missing image's text) */
  alt(photo: Photo, n: number): string
  testId?: string
  style?: CSSProperties
}) {
  if (!photos.length) return null
  return (
    <Image.PreviewGroup>
      <Space wrap size={8} style={style} data-testid={testId}>
        {photos.map((p, n) => (
          <Image key={p.id} src={p.url} width={88} height={88} style={{ objectFit: 'cover', borderRadius: 6 }} alt={alt(p, n)} />
        ))}
      </Space>
    </Image.PreviewGroup>
  )
}
