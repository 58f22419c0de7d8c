// The PACS proxy trusts no one (docs/security.md), tested from a real browser and real sockets against the server
// that serves the app (the StatRead server, and in the "nginx" project the nginx deployment of docs/deploy.md):
// a page on another localhost port cannot read or write through it, other methods and paths outside the DICOMweb
// root are refused, and a redirecting PACS gives its message without anything leaving the origin.
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import type { FastifyInstance } from 'fastify';
import { createServer } from '../server/createServer';
import { IN_CI } from '../test-support/sharedData';
import { PacsDialog } from './support/orthancPacsPage';

const DIST = resolve(process.env.STATREAD_E2E_DIST ?? 'dist');

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const close = (server: Server) => new Promise<void>((r) => server.close(() => r()));

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request sent byte for byte (no URL normalisation on the way, like curl --path-as-is). */
function rawRequest(url: string, method = 'GET', headers: Record<string, string> = {}, body: Buffer | null = null, path?: string): Promise<RawAnswer> {
  const u = new URL(url);
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, path: path ?? `${u.pathname}${u.search}`, method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

test('a page on another localhost port can neither read nor write through the proxy (403, no CORS)', async ({ page, baseURL }) => {
  const other = createHttpServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end('<!doctype html><title>another local app</title>');
  });
  const otherOrigin = await listen(other);
  try {
    // Chromium does not report the status of a CORS-blocked or opaque answer to the page or to Playwright's events;
    // the DevTools protocol sees what came over the wire (status and headers), and what the browser really sent.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const sent = new Map<string, { method: string; url: string }>();
    const answers: { method: string; status: number; acao?: string; sentSite?: string }[] = [];
    const site = new Map<string, string>();
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.request.url.includes('/dicomweb/')) sent.set(e.requestId, { method: e.request.method, url: e.request.url });
    });
    cdp.on('Network.requestWillBeSentExtraInfo', (e) => site.set(e.requestId, String(e.headers['Sec-Fetch-Site'] ?? e.headers['sec-fetch-site'] ?? '')));
    cdp.on('Network.responseReceivedExtraInfo', (e) => {
      const req = sent.get(e.requestId);
      if (req) answers.push({ method: req.method, status: e.statusCode, acao: e.headers['access-control-allow-origin'], sentSite: site.get(e.requestId) });
    });
    await page.goto(`${otherOrigin}/`);
    const target = `${baseURL}/dicomweb/studies`;
    const outcome = await page.evaluate(async (url) => {
      try {
        const r = await fetch(url);
        return `read ${r.status} ${(await r.text()).slice(0, 40)}`;
      } catch {
        return 'read blocked';
      }
    }, target);
    // A "simple" cross-origin POST goes out without a preflight, and its answer is opaque to the page: only the
    // proxy itself can stop it reaching the PACS.
    await page.evaluate(
      (url) => fetch(url, { method: 'POST', mode: 'no-cors', body: 'x', headers: { 'Content-Type': 'text/plain' } }).catch(() => null),
      target,
    );
    expect(outcome).toBe('read blocked');
    await expect.poll(() => answers.length).toBe(2);
    expect(answers).toEqual([
      { method: 'GET', status: 403, acao: undefined, sentSite: 'same-site' },
      { method: 'POST', status: 403, acao: undefined, sentSite: 'same-site' },
    ]);
  } finally {
    await close(other);
  }
});

test('PUT, DELETE and paths outside the DICOMweb root are refused', async ({ request, baseURL }) => {
  for (const method of ['PUT', 'DELETE'] as const) {
    const res = await request.fetch('./dicomweb/studies/1.2.3', { method, data: 'x' });
    expect(res.status(), method).toBe(405);
  }
  // Orthanc's REST API (/system answers {"ApiVersion": ...}) sits one level above its DICOMweb root.
  for (const path of ['/dicomweb/%2e%2e/system', '/dicomweb/../system', '/dicomweb/studies/%2e%2e/%2e%2e/system', '/dicomweb/studies%2F..%2F..%2Fsystem']) {
    const res = await rawRequest(baseURL!, 'GET', {}, null, path);
    expect([400, 404], `${path} -> ${res.status}`).toContain(res.status);
    expect(res.body).not.toContain('ApiVersion');
  }
});

test.describe('a PACS that redirects', () => {
  let elsewhere: Server;
  let redirecting: Server;
  let app: FastifyInstance;
  let appUrl = '';
  let elsewhereHits = 0;

  test.beforeAll(async () => {
    // The StatRead server case; the nginx file refuses redirects the same way (docs/deploy.md) but points at Orthanc here.
    test.skip(test.info().project.name === 'nginx', 'redirects are tested against the StatRead server');
    if (!existsSync(resolve(DIST, 'index.html'))) {
      if (IN_CI) throw new Error(`no build at ${DIST}`);
      test.skip(true, `no build at ${DIST}`);
    }
    elsewhere = createHttpServer((_req, res) => {
      elsewhereHits++;
      res.end('[]');
    });
    const elsewhereUrl = await listen(elsewhere);
    redirecting = createHttpServer((req, res) => {
      res.writeHead(302, { Location: `${elsewhereUrl}${req.url}` });
      res.end();
    });
    const redirectUrl = await listen(redirecting);
    app = await createServer({ distDir: DIST, pacsUrl: `${redirectUrl}/dicom-web` });
    await app.listen({ host: '127.0.0.1', port: 0 });
    appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;
  });

  test.afterAll(async () => {
    await app?.close();
    if (redirecting) await close(redirecting);
    if (elsewhere) await close(elsewhere);
  });

  test('gives its message and sends nothing off the origin', async ({ page }) => {
    const origins = new Set<string>();
    page.on('request', (r) => origins.add(new URL(r.url()).origin));
    await page.goto(appUrl);
    const pacs = new PacsDialog(page);
    await pacs.search({ patientName: 'anyone' });
    await expect(pacs.error).toContainText('the StatRead proxy refused: the PACS answered with a redirect (302 to http://127.0.0.1:');
    await expect(pacs.error).toContainText('StatRead follows no redirects');
    expect(elsewhereHits).toBe(0);
    expect([...origins]).toEqual([new URL(appUrl).origin]);
  });
});
