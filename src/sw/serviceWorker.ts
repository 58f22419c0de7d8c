// StatRead's service worker (works offline after the first visit). Built by
// scripts/vite/serviceWorker.ts, which strips the types and defines the two constants below: the list of
// every file of the build (app shell, JS chunks including the decode and inference workers, wasm, CSS)
// plus public/ (the models: index.json, manifest, model.json, weight shards, model card), and a version
// that is a hash of all their contents, so any new build installs a new cache and drops the old one.
//
// Only those files are ever cached. Nothing the user opens (files are read locally anyway) and no
// request outside the list (e.g. a DICOMweb server behind the same origin) goes into the cache.
declare const self: ServiceWorkerGlobalScope;
declare const __SW_PRECACHE__: string[];
declare const __SW_VERSION__: string;

const CACHE = `statread-app-${__SW_VERSION__}`;
const PREFIX = 'statread-app-';
const scope = new URL(self.registration.scope);
const urls = __SW_PRECACHE__.map((p) => new URL(p, scope).href);
const precached = new Set(urls);
const INDEX = new URL('index.html', scope).href;

/** Files with a content hash in their name (assets/) never change: cache first. Everything else
 * (index.html, models/) keeps its name across builds: network first, the cache when offline. */
function isImmutable(url: string): boolean {
  return url.startsWith(new URL('assets/', scope).href);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // cache: 'reload' skips the HTTP cache, so the SW stores what this build's server really holds.
      await cache.addAll(urls.map((u) => new Request(u, { cache: 'reload' })));
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    })(),
  );
});

async function networkFirst(request: Request, cacheKey: string): Promise<Response> {
  try {
    const res = await fetch(request);
    if (res.ok || res.type === 'opaqueredirect') return res;
    const hit = await caches.match(cacheKey, { cacheName: CACHE });
    return hit ?? res;
  } catch (err) {
    const hit = await caches.match(cacheKey, { cacheName: CACHE });
    if (hit) return hit;
    throw err;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const hit = await caches.match(request.url, { cacheName: CACHE });
  return hit ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== scope.origin) return;
  const bare = url.origin + url.pathname;
  if (req.mode === 'navigate' && (bare === scope.href || bare === INDEX)) {
    // The app itself (any query, e.g. ?backend=wasm) is index.html.
    event.respondWith(networkFirst(req, INDEX));
    return;
  }
  if (!precached.has(bare)) return;
  event.respondWith(isImmutable(bare) ? cacheFirst(req) : networkFirst(req, bare));
});

self.addEventListener('message', (event) => {
  // Lets the page (and the offline test) ask whether every file of this build is in the cache.
  if (event.data?.type !== 'statread:sw-status') return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const keys = new Set((await cache.keys()).map((r) => r.url));
      const missing = urls.filter((u) => !keys.has(u));
      event.ports[0]?.postMessage({ version: __SW_VERSION__, cache: CACHE, files: urls.length, missing });
    })(),
  );
});

export {};
