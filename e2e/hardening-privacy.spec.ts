// Privacy: nothing leaves the page's own origin, the build carries no telemetry, and no patient
// detail reaches the console or an error text.
//
// 1. A full session (open files, open a folder, drop files, score, heatmap and another finding, Shift+H, the
//    tag browser, the worklist with CSV and JSON export, close a study, close all) records every request of
//    the page, its workers and service worker (e2e/support/privacy.ts) and fails on any other origin.
// 2. The built files name no analytics/telemetry endpoint and never call sendBeacon.
// 3. A DICOM whose Patient Name and ID are replaced by canaries is opened, shown (the name is on screen),
//    scored, exported and also opened broken (truncated): neither canary appears in any console message,
//    uncaught error, alert or export.
import { test, expect, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as dicomParserNs from 'dicom-parser';
import { openAndShow } from './support/aiPanel';
import { showFirstRowHeatmap } from './support/findingsRows';
import { Worklist } from './support/worklist';
import { RequestRecorder, allowedOrigins, foreignRequests } from './support/privacy';
import { fixtureDir } from './support/viewerFixtures';
import { dataPath, missingDataReason } from '../test-support/sharedData';

const dicomParser = (dicomParserNs as unknown as { default?: typeof dicomParserNs }).default ?? dicomParserNs;
const CR = dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm');
const PYD = 'dicom-conformance/pydicom-test-files';

function skipWithoutData(): void {
  const skip = missingDataReason('dicom-cxr') ?? missingDataReason('cxr-fullres') ?? missingDataReason(PYD);
  test.skip(skip !== null, skip ?? '');
}

async function exportVia(page: Page, name: 'Export CSV' | 'Export JSON'): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  const path = await download.path();
  return readFileSync(path, 'utf8');
}

