// A plain HTTP proxy in front of the e2e server (the built app served by `vite preview`), on its own port.
// The offline test visits the app through it, then closes it: after that nothing answers on that origin,
// which is an honest "network cut" for a page and its service worker (no Playwright routing involved).
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalProxy {
  origin: string;
  /** Paths requested through the proxy, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<LocalProxy> {
  const to = new URL(target);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const up = httpRequest(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
