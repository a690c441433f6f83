/**
 * The grid app as an installable PWA that opens without a network: its manifest is linked and its
 * service worker (web/public/grid-sw.js, scope /grid only) registered when a grid page opens —
 * never elsewhere, so no other area goes through a worker. The worker only starts controlling the
 * page after it loaded, so the page hands it the build assets it already fetched to keep.
 */
import { useEffect, useState } from 'react'

const WORKER = '/grid-sw.js'
const MANIFEST = '/grid.webmanifest'

function linkManifest() {
  if (document.querySelector(`link[rel="manifest"][href="${MANIFEST}"]`)) return
  const link = document.createElement('link')
  link.rel = 'manifest'
  link.href = MANIFEST
  document.head.append(link)
}

/** The build assets this page loaded (scripts, styles, the icon), to keep for offline. */
function loadedAssets(): string[] {
  const urls = performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name))
    .filter((u) => u.origin === location.origin && (u.pathname.startsWith('/assets/') || u.pathname === '/favicon.svg'))
    .map((u) => u.pathname)
  return [...new Set(urls)]
}

async function register(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false
  await navigator.serviceWorker.register(WORKER, { scope: '/grid' })
  const ready = await navigator.serviceWorker.ready
  const worker = ready.active
  if (!worker) return false
  const answer = await new Promise<{ cached?: number; error?: string }>((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = (e) => resolve(e.data)
    worker.postMessage({ cache: loadedAssets() }, [channel.port2])
  })
  return answer.error === undefined
}

let registered: Promise<boolean> | null = null

/** Links the manifest and registers the worker once per page; true once the shell is kept for offline. */
export function useGridPwa(): boolean {
  const [ready, setReady] = useState(false)
  useEffect(() => {
    linkManifest()
    registered ??= register().catch(() => false)
    let live = true
    void registered.then((ok) => live && setReady(ok))
    return () => {
      live = false
    }
  }, [])
  return ready
}
