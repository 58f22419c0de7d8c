// The StatRead server end to end in Node: a real upstream PACS stand-in (node:http) records what reaches it, the
// server answers through Fastify's inject. Each attack of the security review is refused before anything reaches
// the PACS; the app's own DICOMweb traffic passes with only the headers it needs.
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createServer } from './createServer';

type Handler = (req: IncomingMessage, body: Buffer, res: import('node:http').ServerResponse) => void;

interface Upstream {
  url: string;
  seen: { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }[];
  handler: Handler;
  close(): Promise<void>;
}

async function upstream(): Promise<Upstream> {
  const self: Upstream = {
    url: '',
    seen: [],
    handler: (_q, _b, res) => res.end('{}'),
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      self.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      self.handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  self.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return self;
}

const META = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";
let pacs: Upstream;
let elsewhere: Upstream;
let app: FastifyInstance;
let dist: string;
const same = { host: '127.0.0.1:5173', 'sec-fetch-site': 'same-origin' };

beforeAll(async () => {
  pacs = await upstream();
  elsewhere = await upstream();
  dist = mkdtempSync(join(tmpdir(), 'statread-dist-'));
  writeFileSync(join(dist, 'index.html'), `<!doctype html><head><meta http-equiv="Content-Security-Policy" content="${META}"></head>`);
  writeFileSync(join(dist, '.statread-build.json'), '{}');
  app = await createServer({
    distDir: dist,
    pacsUrl: `${pacs.url}/dicom-web`,
    proxy: { maxRequestBytes: 1000, maxResponseBytes: 5000, upstreamTimeoutMs: 500 },
  });
});

afterAll(async () => {
  await app.close();
  await pacs.close();
  await elsewhere.close();
  rmSync(dist, { recursive: true, force: true });
});

const reset = () => {
  pacs.seen.length = 0;
  elsewhere.seen.length = 0;
  pacs.handler = (_q, _b, res) => res.end('{}');
};

describe('static site', () => {
  it('serves the build with the CSP of its <meta> plus frame-ancestors, and the hardening headers', async () => {
    const res = await app.inject({ url: '/', headers: { host: '127.0.0.1:5173' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe("default-src 'self';script-src 'self' 'wasm-unsafe-eval';connect-src 'self';frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['permissions-policy']).toMatch(/camera=\(\)/);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
  it('never serves the build stamp or other dotfiles', async () => {
    expect((await app.inject({ url: '/.statread-build.json', headers: { host: '127.0.0.1' } })).statusCode).toBe(404);
  });
  it('refuses a Host it does not serve (DNS rebinding)', async () => {
    expect((await app.inject({ url: '/', headers: { host: 'evil.example:5173' } })).statusCode).toBe(403);
  });
});

describe('PACS proxy', () => {
  it('forwards a QIDO search onto the DICOMweb root with only the headers it needs', async () => {
    reset();
    pacs.handler = (_q, _b, res) => {
      res.setHeader('Set-Cookie', 'orthanc=1');
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Content-Type', 'application/dicom+json');
      res.end('[]');
    };
    const res = await app.inject({
      url: '/dicomweb/studies?PatientName=DOE*&limit=5',
      headers: {
        ...same,
        accept: 'application/dicom+json',
        authorization: 'Basic eDp5',
        cookie: 'a=1',
        'proxy-authorization': 'Basic z',
        'x-forwarded-for': '9.9.9.9',
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('[]');
    expect(pacs.seen).toHaveLength(1);
    expect(pacs.seen[0].url).toBe('/dicom-web/studies?PatientName=DOE*&limit=5');
    const h = pacs.seen[0].headers;
    expect(h.authorization).toBe('Basic eDp5');
    expect(h.cookie).toBeUndefined();
    expect(h['proxy-authorization']).toBeUndefined();
    expect(h['x-forwarded-for']).toBeUndefined();
    expect(h.origin).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('refuses another origin, other methods and paths outside the DICOMweb root before the PACS sees them', async () => {
    reset();
    const cases: [InjectOptions, number][] = [
      [{ url: '/dicomweb/studies', headers: { host: '127.0.0.1:5173', 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:4173' } }, 403],
      [{ url: '/dicomweb/studies', headers: { host: '127.0.0.1:5173', origin: 'http://localhost:4173' } }, 403],
      [{ method: 'PUT', url: '/dicomweb/studies', headers: same, payload: 'x' }, 405],
      [{ method: 'DELETE', url: '/dicomweb/studies/1.2.3', headers: same }, 405],
      [{ method: 'OPTIONS', url: '/dicomweb/studies', headers: { ...same, 'access-control-request-method': 'DELETE' } }, 405],
      [{ method: 'HEAD', url: '/dicomweb/studies', headers: same }, 405],
      [{ method: 'POST', url: '/dicomweb/studies/1.2/series', headers: { ...same, 'content-type': 'application/dicom' }, payload: 'x' }, 405],
      [{ url: '/dicomweb/studies/..%2F..%2Ftools', headers: same }, 400],
    ];
    for (const [req, status] of cases) {
      const res = await app.inject(req);
      expect(res.statusCode, JSON.stringify(req)).toBe(status);
      expect(res.headers['x-statread-proxy-error']).toBeTruthy();
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(pacs.seen).toEqual([]);
  });

  it('holds raw paths under the DICOMweb root (sent byte for byte over a socket, as curl --path-as-is does)', async () => {
    reset();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    for (const path of ['/dicomweb/%2e%2e/tools/reset', '/dicomweb/../tools/reset', '/dicomweb/studies/%2e%2e/%2e%2e/system']) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, headers: same }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status, path).toBe(400);
    }
    expect(pacs.seen).toEqual([]);
  });

  it('stores (STOW) with the body whole, and refuses a body over the cap with 413', async () => {
    reset();
    const ok = await app.inject({
      method: 'POST',
      url: '/dicomweb/studies',
      headers: { ...same, 'content-type': 'multipart/related; type="application/dicom"' },
      payload: Buffer.alloc(900, 7),
    });
    expect(ok.statusCode).toBe(200);
    expect(pacs.seen[0].method).toBe('POST');
    expect(pacs.seen[0].body.length).toBe(900);
    const big = await app.inject({
      method: 'POST',
      url: '/dicomweb/studies',
      headers: { ...same, 'content-type': 'application/dicom' },
      payload: Buffer.alloc(1001),
    });
    expect(big.statusCode).toBe(413);
    expect(pacs.seen).toHaveLength(1);
  });

  it('refuses a redirect with a message and sends nothing to where it points', async () => {
    reset();
    pacs.handler = (_q, _b, res) => {
      res.writeHead(302, { Location: `${elsewhere.url}/dicom-web/studies` });
      res.end();
    };
    const res = await app.inject({ url: '/dicomweb/studies', headers: same });
    expect(res.statusCode).toBe(502);
    expect(res.headers['x-statread-proxy-refused']).toBe('1');
    expect(res.headers['x-statread-proxy-error']).toContain(`redirect (302 to ${elsewhere.url})`);
    expect(res.headers.location).toBeUndefined();
    expect(elsewhere.seen).toEqual([]);
  });

  it('caps the answer: a declared length over the cap is refused, a longer chunked body is cut', async () => {
    reset();
    pacs.handler = (_q, _b, res) => res.end(Buffer.alloc(6000));
    const declared = await app.inject({ url: '/dicomweb/studies', headers: same });
    expect(declared.statusCode).toBe(502);
    expect(declared.headers['x-statread-proxy-error']).toMatch(/6000 bytes, over the proxy's limit of 5000/);
    pacs.handler = (_q, _b, res) => {
      res.write(Buffer.alloc(3000));
      setTimeout(() => res.end(Buffer.alloc(3000)), 20);
    };
    const chunked = await app.inject({ url: '/dicomweb/studies', headers: same }).catch((e: Error) => e);
    expect(chunked instanceof Error || chunked.rawPayload.length <= 5000).toBe(true);
  });

  it('gives up on a silent PACS after the upstream timeout, naming it', async () => {
    reset();
    pacs.handler = () => {}; // never answers
    const res = await app.inject({ url: '/dicomweb/studies', headers: same });
    expect(res.statusCode).toBe(504);
    expect(res.headers['x-statread-proxy-refused']).toBeUndefined();
    expect(res.headers['x-statread-proxy-error']).toBe(`no answer within 1 s (${pacs.url})`);
  });

  it('answers an unreachable PACS with 502 and the cause', async () => {
    const down = await createServer({ distDir: null, pacsUrl: 'http://127.0.0.1:1/dicom-web' });
    const res = await down.inject({ url: '/dicomweb/studies', headers: same });
    await down.close();
    expect(res.statusCode).toBe(502);
    expect(res.headers['x-statread-proxy-error']).toBe('ECONNREFUSED (http://127.0.0.1:1)');
  });

  it('renames the PACS login challenge so the browser shows no dialog of its own', async () => {
    reset();
    pacs.handler = (_q, _b, res) => {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Orthanc"' });
      res.end();
    };
    const res = await app.inject({ url: '/dicomweb/studies', headers: same });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(res.headers['x-statread-www-authenticate']).toBe('Basic realm="Orthanc"');
  });
});
