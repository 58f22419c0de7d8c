// The security headers of every response the StatRead server sends (pages, assets, workers, the service worker and
// proxied PACS answers), set by @fastify/helmet. The Content-Security-Policy is the one the build put in
// dist/index.html's <meta> (scripts/vite/csp.ts), read back from the build being served, plus what only a header can
// carry (frame-ancestors): header and <meta> cannot drift apart, whichever build is served. docs/security.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

/** The CSP directives of the build's <meta http-equiv="Content-Security-Policy"> plus frame-ancestors 'none'. */
export function cspOfBuild(distDir: string): Record<string, string[]> {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const m = /<meta\s+http-equiv=["']?Content-Security-Policy["']?\s+content="([^"]+)"/i.exec(html);
  if (!m) throw new Error(`${join(distDir, 'index.html')} has no Content-Security-Policy <meta>: not a StatRead production build (run npm run build)`);
  const directives: Record<string, string[]> = {};
  for (const part of m[1].replace(/&#39;|&apos;/g, "'").split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives[name] = values;
  }
  directives['frame-ancestors'] = ["'none'"];
  return directives;
}

export async function registerSecurityHeaders(app: FastifyInstance, distDir: string): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: cspOfBuild(distDir) },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    // The app's workers and wasm are same-origin; no cross-origin isolation is needed (wasm runs single-threaded).
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: 'deny' },
    // Plain HTTP on loopback: HSTS belongs to the TLS reverse proxy in front (docs/deploy.md).
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('Permissions-Policy', PERMISSIONS_POLICY);
  });
}
