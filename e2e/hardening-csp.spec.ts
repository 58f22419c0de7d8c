// Privacy: the built site ships a strict Content-Security-Policy (a <meta> injected at build time by
// scripts/vite/csp.ts, and the same policy plus frame-ancestors as headers from the StatRead server, server/). A full
// session (open a DICOM and a PNG, score on wasm, heatmap, another finding, Shift+H) runs with no
// violation in the page or its workers; the policy is really enforced (an injected inline script does
// not run and is reported).
import { test, expect } from '@playwright/test';
import { AiPanel, openAndShow } from './support/aiPanel';
import { showFirstRowHeatmap } from './support/findingsRows';
import { CspWatch } from './support/cspWatch';
import { dataPath, missingDataReason } from '../test-support/sharedData';
import { CSP_HEADER, CSP_META } from '../scripts/vite/csp';

/** A policy as a comparable value: directive order and spacing do not matter (helmet joins with ";", Vite with "; "). */
const policy = (csp: string | undefined) =>
  (csp ?? '')
    .split(';')
    .map((d) => d.trim().replace(/\s+/g, ' '))
    .filter(Boolean)
    .sort();

test.describe('Content-Security-Policy', () => {
  test.describe.configure({ timeout: 240_000 });

  test('the policy is delivered as <meta> and as headers, to the page and to worker scripts', async ({ page, request }) => {
    const res = await request.get('./');
    expect(policy(res.headers()['content-security-policy'])).toEqual(policy(CSP_HEADER));
    // The rest of the hardening headers (docs/security.md), the same from the StatRead server and from nginx (docs/deploy.md).
    expect(res.headers()).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    });
    expect(res.headers()['access-control-allow-origin']).toBeUndefined();
    // The tab icon is the site's own file (no favicon.ico 404 on every load).
    const icon = await request.get('./favicon.svg');
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toContain('image/svg+xml');
    const html = await res.text();
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
    expect(meta, 'built index.html carries the CSP <meta>').not.toBeNull();
    expect(meta![1].replace(/&#39;/g, "'")).toBe(CSP_META);
    // The <meta> comes before the first script, or it would not cover it.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(CSP_META).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|https?:|data:/);
    // Worker scripts get their policy from their own response headers.
    await page.goto('./');
    const workerUrl = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .find((u) => /decodeImageFrameWorker|\/worker-/.test(u)),
    );
    if (workerUrl) {
      const w = await request.get(workerUrl);
      expect(policy(w.headers()['content-security-policy'])).toEqual(policy(CSP_HEADER));
    }
  });

  test('a full session runs with no CSP violation, and the policy is enforced', async ({ page, context }) => {
    const skip = missingDataReason('dicom-cxr') ?? missingDataReason('cxr-fullres');
    test.skip(skip !== null, skip ?? '');
    const csp = await CspWatch.attach(context);
    csp.watch(page);
    const { app, ai } = await AiPanel.open(page, { backend: 'wasm' });
    await ai.waitForModel();

    const dicom = await openAndShow(app, dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm'));
    expect((await ai.waitForResult(dicom)).state).toBe('done');
    // A heatmap: the default one (a finding above its operating point), else the reader asks for one.
    await showFirstRowHeatmap(ai);
    expect(await ai.heatmapBox(), 'heatmap drawn').not.toBeNull();
    const png = await openAndShow(app, dataPath('cxr-fullres', '00000002_000.png'));
    expect((await ai.waitForResult(png)).state).toBe('done');
    // Another finding's heatmap (a second request to the worker), then Shift+H off and on.
    await showFirstRowHeatmap(ai);
    await ai.switchAndToggleHeatmap(app);
    // Tag browser and a tool: more of the UI under the policy.
    await app.shortcut('t');
    await expect(page.getByRole('dialog')).toBeVisible();
    await app.shortcut('Escape');

    expect(csp.workerUrls.length, 'the decode and inference workers ran').toBeGreaterThanOrEqual(2);
    expect(await csp.all(page)).toEqual([]);

    // Enforced: an inline script injected into the page does not run, and is reported as a violation.
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.body.appendChild(s);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    await expect.poll(async () => (await csp.documentViolations(page)).map((v) => v.directive)).toContain('script-src-elem');
    // So is a request to another origin (connect-src 'self'), even one made from a worker.
    const blocked = await page.evaluate(async () => {
      try {
        await fetch('http://127.0.0.2:9/beacon', { mode: 'no-cors' });
        return false;
      } catch {
        return true;
      }
    });
    expect(blocked).toBe(true);
    await expect.poll(async () => (await csp.documentViolations(page)).map((v) => v.directive)).toContain('connect-src');
    // Workers carry the policy from their own response headers (the StatRead server): the inference worker cannot
    // reach another origin either, and the watcher sees violations inside workers.
    const inference = page.workers().find((w) => /\/worker-[^/]*\.js/.test(w.url()));
    expect(inference, `inference worker among ${csp.workerUrls.join(', ')}`).toBeTruthy();
    const fromWorker = await inference!.evaluate(async () => {
      try {
        await fetch('http://127.0.0.2:9/beacon', { mode: 'no-cors' });
        return 'sent';
      } catch (e) {
        return `blocked: ${(e as Error).message}`;
      }
    });
    expect(fromWorker).toMatch(/^blocked/);
    await expect.poll(() => csp.workers.map((v) => v.directive)).toContain('connect-src');
  });

  // The wasm session above covers the codecs and tfjs-backend-wasm; the GPU backends compile shaders
  // (GLSL / WGSL), not JavaScript, and need nothing beyond the policy either (SwiftShader here). WebGPU on
  // SwiftShader costs ~40 s of CI time, so it runs with STATREAD_E2E_CSP_WEBGPU=1 (it passed when added; the
  // ai-parity spec scores on webgpu under the same policy headers in every run).
  for (const backend of ['webgl', 'webgpu']) {
    test(`scoring on ${backend} runs with no CSP violation`, async ({ page, context }) => {
      const skip = missingDataReason('cxr-fullres');
      test.skip(skip !== null, skip ?? '');
      test.skip(backend === 'webgpu' && process.env.STATREAD_E2E_CSP_WEBGPU !== '1', 'set STATREAD_E2E_CSP_WEBGPU=1 (slow on SwiftShader)');
      const csp = await CspWatch.attach(context);
      csp.watch(page);
      const { app, ai } = await AiPanel.open(page, { backend });
      await ai.waitForModel();
      const png = await openAndShow(app, dataPath('cxr-fullres', '00000002_000.png'));
      const snap = await ai.waitForResult(png, ['done', 'not-scored', 'error'], 200_000);
      expect(snap.state, snap.reason).toBe('done');
      await expect(ai.backend).toHaveText(backend);
      expect(await csp.all(page)).toEqual([]);
    });
  }
});
