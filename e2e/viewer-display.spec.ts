// Display correctness the viewer adds on top of Cornerstone: VOI LUT Sequence, window presets,
// MONOCHROME1 inversion, Modality LUT, calibration source.
import { test, expect } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_AI, StatReadPage, type RenderedPixels, type DecodedPixels } from './support/statreadPage';
import { withVoiLutFunction, withVoiLutSequence, fixtureDir } from './support/viewerFixtures';
import { dataPath, missingDataReason } from '../test-support/sharedData';

const PYD = 'dicom-conformance/pydicom-test-files';

test.beforeEach(() => {
  const reason = missingDataReason('dicom-conformance');
  test.skip(!!reason, reason ?? '');
});

/** Grey level on the canvas at the centre of image pixel (x, y), for an unrotated fitted image. */
function greyAt(r: RenderedPixels, px: DecodedPixels, x: number, y: number): number {
  const scale = Math.min(r.width / px.columns, r.height / px.rows);
  const ox = (r.width - px.columns * scale) / 2;
  const oy = (r.height - px.rows * scale) / 2;
  const cx = Math.floor(ox + (x + 0.5) * scale);
  const cy = Math.floor(oy + (y + 0.5) * scale);
  return r.data[(cy * r.width + cx) * 4];
}

test('a VOI LUT Sequence is applied when chosen: rendered grey = LUT(stored value)', async ({ page }) => {
  const dir = fixtureDir();
  const fx = withVoiLutSequence(dataPath(PYD, 'MR_small.dcm'));
  const file = join(dir, 'MR_small_voilut.dcm');
  writeFileSync(file, fx.bytes);
  const app = await StatReadPage.open(page, NO_AI);
  await app.openAndShow([file]);
  const select = page.getByLabel('Window preset');
  await expect(select.locator('option')).toContainText(['VOI LUT: SQRT TEST LUT']);
  const value = await select.locator('option', { hasText: 'VOI LUT: SQRT TEST LUT' }).getAttribute('value');
  await app.rerenderAfter(async () => {
    await select.selectOption(value!);
  });
  await app.waitForReady('MR_small_voilut.dcm');
  const px = (await app.decodedPixels())!;
  const r = await app.renderedPixels();
  let worst = 0;
  let checked = 0;
  for (let y = 4; y < px.rows - 4; y += 3) {
    for (let x = 4; x < px.columns - 4; x += 3) {
      const stored = px.data[y * px.columns + x];
      const expected = fx.lut[Math.min(fx.lut.length - 1, Math.max(0, stored - fx.first))];
      worst = Math.max(worst, Math.abs(greyAt(r, px, x, y) - expected));
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(300);
  expect(worst).toBeLessThanOrEqual(2);
  // Decoded (stored) values are still the file's, not the LUT output.
  expect(Math.max(...px.data)).toBeGreaterThan(255);
});

test('every window centre/width pair is selectable and changes the window', async ({ page }) => {
  const dir = fixtureDir();
  const fx = withVoiLutSequence(dataPath(PYD, 'MR_small.dcm'));
  const file = join(dir, 'MR_small_presets.dcm');
  writeFileSync(file, fx.bytes);
  const app = await StatReadPage.open(page, NO_AI);
  await app.openAndShow([file]);
  const first = await app.imageInfo();
  const options = await page.getByLabel('Window preset').locator('option').allInnerTexts();
  expect(options.length).toBeGreaterThanOrEqual(3); // file window(s), VOI LUT, full range
  // Keyboard "1".."n" picks presets too.
  await app.rerenderAfter(() => app.shortcut(String(options.length)));
  const full = await app.imageInfo();
  expect(full.windowWidth).not.toBe(first.windowWidth);
  await app.rerenderAfter(() => app.shortcut('1'));
  expect((await app.imageInfo()).windowWidth).toBe(first.windowWidth);
});

test('MONOCHROME1 is shown inverted, with rescale and imager pixel spacing used', async ({ page }) => {
  const app = await StatReadPage.open(page, NO_AI);
  const cr = dataPath(PYD, 'dicomdirtests/77654033/CR1/6154');
  await app.openAndShow([cr], '6154');
  const info = await app.imageInfo();
  expect(info.invert).toBe(true);
  // Window 1600/2800 from the file (LINEAR).
  expect(info.windowCenter).toBeCloseTo(1600, 3);
  expect(info.windowWidth).toBeCloseTo(2800, 3);
  await expect(page.getByTestId('calibration')).toContainText('ImagerPixelSpacing');
  // A brighter displayed value means a lower stored value (MONOCHROME1).
  const px = (await app.decodedPixels())!;
  const r = await app.renderedPixels();
  let lo = { v: Infinity, x: 0, y: 0 };
  let hi = { v: -Infinity, x: 0, y: 0 };
  for (let y = 1; y < px.rows - 1; y++)
    for (let x = 1; x < px.columns - 1; x++) {
      const v = px.data[y * px.columns + x];
      if (v < lo.v) lo = { v, x, y };
      if (v > hi.v) hi = { v, x, y };
    }
  expect(greyAt(r, px, lo.x, lo.y)).toBeGreaterThan(greyAt(r, px, hi.x, hi.y));
  // Inverting it again shows it as MONOCHROME2 would.
  await app.rerenderAfter(() => app.shortcut('i'));
  const r2 = await app.renderedPixels();
  expect(greyAt(r2, px, lo.x, lo.y)).toBeLessThan(greyAt(r2, px, hi.x, hi.y));
});

/** PS3.3 C.11.2.1.2 in 0..255. */
function expectedGrey(fn: 'LINEAR' | 'SIGMOID', x: number, c: number, w: number): number {
  if (fn === 'SIGMOID') return 255 / (1 + Math.exp((-4 * (x - c)) / w));
  if (x <= c - 0.5 - (w - 1) / 2) return 0;
  if (x > c - 0.5 + (w - 1) / 2) return 255;
  return ((x - (c - 0.5)) / (w - 1) + 0.5) * 255;
}

for (const fn of ['LINEAR', 'SIGMOID'] as const) {
  test(`VOI LUT function ${fn}: rendered grey follows the standard's formula for the file's window`, async ({ page }) => {
    const dir = fixtureDir();
    const file = join(dir, `MR_small_${fn}.dcm`);
    writeFileSync(file, withVoiLutFunction(dataPath(PYD, 'MR_small.dcm'), fn));
    const app = await StatReadPage.open(page, NO_AI);
    await app.openAndShow([file]);
    const info = await app.imageInfo();
    expect(info.voiLutFunction).toBe(fn);
    const c = info.windowCenter!;
    const w = info.windowWidth!;
    const px = (await app.decodedPixels())!;
    const r = await app.renderedPixels();
    let worst = 0;
    let inside = 0;
    for (let y = 4; y < px.rows - 4; y += 3) {
      for (let x = 4; x < px.columns - 4; x += 3) {
        const v = px.data[y * px.columns + x]; // MR_small: slope 1, intercept 0
        const e = expectedGrey(fn, v, c, w);
        if (e > 5 && e < 250) inside++;
        worst = Math.max(worst, Math.abs(greyAt(r, px, x, y) - e));
      }
    }
    expect(inside).toBeGreaterThan(50);
    expect(worst).toBeLessThanOrEqual(3);
  });
}

test('the length tool uses ImagerPixelSpacing (mm) on a CR that has no PixelSpacing', async ({ page }) => {
  const app = await StatReadPage.open(page, NO_AI);
  await app.openAndShow([dataPath(PYD, 'dicomdirtests/77654033/CR1/6154')], '6154');
  await expect(page.getByTestId('calibration')).toContainText('ImagerPixelSpacing 0.1 × 0.1');
  await app.shortcut('l');
  const box = (await app.viewport.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2 - 100, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 100, box.y + box.height / 2, { steps: 10 });
  await page.mouse.up();
  await expect(app.viewport.locator('svg text').filter({ hasText: /mm/ }).first()).toBeVisible();
});

test('native YBR_FULL_422 is converted to RGB and rendered in colour', async ({ page }) => {
  const app = await StatReadPage.open(page, NO_AI);
  await app.openAndShow([dataPath('dicom-conformance/cornerstone-wado-testimages', 'US-YBR_FULL_422-EVRLE.dcm')]);
  const px = (await app.decodedPixels())!;
  expect(px.samplesPerPixel).toBe(3);
  expect(px.data.length).toBe(px.rows * px.columns * 3);
  const r = await app.renderedPixels();
  let lit = 0;
  let coloured = 0;
  for (let i = 0; i < r.data.length; i += 4) {
    const [R, G, B] = [r.data[i], r.data[i + 1], r.data[i + 2]];
    if (Math.max(R, G, B) > 40) lit++;
    if (Math.max(R, G, B) - Math.min(R, G, B) > 60) coloured++;
  }
  expect(lit).toBeGreaterThan(10_000);
  expect(coloured).toBeGreaterThan(50);
});
