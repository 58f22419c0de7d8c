// The heatmap overlay: drawn (non-zero pixels) for the selected finding, redrawn for another finding, toggled
// with Shift+H, opacity from the slider, and registered to the image: its hottest region keeps its place on
// the image (normalised to the image's rendered bounding box) under pan, zoom, flip and rotation.
import { test, expect } from '@playwright/test';
import { AiPanel, openAndShow } from './support/aiPanel';
import { dataPath, missingDataReason } from '../test-support/sharedData';

type Box = { x0: number; y0: number; x1: number; y1: number };
const norm = (h: Box, i: Box) => {
  const w = i.x1 - i.x0;
  const hgt = i.y1 - i.y0;
  return { u0: (h.x0 - i.x0) / w, u1: (h.x1 - i.x0) / w, v0: (h.y0 - i.y0) / hgt, v1: (h.y1 - i.y0) / hgt };
};
const TOL = 0.03;

test.describe('AI heatmap', () => {
  test.describe.configure({ timeout: 300_000 });

  test('drawn for the selected finding, redrawn for another, toggled, and registered under pan/zoom/flip/rotation', async ({ page }) => {
    const skip = missingDataReason('cxr-fullres');
    test.skip(skip !== null, skip ?? '');
    const { app, ai } = await AiPanel.open(page, { backend: 'wasm' });
    await ai.waitForModel();
    const name = await openAndShow(app, dataPath('cxr-fullres', '00000001_000.png'));
    const snap = await ai.waitForResult(name, ['done']);
    expect(snap.heatmapLabel).toBeTruthy();
    await expect(ai.heatmap).toHaveAttribute('data-finding', snap.heatmapLabel!);

    const all = await ai.heatmapBox();
    expect(all, 'heatmap has drawn pixels').not.toBeNull();
    expect(all!.count).toBeGreaterThan(100);
    const img0 = (await ai.imageBox())!;
    // Drawn inside the image.
    expect(all!.x0).toBeGreaterThanOrEqual(img0.x0 - 3);
    expect(all!.x1).toBeLessThanOrEqual(img0.x1 + 3);
    expect(all!.y0).toBeGreaterThanOrEqual(img0.y0 - 3);
    expect(all!.y1).toBeLessThanOrEqual(img0.y1 + 3);

    const measure = async () => {
      const h = (await ai.heatmapBox(true))!;
      const i = (await ai.imageBox())!;
      return { h, i, n: norm(h, i) };
    };
    const m0 = await measure();

    // Pan: everything moves by the same amount; the place on the image stays.
    await app.rerenderAfter(async () => {
      await app.shortcut('ArrowRight');
      await app.shortcut('ArrowRight');
    });
    const m1 = await measure();
    expect(m1.i.x0 - m0.i.x0).toBeGreaterThan(10);
    expect(Math.abs(m1.h.x0 - m0.h.x0 - (m1.i.x0 - m0.i.x0))).toBeLessThanOrEqual(3);
    for (const k of ['u0', 'u1', 'v0', 'v1'] as const) expect(Math.abs(m1.n[k] - m0.n[k]), `pan ${k}`).toBeLessThan(TOL);

    // Zoom out: the hot region shrinks with the image.
    await app.rerenderAfter(() => app.shortcut('-'));
    const m2 = await measure();
    const scale = (m2.i.x1 - m2.i.x0) / (m1.i.x1 - m1.i.x0);
    expect(scale).toBeLessThan(0.9);
    expect(Math.abs((m2.h.x1 - m2.h.x0) / (m1.h.x1 - m1.h.x0) - scale)).toBeLessThan(0.08);
    for (const k of ['u0', 'u1', 'v0', 'v1'] as const) expect(Math.abs(m2.n[k] - m1.n[k]), `zoom ${k}`).toBeLessThan(TOL);

    // Flip horizontally: mirrored about the image's vertical axis.
    await app.rerenderAfter(() => app.shortcut('h'));
    const m3 = await measure();
    expect(Math.abs(m3.n.u0 - (1 - m2.n.u1))).toBeLessThan(TOL);
    expect(Math.abs(m3.n.u1 - (1 - m2.n.u0))).toBeLessThan(TOL);
    expect(Math.abs(m3.n.v0 - m2.n.v0)).toBeLessThan(TOL);

    // Rotate 90 degrees clockwise: (u, v) -> (1 - v, u).
    await app.rerenderAfter(() => app.shortcut('r'));
    const m4 = await measure();
    expect(Math.abs(m4.n.u0 - (1 - m3.n.v1))).toBeLessThan(TOL);
    expect(Math.abs(m4.n.u1 - (1 - m3.n.v0))).toBeLessThan(TOL);
    expect(Math.abs(m4.n.v0 - m3.n.u0)).toBeLessThan(TOL);
    expect(Math.abs(m4.n.v1 - m3.n.u1)).toBeLessThan(TOL);
    test.info().annotations.push({ type: 'heatmap', description: JSON.stringify({ m0: m0.n, m4: m4.n }) });

    // Another finding: click its row; the overlay names it and shows a different map.
    const before = await ai.heatmap.evaluate((c) => (c as HTMLCanvasElement).toDataURL());
    const names = await ai.rows.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.finding!));
    const otherName = names.find((n) => n !== snap.heatmapLabel)!;
    await ai.findings.locator(`tbody tr[data-finding="${otherName}"]`).click();
    await expect(ai.heatmap).toHaveAttribute('data-finding', otherName);
    await expect.poll(() => ai.heatmap.evaluate((c) => (c as HTMLCanvasElement).toDataURL())).not.toBe(before);

    // Shift+H hides and shows it.
    await app.shortcut('Shift+H');
    await expect(ai.heatmap).toHaveAttribute('data-visible', 'false');
    expect(await ai.heatmapBox()).toBeNull();
    await app.shortcut('Shift+H');
    await expect(ai.heatmap).toHaveAttribute('data-visible', 'true');
    const shown = await ai.heatmapBox();
    expect(shown).not.toBeNull();

    // Opacity slider.
    await page.getByLabel('Heatmap opacity').fill('1');
    await expect.poll(async () => (await ai.heatmapBox())!.maxAlpha).toBeGreaterThan(shown!.maxAlpha);
  });
});
