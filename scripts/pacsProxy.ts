// The same-origin DICOMweb path of the Vite dev and preview servers: /dicomweb/* -> $STATREAD_PACS_URL/* (default
// http://127.0.0.1:8042/dicom-web, Orthanc's DICOMweb root; a URL without a path gets /dicom-web). The browser then
// talks to its own origin only: no CORS set-up, and the CSP's connect-src 'self' holds. See docs/pacs.md.
import type { ProxyOptions } from 'vite';

export const PACS_PROXY_PATH = '/dicomweb';

/** The DICOMweb root the proxy forwards to. */
export function pacsTarget(env: Record<string, string | undefined> = process.env): URL {
  const raw = env.STATREAD_PACS_URL?.trim() || 'http://127.0.0.1:8042';
  const u = new URL(raw);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/dicom-web';
  u.pathname = u.pathname.replace(/\/+$/, '');
  return u;
}

export function pacsProxy(env: Record<string, string | undefined> = process.env): Record<string, ProxyOptions> {
  const target = pacsTarget(env);
  const prefix = target.pathname;
  return {
    [`^${PACS_PROXY_PATH}(/|$)`]: {
      target: target.origin,
      changeOrigin: true,
      rewrite: (path) => prefix + path.slice(PACS_PROXY_PATH.length),
      configure: (proxy) => {
        proxy.on('proxyRes', (res) => {
          // The browser would answer a 401 with its own login dialog; StatRead shows its own message instead.
          const challenge = res.headers['www-authenticate'];
          if (challenge) {
            delete res.headers['www-authenticate'];
            res.headers['x-statread-www-authenticate'] = challenge;
          }
        });
        proxy.on('error', (err, _req, res) => {
          // Say why (e.g. ECONNREFUSED: nothing listens at the target); the client shows it. Runs before Vite's
          // own handler, which then sees the answer sent.
          if (!('writeHead' in res) || res.headersSent || res.writableEnded) return;
          const code = (err as NodeJS.ErrnoException).code ?? err.name;
          res.writeHead(502, { 'Content-Type': 'text/plain', 'X-StatRead-Proxy-Error': `${code} (${target.origin})` });
          res.end(`StatRead proxy: could not reach the PACS at ${target.origin}${prefix} (${code})`);
        });
      },
    },
  };
}
