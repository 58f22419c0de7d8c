// A plain HTTP proxy in front of the e2e server (the built app served by the StatRead server), on its own port.
// The offline test visits the app through it, then closes it: after that nothing answers on that origin,
// which is an honest "network cut" for a page and its service worker (no Playwright routing involved).
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalProxy {
  origin: string;
  /** Paths requested through the proxy, in order. */
  requests: string[];
  /** When set, a response whose path it returns a function for is buffered and rewritten by it. */
  rewrite: ((path: string) => ((body: string) => string) | null) | null;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<LocalProxy> {
  const to = new URL(target);
  const requests: string[] = [];
  const self: { rewrite: LocalProxy['rewrite'] } = { rewrite: null };
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    // Plain bodies, and no 304s: the proxy may rewrite a body, so the browser must always get it whole.
    const headers = { ...req.headers, host: to.host, 'accept-encoding': 'identity' };
    delete headers['if-none-match'];
    delete headers['if-modified-since'];
    const up = httpRequest({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers }, (upRes) => {
      const edit = self.rewrite?.(req.url ?? '') ?? null;
      if (!edit) {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      upRes.on('data', (c: Buffer) => chunks.push(c));
      upRes.on('end', () => {
        const body = Buffer.from(edit(Buffer.concat(chunks).toString('utf8')), 'utf8');
        const headers = { ...upRes.headers, 'content-length': String(body.length) };
        delete headers.etag;
        delete headers['last-modified'];
        res.writeHead(upRes.statusCode ?? 502, headers);
        res.end(body);
      });
    });
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    get rewrite() {
      return self.rewrite;
    },
    set rewrite(fn) {
      self.rewrite = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
