// Registers dist/sw.js (production builds only: src/main.tsx checks import.meta.env.PROD). The worker
// caches the app and the default model so StatRead opens and scores offline after the first visit.
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const register = () => {
    navigator.serviceWorker.register(new URL('sw.js', document.baseURI), { scope: './' }).catch((err: unknown) => {
      console.warn(`StatRead: offline support unavailable (service worker not registered: ${err instanceof Error ? err.message : String(err)})`);
    });
  };
  // After load, so installing (downloading every file of the build once) does not compete with the first paint.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
