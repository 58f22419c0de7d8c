// Works offline after the first visit. The production build registers dist/sw.js (src/sw), which
// precaches every file of the build and the default model. First visit through a local proxy; once the
// service worker is active with every file cached, the browser's own model caches are emptied (so the model
// must come from the service worker), the proxy is closed and the context set offline; the reload then opens
// the app, loads the model and scores a chest radiograph with no server at all.
import { test, expect } from '@playwright/test';
import { AiPanel, hasShippedModel, openAndShow, type AiWindow } from './support/aiPanel';
import { StatReadPage } from './support/statreadPage';
import { showAHeatmap } from './support/findingsRows';
import { startProxy } from './support/localProxy';
import { RequestRecorder, allowedOrigins, foreignRequests } from './support/privacy';
import { CspWatch } from './support/cspWatch';
import { dataPath, missingDataReason } from '../test-support/sharedData';

test.use({ serviceWorkers: 'allow' });

interface SwStatus {
  version: string;
  cache: string;
  files: number;
  missing: string[];
}

test('after one visit the app opens, loads the model and scores an image with the network cut', async ({ page, context, baseURL }) => {
  test.setTimeout(240_000);
  const skip = missingDataReason('dicom-cxr');
  test.skip(skip !== null, skip ?? '');
  test.skip(!hasShippedModel(), 'the build holds no model (public/models is incomplete)');
  const proxy = await startProxy(baseURL!);
  const rec = await RequestRecorder.attach(context, page);
  const csp = await CspWatch.attach(context);
  csp.watch(page);
  try {
    await page.goto(`${proxy.origin}/?backend=wasm`);
    await page.waitForFunction(() => !!(window as unknown as AiWindow).__statread);
    // Wait until the service worker is active, then ask it what it holds.
    const status = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return new Promise<SwStatus>((resolve) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = (e) => resolve(e.data as SwStatus);
        reg.active!.postMessage({ type: 'statread:sw-status' }, [ch.port2]);
      });
    });
    expect(status.missing).toEqual([]);
    const swSource = await (await page.request.get(`${proxy.origin}/sw.js`)).text();
    const precache = JSON.parse(/const __SW_PRECACHE__ = (\[.*\]);/.exec(swSource)![1]) as string[];
    expect(status.files).toBe(precache.length);
    // The app shell, its worker chunks, wasm and the default model are all in the list.
    for (const re of [
      /^index\.html$/,
      /^assets\/index-.*\.js$/,
      /^assets\/decodeImageFrameWorker-.*\.js$/,
      /^assets\/worker-.*\.js$/,
      /^assets\/tfjs-backend-wasm-simd-.*\.wasm$/,
      /^assets\/openjpegwasm_decode-.*\.wasm$/,
      /^models\/index\.json$/,
      /\/manifest\.json$/,
      /\/model\.json$/,
      /\.bin$/,
      /MODEL_CARD\.md$/,
    ]) {
      expect(
        precache.some((p) => re.test(p)),
        `precached: ${re}`,
      ).toBe(true);
    }
    // The cache is named by the build's hash, and it is the only StatRead app cache.
    expect(status.cache).toBe(`statread-app-${status.version}`);
    expect(status.version).toMatch(/^[0-9a-f]{16}$/);
    expect((await page.evaluate(() => caches.keys())).filter((k) => k.startsWith('statread-app-'))).toEqual([status.cache]);

    // Forget the model everywhere but the service worker: IndexedDB (tfjs) and the model-store's JSON cache.
    await page.evaluate(async () => {
      for (const db of await indexedDB.databases()) if (db.name) indexedDB.deleteDatabase(db.name);
      for (const k of await caches.keys()) if (!k.startsWith('statread-app-')) await caches.delete(k);
    });

    // Cut the network: the server is gone and the browser is offline.
    await proxy.close();
    await context.setOffline(true);
    const served = proxy.requests.length;

    await page.reload();
    await page.waitForFunction(() => !!(window as unknown as AiWindow).__statread && !!(window as unknown as AiWindow).__statreadAi);
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller), 'page controlled by the service worker').toBe(true);
    const app = new StatReadPage(page);
    const ai = new AiPanel(page);
    await expect(app.viewport).toHaveAttribute('data-state', 'empty');
    await ai.waitForModel();
    const name = await openAndShow(app, dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm'));
    const snap = await ai.waitForResult(name);
    expect(snap.state, snap.reason).toBe('done');
    // Not from IndexedDB (emptied above): fetched, and only the service worker could answer.
    expect(snap.model?.source).toBe('network');
    await expect(ai.rows.first()).toBeVisible();
    // The default map (a finding above its operating point), else one the reader asks for: drawn offline either way.
    await showAHeatmap(ai);
    expect(await ai.heatmapBox(), 'heatmap drawn offline').not.toBeNull();
    // The model card (linked from the AI panel) opens offline too, as itself, not as the app.
    const cardPath = precache.find((p) => /MODEL_CARD\.md$/.test(p))!;
    const card = await context.newPage();
    const cardRes = await card.goto(`${proxy.origin}/${cardPath}`);
    expect(cardRes?.ok()).toBe(true);
    await expect(card.locator('body')).toContainText(/not for diagnostic use/i);
    await card.close();
    expect(proxy.requests.length, 'nothing reached the (closed) server').toBe(served);
    // Privacy with the service worker on: its precache requests were recorded, all to the app's own origin.
    expect(
      rec.requests.some((r) => r.via === 'service-worker' && /\/models\/.*\.bin$/.test(r.url)),
      'service worker fetched the model',
    ).toBe(true);
    expect(foreignRequests(rec.requests, allowedOrigins(proxy.origin))).toEqual([]);
    // And the policy holds with the service worker answering (cached responses keep their CSP headers).
    expect(await csp.all(page)).toEqual([]);
  } finally {
    await context.setOffline(false);
    await proxy.close().catch(() => undefined);
  }
});

test('a new build replaces the cache: the next service worker installs its own and deletes the old one', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const proxy = await startProxy(baseURL!);
  const status = () =>
    page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return new Promise<SwStatus>((resolve) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = (e) => resolve(e.data as SwStatus);
        reg.active!.postMessage({ type: 'statread:sw-status' }, [ch.port2]);
      });
    });
  try {
    await page.goto(`${proxy.origin}/?backend=wasm`);
    const first = await status();
    expect(first.missing).toEqual([]);
    // "Deploy" a build whose files hash differently: the proxy serves sw.js with another version.
    const next = 'f'.repeat(16) === first.version ? 'e'.repeat(16) : 'f'.repeat(16);
    proxy.rewrite = (path) =>
      path.split('?')[0] === '/sw.js' ? (body) => body.replace(`const __SW_VERSION__ = "${first.version}"`, `const __SW_VERSION__ = "${next}"`) : null;
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg!.update();
    });
    // This page was never controlled (no clients.claim), so the new worker activates once installed.
    await expect.poll(async () => (await status()).version, { timeout: 60_000 }).toBe(next);
    const second = await status();
    expect(second.missing).toEqual([]);
    await expect.poll(() => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('statread-app-')))).toEqual([`statread-app-${next}`]);
  } finally {
    await proxy.close();
  }
});