test.describe('privacy', () => {
  test.describe.configure({ timeout: 240_000 });

  test('a full session contacts no origin but its own (page and workers; the service worker: hardening-offline)', async ({ page, context, baseURL }) => {
    skipWithoutData();
    const rec = await RequestRecorder.attach(context, page);
    const { app, ai, wl } = await Worklist.open(page);
    await ai.waitForModel();

    // Open files, then a folder, then a drop.
    const dicom = await openAndShow(app, CR);
    expect((await ai.waitForResult(dicom)).state).toBe('done');
    const folder = join(fixtureDir(), 'folder');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    copyFileSync(dataPath(PYD, 'CT_small.dcm'), join(folder, 'CT_small.dcm'));
    copyFileSync(dataPath('cxr-fullres', '00000001_000.png'), join(folder, 'sub', '00000001_000.png'));
    await app.openFolder(folder);
    await app.dropFiles([dataPath('cxr-fullres', '00000002_000.png')]);
    const png = await openAndShow(app, dataPath('cxr-fullres', '00000002_000.png'));
    expect((await ai.waitForResult(png)).state).toBe('done');
    // Heatmap: another finding, then Shift+H off and on.
    await showFirstRowHeatmap(ai);
    await ai.switchAndToggleHeatmap(app);
    await app.shortcut('t');
    await expect(page.getByRole('dialog')).toBeVisible();
    await app.shortcut('Escape');

    // Worklist: everything scored, then both exports (downloads are made in the page, not sent anywhere).
    await wl.show();
    const rows = await wl.rows.count();
    expect(rows).toBeGreaterThanOrEqual(3);
    await wl.waitAllFinished(rows, 180_000);
    expect(await exportVia(page, 'Export CSV')).toContain(',');
    expect(JSON.parse(await exportVia(page, 'Export JSON'))).toBeTruthy();

    // Close one study, then everything.
    await page.getByRole('tab', { name: 'Studies' }).click();
    await page
      .getByRole('button', { name: /^Close study/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Close all' }).click();
    await app.waitForState('empty');

    const allowed = allowedOrigins(baseURL!);
    const foreign = foreignRequests(rec.requests, allowed);
    expect(foreign, `requests outside ${allowed.join(', ')}`).toEqual([]);
    // The recorder really saw the session, including what only workers fetch: the model weights (inference
    // worker) and the codec / tfjs wasm files.
    const urls = rec.urls();
    expect(
      urls.some((u) => /\/models\/.*\.bin$/.test(u)),
      'model weights seen',
    ).toBe(true);
    expect(
      urls.some((u) => /tfjs-backend-wasm.*\.wasm$/.test(u)),
      'tfjs wasm seen',
    ).toBe(true);
    expect(
      urls.some((u) => /libjpegturbowasm_decode.*\.wasm$/.test(u)),
      'codec wasm (decode worker) seen',
    ).toBe(true);
    expect(
      rec.requests.some((r) => r.via === 'cdp-page'),
      'CDP recorder attached',
    ).toBe(true);
    await rec.detach();
  });

  test('the built app names no analytics or telemetry endpoint and never calls sendBeacon', async ({ request }) => {
    const sw = await (await request.get('sw.js')).text();
    const files = (JSON.parse(/const __SW_PRECACHE__ = (\[.*\]);/.exec(sw)![1]) as string[]).filter((f) => /\.(js|html)$/.test(f));
    expect(files.length).toBeGreaterThan(3);
    // Host names of analytics, error-reporting and CDN services (a CDN would also mean code or models
    // fetched from elsewhere), and the TensorFlow Hub / Google Storage hosts tfjs can load models from.
    const TELEMETRY =
      /google-analytics\.com|googletagmanager\.com|analytics\.google\.com|doubleclick\.net|api\.segment\.io|cdn\.segment\.com|sentry\.io|mixpanel\.com|amplitude\.com|hotjar\.(com|io)|posthog\.com|datadoghq\.(com|eu)|browser-intake|nr-data\.net|newrelic\.com|bugsnag\.com|logrocket\.(com|io)|fullstory\.com|clarity\.ms|plausible\.io|heapanalytics\.com|tfhub\.dev|kaggle\.com\/models|storage\.googleapis\.com|unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com/i;
    for (const f of [...files, 'sw.js']) {
      const text = await (await request.get(f)).text();
      const hit = TELEMETRY.exec(text);
      expect(hit?.[0] ?? null, `${f} mentions ${hit?.[0]}`).toBeNull();
      expect(/\bsendBeacon\s*\(/.test(text), `${f} calls sendBeacon`).toBe(false);
    }
  });

  test('no patient name or ID appears in console output, errors, alerts or exports', async ({ page, context }) => {
    skipWithoutData();
    // The chest CR with its Patient Name and Patient ID replaced by canaries of the same length.
    const src = new Uint8Array(readFileSync(CR));
    const ds = dicomParser.parseDicom(src, { untilTag: 'x7fe00010' });
    const NAME = 'Canaryzebra^Quartzina';
    const ID = 'CANARY-ID-7Q4Z';
    const bytes = src.slice();
    for (const [tag, value] of [
      ['x00100010', NAME],
      ['x00100020', ID],
    ] as const) {
      const el = ds.elements[tag];
      expect(el.length).toBeGreaterThanOrEqual(value.length);
      bytes.set(new TextEncoder().encode(value.padEnd(el.length, ' ')), el.dataOffset);
    }
    const dir = fixtureDir();
    const good = join(dir, 'canary.dcm');
    const broken = join(dir, 'canary-truncated.dcm');
    writeFileSync(good, bytes);
    const px = dicomParser.parseDicom(bytes).elements.x7fe00010;
    writeFileSync(broken, bytes.slice(0, px.dataOffset + 100));

    const rec = await RequestRecorder.attach(context, page);
    const { app, ai, wl } = await Worklist.open(page);
    await ai.waitForModel();
    const name = await openAndShow(app, good);
    // The canary is real: the viewer shows it.
    await expect(page.getByTestId('annotations')).toContainText('Canaryzebra');
    expect((await ai.waitForResult(name)).state).toBe('done');
    await app.shortcut('t');
    await expect(page.getByRole('dialog')).toContainText(ID);
    await app.shortcut('Escape');
    await app.openFiles([broken]);
    await expect(app.alerts().first()).toContainText('canary-truncated.dcm');
    await wl.show();
    await wl.waitAllFinished(await wl.rows.count());
    const exports = [await exportVia(page, 'Export CSV'), await exportVia(page, 'Export JSON')];
    const alerts = (await app.alertTexts()).join('\n');

    const needles = [NAME, 'Canaryzebra', 'Quartzina', ID];
    expect(rec.console.length, 'console was recorded').toBeGreaterThan(0);
    expect(rec.consoleMentioning(needles)).toEqual([]);
    for (const n of needles) {
      expect(alerts).not.toContain(n);
      for (const e of exports) expect(e).not.toContain(n);
    }
    expect(foreignRequests(rec.requests, allowedOrigins(page.url()))).toEqual([]);
    await rec.detach();
  });
});
