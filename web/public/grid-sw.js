/**
 * The grid app's service worker (registered by web/src/grid/pwa.ts with the scope /grid only, so
 * no other page of the app goes through it). It keeps the grid pages' shell for when the network
 * is gone:
 *  - a /grid page is network-first: the server's answer (its style nonce in the page and in its
 *    policy together) is kept, and served only when the network fails;
 *  - Vite's hashed build assets (/assets/…) are cache-first, since they never change under their
 *    name; the page posts the assets it loaded before this worker controlled it (`cache` message);
 *  - nothing else is touched: /api is never cached or answered here.
 */
const CACHE = 'xiaolan-grid-v1'
const SHELL = '/grid'

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.add(SHELL))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('xiaolan-grid-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

const isAsset = (url) => url.origin === self.location.origin && (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg')
const isShell = (url) => url.origin === self.location.origin && (url.pathname === SHELL || url.pathname.startsWith(`${SHELL}/`))

self.addEventListener('message', (event) => {
  const urls = (event.data?.cache ?? []).filter((u) => typeof u === 'string' && isAsset(new URL(u, self.location.origin)))
  const port = event.ports[0]
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => Promise.all(urls.map((u) => cache.match(u).then((hit) => hit || cache.add(u)))))
      .then(
        () => port?.postMessage({ cached: urls.length }),
        (e) => port?.postMessage({ error: String(e) }),
      ),
  )
})

self.addEventListener('fetch', (event) => {
  const { request } = event
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.pathname.startsWith('/api/')) return
  if (request.mode === 'navigate' && isShell(url)) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone()
            void caches.open(CACHE).then((cache) => cache.put(SHELL, copy))
          }
          return response
        })
        .catch(() => caches.match(SHELL).then((hit) => hit || Response.error())),
    )
    return
  }
  if (isAsset(url)) {
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone()
              void caches.open(CACHE).then((cache) => cache.put(request, copy))
            }
            return response
          }),
      ),
    )
  }
})
