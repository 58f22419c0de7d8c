// The heatmap overlay: shown by default only for a finding above its operating point, else only when the reader
// asks (a row's click or Enter; again, or "Hide heatmap", hides it); drawn (non-zero pixels) for the selected
// finding, redrawn for another finding, toggled with Shift+H, opacity from the slider, and registered to the image:
// its hottest region keeps its place on the image (normalised to the image's rendered bounding box) under zoom,
// pan, flip and rotation. It marks where the evidence is: most of the image stays clear.
import { test, expect } from '@playwright/test';
import { AiPanel, openAndShow } from './support/aiPanel';
import { expectedDefaultHeatmap, findingRows, openWithManifest, showAHeatmap, validatedLabels } from './support/findingsRows';
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

  test('drawn for the selected finding, redrawn for another, toggled, and registered under zoom/pan/flip/rotation', async ({ page }) => {
    const skip = missingDataReason('cxr-fullres');
    test.skip(skip !== null, skip ?? '');
    const { app, ai } = await AiPanel.open(page, { backend: 'wasm' });
    await ai.waitForModel();
    const name = await openAndShow(app, dataPath('cxr-fullres', '00000001_000.png'));
    await ai.waitForResult(name, ['done']);
    // The default map when a finding is above its operating point, else the first row's, asked for.
    const shownLabel = await showAHeatmap(ai);
    expect((await ai.snapshot()).heatmapLabel).toBe(shownLabel);

    const all = await ai.heatmapBox();
    expect(all, 'heatmap has drawn pixels').not.toBeNull();
    expect(all!.count).toBeGreaterThan(100);
    const img0 = (await ai.imageBox())!;
    // It marks a place, it does not tint the film: most of the image's area is left clear.
    const imageArea = (img0.x1 - img0.x0) * (img0.y1 - img0.y0);
    const tinted = await ai.heatmap.evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    expect(tinted / imageArea, 'share of the image under the heatmap').toBeLessThan(0.5);
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

    // Zoom out: the hot region shrinks with the image. (First: the film fills the viewport's width, so a pan
    // before zooming out would push its edge off the canvas and change the image box the places are measured in.)
    await app.rerenderAfter(() => app.shortcut('-'));
    const m1 = await measure();
    const scale = (m1.i.x1 - m1.i.x0) / (m0.i.x1 - m0.i.x0);
    expect(scale).toBeLessThan(0.9);
    expect(Math.abs((m1.h.x1 - m1.h.x0) / (m0.h.x1 - m0.h.x0) - scale)).toBeLessThan(0.08);
    for (const k of ['u0', 'u1', 'v0', 'v1'] as const) expect(Math.abs(m1.n[k] - m0.n[k]), `zoom ${k}`).toBeLessThan(TOL);

    // Pan: everything moves by the same amount; the place on the image stays.
    await app.rerenderAfter(async () => {
      await app.shortcut('ArrowRight');
      await app.shortcut('ArrowRight');
    });
    const m2 = await measure();
    expect(m2.i.x0 - m1.i.x0).toBeGreaterThan(10);
    expect(Math.abs(m2.h.x0 - m1.h.x0 - (m2.i.x0 - m1.i.x0))).toBeLessThanOrEqual(3);
    for (const k of ['u0', 'u1', 'v0', 'v1'] as const) expect(Math.abs(m2.n[k] - m1.n[k]), `pan ${k}`).toBeLessThan(TOL);

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
    const otherName = names.find((n) => n !== shownLabel)!;
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

  test('nothing above its operating point: no heatmap until the reader asks; the same row again or "Hide heatmap" hides it; keyboard too', async ({ page }) => {
    const skip = missingDataReason('cxr-fullres');
    test.skip(skip !== null, skip ?? '');
    // The model's own weights and statistics, every operating point at 1: no finding (and not "any finding") is
    // called on any film, whatever the model's probabilities.
    const { app, ai } = await openWithManifest(page, (m) => {
      for (const l of Object.keys(m.operatingPoints)) m.operatingPoints[l] = 1;
      if (m.abnormal) m.abnormal.operatingPoint = 1;
    });
    const name = await openAndShow(app, dataPath('cxr-fullres', '00000002_000.png'));
    await ai.waitForResult(name, ['done']);
    await expect(ai.rows.first()).toBeVisible();
    await expect(ai.findings.locator('tbody tr[data-above="true"]')).toHaveCount(0);
    if (await page.getByTestId('ai-abnormal').count()) await expect(page.getByTestId('ai-abnormal')).toHaveAttribute('data-above', 'false');
    // The panel settled with nothing selected and no map: the overlay is not shown.
    const settled = await ai.snapshot();
    expect([settled.selectedFinding, settled.heatmapLabel, settled.above]).toEqual([null, null, []]);
    await expect(ai.heatmap).toBeHidden();
    await expect(page.getByTestId('critical-banner')).toHaveCount(0);

    // Click a row: its map appears, named; the same row again: hidden.
    const rows = await findingRows(ai);
    const first = rows[0].label;
    const row = ai.findings.locator(`tbody tr[data-finding="${first}"]`);
    await row.click();
    await expect(ai.heatmap).toBeVisible();
    await expect(ai.heatmap).toHaveAttribute('data-finding', first);
    expect(await ai.heatmapBox()).not.toBeNull();
    await row.click();
    await expect(ai.heatmap).toBeHidden();
    expect((await ai.snapshot()).heatmapLabel).toBeNull();

    // Keyboard: the finding's name is a button; Enter shows the map, Enter again hides it.
    const button = row.getByRole('button');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(ai.heatmap).toHaveAttribute('data-finding', first);
    await expect(ai.heatmap).toBeVisible();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Enter');
    await expect(ai.heatmap).toBeHidden();
    await expect(button).toHaveAttribute('aria-pressed', 'false');

    // Another finding (a not-validated one when the model has any: shown on request too), then "Hide heatmap".
    const other = (rows.find((r) => !r.validated) ?? rows[1]).label;
    await ai.findings.locator(`tbody tr[data-finding="${other}"]`).click();
    await expect(ai.heatmap).toHaveAttribute('data-finding', other);
    await expect(ai.heatmap).toBeVisible();
    await page.getByRole('button', { name: 'Hide heatmap' }).click();
    await expect(ai.heatmap).toBeHidden();
  });

  test('a finding above its operating point gets its map without being asked', async ({ page }) => {
    const skip = missingDataReason('cxr-fullres');
    test.skip(skip !== null, skip ?? '');
    // One validated finding with its operating point at 0 (always above), every other one at 1 (never).
    let chosen = '';
    const { app, ai } = await openWithManifest(page, (m) => {
      chosen = validatedLabels(m)[0];
      for (const l of Object.keys(m.operatingPoints)) m.operatingPoints[l] = l === chosen ? 0 : 1;
    });
    const name = await openAndShow(app, dataPath('cxr-fullres', '00000001_000.png'));
    await ai.waitForResult(name, ['done']);
    const rows = await findingRows(ai);
    expect(rows.filter((r) => r.above).map((r) => r.label)).toEqual([chosen]);
    expect(expectedDefaultHeatmap(rows)).toBe(chosen);
    await expect(ai.heatmap).toBeVisible();
    await expect(ai.heatmap).toHaveAttribute('data-finding', chosen);
    // The row above its operating point is the selected one: clicking it hides the map.
    const row = ai.findings.locator(`tbody tr[data-finding="${chosen}"]`);
    await expect(row).toHaveAttribute('data-above', 'true');
    await row.click();
    await expect(ai.heatmap).toBeHidden();
  });
});
