// The built app (dist/) as static files with @fastify/static. Hashed assets are cached for good; index.html, the
// service worker and the model files are revalidated on each load, so a new build is picked up at once.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Vite names emitted assets <name>-<8+ char hash>.<ext> under assets/. */
const HASHED = /\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export async function registerStaticSite(app: FastifyInstance, distDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: distDir,
    index: ['index.html'],
    // Dotfiles (the build stamp) are never served.
    dotfiles: 'ignore',
    serveDotFiles: false,
    // Only GET; HEAD follows it.
    wildcard: true,
    cacheControl: false,
    setHeaders(res, path) {
      res.setHeader('Cache-Control', HASHED.test(path.replace(/\\/g, '/')) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
