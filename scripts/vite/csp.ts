// Content-Security-Policy of the built site. One list of directives, delivered two ways:
// - a <meta http-equiv> that this plugin injects into dist/index.html at build time only (any static host
//   then enforces it for the page; the dev server is left alone because React Refresh needs an inline
//   preamble script there);
// - HTTP headers from `vite preview` (vite.config.ts `preview.headers`), which add what a <meta> cannot
//   carry (frame-ancestors) and put the app's own workers and service worker under the policy too: a
//   worker loaded from a URL gets its policy from its own response headers, not from the page's <meta>.
// Why each source is there: docs/security.md.
import type { Plugin } from 'vite';

/**
 * Extra origins the app may connect to, from STATREAD_CSP_CONNECT_SRC at build time (space-separated), e.g. a
 * DICOMweb server that is not reached through the same-origin proxy: `STATREAD_CSP_CONNECT_SRC=https://pacs.example.org`.
 * Only plain origins are accepted (no wildcards, paths or schemes other than http/https).
 */
export function extraConnectOrigins(value = process.env.STATREAD_CSP_CONNECT_SRC ?? ''): string[] {
  const out: string[] = [];
  for (const item of value.split(/\s+/).filter(Boolean)) {
    let u: URL;
    try {
      u = new URL(item);
    } catch {
      throw new Error(`STATREAD_CSP_CONNECT_SRC: "${item}" is not a URL`);
    }
    if (!/^https?:$/.test(u.protocol) || item.includes('*') || u.origin !== item.replace(/\/$/, '')) {
      throw new Error(`STATREAD_CSP_CONNECT_SRC: "${item}" must be a plain http(s) origin like https://pacs.example.org`);
    }
    out.push(u.origin);
  }
  return out;
}

/** Directives valid in a <meta> policy. */
export const CSP_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  // Module scripts from the site only; 'wasm-unsafe-eval' lets WebAssembly compile (tfjs-backend-wasm,
  // Cornerstone's codecs) without allowing eval() or new Function() of JavaScript.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // Cornerstone's decode worker, the inference worker and the service worker are files of the site.
  'worker-src': ["'self'"],
  // Model files and the app's own assets; a DICOMweb server is reached through the same origin's proxy.
  'connect-src': ["'self'", ...extraConnectOrigins()],
  // blob: for Cornerstone Tools' mouse cursors: SVGMouseCursor builds each cursor as an SVG Blob and sets
  // `cursor: url(blob:...)` (found by the CSP e2e test: the only violation with img-src 'self'). No data:.
  'img-src': ["'self'", 'blob:'],
  // The app's stylesheet; React and Cornerstone set element.style through the CSSOM, which CSP allows.
  'style-src': ["'self'"],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'none'"],
  'manifest-src': ["'self'"],
  'media-src': ["'none'"],
  'frame-src': ["'none'"],
};

/** Directives that only work as an HTTP header (a <meta> policy ignores them with a console warning). */
export const CSP_HEADER_ONLY: Record<string, string[]> = {
  'frame-ancestors': ["'none'"],
};

export function serializeCsp(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

export const CSP_META = serializeCsp(CSP_DIRECTIVES);
export const CSP_HEADER = serializeCsp({ ...CSP_DIRECTIVES, ...CSP_HEADER_ONLY });

/** Headers `vite preview` sends with every response (the policy plus the usual hardening headers). */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** Injects the <meta http-equiv="Content-Security-Policy"> first in <head> of the built index.html. */
export function cspMeta(): Plugin {
  return {
    name: 'statread:csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        if (/http-equiv=["']?content-security-policy/i.test(html)) {
          throw new Error('csp-meta: index.html already has a CSP <meta>; keep one source of truth in scripts/vite/csp.ts');
        }
        return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META }, injectTo: 'head-prepend' }];
      },
    },
  };
}
