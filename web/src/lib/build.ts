/**
 * Which build of the app this page is, and whether the server now runs another one. The server
 * sends its build id on every API response (`x-xiaolan-build`) and writes it into the built page
 * (`<meta name="xiaolan-build">`); a difference, or a lazily loaded part of the app that can no
 * longer be fetched (an older build's chunks are gone), means this tab should reload. Without the
 * meta or the header (the dev server) nothing is ever reported.
 */
import { useSyncExternalStore } from 'react'

/** The page's own build, read once (none outside a browser). */
let pageBuild: string | null | undefined
function ownBuild(): string | null {
  if (pageBuild === undefined) {
    const meta = typeof document === 'undefined' ? null : document.querySelector<HTMLMetaElement>('meta[name="xiaolan-build"]')
    pageBuild = meta?.content || null
  }
  return pageBuild
}

let outdated = false
const listeners = new Set<() => void>()

function markOutdated() {
  if (outdated) return
  outdated = true
  for (const listener of listeners) listener()
}

/** Called with each API response's build header. */
export function noticeBuild(serverBuild: string | null) {
  const own = ownBuild()
  if (own && serverBuild && serverBuild !== own) markOutdated()
}

/** A lazily loaded chunk that failed to load: the build it belonged to is probably gone. */
export function noticeMissingChunk() {
  if (ownBuild()) markOutdated()
}

/** Whether the page is known to be older than the server's build, and how to hear when it becomes so. */
export const isOutdated = () => outdated
export function onOutdated(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** True once the page is known to be older than the server's build. */
export const useOutdated = (): boolean => useSyncExternalStore(onOutdated, isOutdated)
