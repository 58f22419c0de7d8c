// The StatRead server: the production build with its security headers, and the same-origin PACS proxy, on one
// Fastify instance. `npm start` runs it (cli.ts); the end-to-end tests serve their build with it; the Vite dev
// server borrows its proxy (vitePlugin.ts). Nothing is logged per request: PACS paths hold study UIDs.
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { PROXY_DEFAULTS, registerPacsProxy, type PacsProxyOptions } from './pacsProxy';
import { checkHost, pacsTarget } from './proxyPolicy';
import { registerSecurityHeaders } from './securityHeaders';
import { registerStaticSite } from './staticSite';

export interface ServerOptions {
  /** The build to serve; null serves the proxy only (the Vite dev server's /dicomweb). */
  distDir: string | null;
  /** $STATREAD_PACS_URL: the PACS's DICOMweb root (Orthanc's default when unset). */
  pacsUrl?: string;
  /** Host names (besides loopback and the listen address) this server answers to; DNS-rebinding defence. */
  allowedHosts?: string[];
  proxy?: Partial<Omit<PacsProxyOptions, 'target'>>;
}

export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

export async function createServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, trustProxy: false, bodyLimit: 1 << 20, return503OnClosing: true });
  const allowed = new Set([...LOOPBACK_HOSTS, ...(opts.allowedHosts ?? [])].map((h) => h.toLowerCase()));
  if (opts.distDir) await registerSecurityHeaders(app, resolve(opts.distDir));
  app.addHook('onRequest', async (req, reply) => {
    const host = checkHost(req.headers.host, allowed);
    if (!host.ok) return reply.code(host.status).header('Content-Type', 'text/plain; charset=utf-8').send(host.reason);
  });
  await registerPacsProxy(app, { target: pacsTarget(opts.pacsUrl), ...PROXY_DEFAULTS, ...opts.proxy });
  if (opts.distDir) await registerStaticSite(app, resolve(opts.distDir));
  return app;
}
