/*
 * Service worker of the field form (scope /field): keeps the form and its assets so the
 * page opens with no network. The form and its assets are fetched network-first (a fresh form
 * and CSRF token when online, the cached copy offline). API calls are never
 * cached: field.js queues submissions in IndexedDB itself.
 */
const CACHE = "truce-field-v1";
const ASSETS = ["/field", "/static/app.css", "/static/field.js"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  const page = event.request.mode === "navigate";
  if (!page && !ASSETS.includes(url.pathname)) return;
  // Network first, so an update reaches the device when it is online; the cache offline.
  event.respondWith(
    fetch(event.request)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(url.pathname, copy));
        }
        return res;
      })
      .catch(() => caches.match(url.pathname).then((hit) => hit || caches.match("/field")))
  );
});
