// The Vite dev server (`npm run dev`) and `vite preview` (the benchmarks) use the StatRead server's PACS proxy for
// /dicomweb, so there is one proxy with one set of rules (pacsProxy.ts), whichever server the page came from.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Connect, Plugin } from 'vite';
import { createServer } from './createServer';
import { PACS_PROXY_PATH } from './proxyPolicy';

async function proxyMiddleware(): Promise<Connect.NextHandleFunction> {
  const app = await createServer({ distDir: null, pacsUrl: process.env.STATREAD_PACS_URL, allowedHosts: ['127.0.0.1', 'localhost'] });
  await app.ready();
  return (req: IncomingMessage, res: ServerResponse, next: Connect.NextFunction) => {
    const url = req.url ?? '';
    if (url === PACS_PROXY_PATH || url.startsWith(`${PACS_PROXY_PATH}/`) || url.startsWith(`${PACS_PROXY_PATH}?`)) app.routing(req, res);
    else next();
  };
}

export function statreadPacsProxy(): Plugin {
  return {
    name: 'statread:pacs-proxy',
    async configureServer(server) {
      server.middlewares.use(await proxyMiddleware());
    },
    async configurePreviewServer(server) {
      server.middlewares.use(await proxyMiddleware());
    },
  };
}
