// The PACS behind the same-origin proxy is down or hangs: real failures, no mocks. The spec serves the built app
// with two more StatRead servers (server/createServer.ts) whose /dicomweb proxy points at (1) a port where nothing listens and
// (2) a socket that accepts connections and never answers. The messages name the cause, retries happen, and the
// image already open stays open.
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import type { FastifyInstance } from 'fastify';
import { createServer } from '../server/createServer';
import { StatReadPage } from './support/statreadPage';
import { dataPath, IN_CI, missingDataReason } from '../test-support/sharedData';
import { PacsDialog } from './support/orthancPacsPage';

// The build the e2e server serves (playwright.config.ts builds dist/; set STATREAD_E2E_DIST when serving another).
const DIST = resolve(process.env.STATREAD_E2E_DIST ?? 'dist');

async function freePort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function servePreview(pacsUrl: string): Promise<{ server: FastifyInstance; url: string }> {
  const port = await freePort();
  const server = await createServer({ distDir: DIST, pacsUrl });
  await server.listen({ host: '127.0.0.1', port });
  return { server, url: `http://127.0.0.1:${port}/` };
}

let blackHole: Server;
const held: Socket[] = [];
let down: { server: FastifyInstance; url: string };
let hanging: { server: FastifyInstance; url: string };
let skip: string | null = null;

test.beforeAll(async () => {
  skip = missingDataReason('dicom-cxr');
  if (!skip && !existsSync(resolve(DIST, 'index.html'))) {
    skip = `no build at ${DIST} (playwright.config.ts builds dist/; set STATREAD_E2E_DIST)`;
    if (IN_CI) throw new Error(skip);
  }
  if (skip) return;
  blackHole = createTcpServer((sock) => held.push(sock)); // accepts, never answers
  await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', r));
  const deadPort = await freePort(); // closed again at once: nothing listens there
  down = await servePreview(`http://127.0.0.1:${deadPort}/dicom-web`);
  hanging = await servePreview(`http://127.0.0.1:${(blackHole.address() as { port: number }).port}/dicom-web`);
});

test.afterAll(async () => {
  await down?.server.close();
  await hanging?.server.close();
  for (const s of held) s.destroy();
  await new Promise<void>((r) => (blackHole ? blackHole.close(() => r()) : r()));
});

test('PACS down behind the proxy: 502 with the cause, retried, the open image stays', async ({ page }) => {
  test.skip(skip !== null, skip ?? '');
  await page.goto(down.url);
  const app = new StatReadPage(page);
  await app.openFiles([dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm')]);
  await expect(app.viewport).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  let requests = 0;
  page.on('request', (r) => {
    if (r.url().includes('/dicomweb/studies')) requests++;
  });
  const pacs = new PacsDialog(page);
  await pacs.search({ patientName: 'anyone' });
  await expect(pacs.error).toContainText('is not answering (502');
  await expect(pacs.error).toContainText('the StatRead proxy could not reach the PACS: ECONNREFUSED');
  expect(requests).toBe(3); // first try + 2 automatic retries
  await expect(pacs.error.getByRole('button', { name: 'Retry' })).toBeVisible();
  await pacs.close();
  await expect(app.viewport).toHaveAttribute('data-state', 'ready');
  await expect(app.seriesItems).toHaveCount(1);
});

test('a PACS that accepts but never answers times out with the configured timeout', async ({ page }) => {
  test.skip(skip !== null, skip ?? '');
  await page.goto(hanging.url);
  const app = new StatReadPage(page);
  await app.openFiles([dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm')]);
  const pacs = new PacsDialog(page);
  await pacs.tab('Servers');
  const form = pacs.dialog.getByRole('form', { name: 'Server settings' });
  await form.getByLabel('Name', { exact: true }).fill('Hanging PACS');
  await form.getByLabel('Base URL', { exact: true }).fill('./dicomweb');
  await form.getByLabel('Timeout (s)', { exact: true }).fill('1');
  await form.getByRole('button', { name: 'Add server' }).click();
  await pacs.dialog.getByRole('radio', { name: 'Use Hanging PACS' }).check();
  await pacs.search({ patientName: 'anyone' });
  await expect(pacs.error).toContainText('PACS "Hanging PACS" did not answer the study search within 1 s');
  await expect(pacs.error.getByRole('button', { name: 'Retry' })).toBeVisible();
  await pacs.close();
  await expect(app.viewport).toHaveAttribute('data-state', 'ready');
});
