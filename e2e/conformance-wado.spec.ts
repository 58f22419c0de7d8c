// Every file of dicom-conformance/cornerstone-wado-testimages renders, and the pixel values the viewer decoded
// equal an independent decode (exact for native and lossless syntaxes, bounded error for lossy ones); files
// without pixel data, and the folder's non-DICOM files, are listed as skipped with the reason.
// See docs/conformance.md and e2e/support/referenceTwins.ts for what each file is compared with.
import { expect } from '@playwright/test';
import { test } from './support/sharedPage';
import { dataPath, missingDataReason } from '../test-support/sharedData';
import { checkEveryFrame, openAndWaitReady } from './support/referenceCheck';
import { channel, correlation, fittedImageRect, gridMeans } from './support/referenceCompare';
import { toModality } from './support/referenceDecode';
import { WADO_DIR, expectedFor, wadoCases } from './support/referenceTwins';
import { NO_AI, StatReadPage } from './support/statreadPage';

const missing = missingDataReason(WADO_DIR);
const cases = missing ? [] : wadoCases();

test.describe('cornerstone-wado-testimages: every file', () => {
  test('shared data present', () => {
    test.skip(missing !== null, missing ?? '');
    expect(cases.filter((c) => c.kind === 'image').length).toBeGreaterThanOrEqual(18);
  });

  for (const c of cases) {
    if (c.kind === 'skip') {
      test(`${c.file}: skipped`, () => {
        test.skip(true, c.reason);
      });
      continue;
    }
    test(`${c.file}: renders and decodes like the reference (${c.mode})`, async ({ sharedPage }) => {
      // Known defect, kept visible: Cornerstone 5.14's progressive 12-bit JPEG path (.55) still errs by up to
      // ~285 HU after the level-shift patch (scripts/vite/fixJpeg12LevelShift.ts); this turns red when fixed.
      test.fail(c.file.includes('JPEGProcess10_12'), 'Cornerstone progressive 12-bit JPEG defect: docs/conformance.md');
      await checkEveryFrame(sharedPage, c);
    });
  }

  test('no-pixel-data.dcm is listed as skipped with the reason, nothing is shown for it', async ({ page }) => {
    test.skip(missing !== null, missing ?? '');
    const app = await StatReadPage.open(page, NO_AI);
    await app.openFiles([dataPath(WADO_DIR, 'no-pixel-data.dcm')]);
    const notice = page.getByRole('listitem').filter({ hasText: 'no-pixel-data.dcm' });
    await expect(notice.first()).toBeVisible();
    await expect(notice.first()).toContainText(/pixel data|not an image/i);
    await expect(app.viewport).not.toHaveAttribute('data-state', /ready|loading/);
  });
});

test.describe('rendered pixels follow the window', () => {
  test('CTImage.dcm at its W400/L40 window: below the window is dark, above is bright, between is graded', async ({ page }) => {
    test.skip(missing !== null, missing ?? '');
    const file = dataPath(WADO_DIR, 'CTImage.dcm');
    const app = await openAndWaitReady(page, file);
    const info = await app.imageInfo();
    expect({ center: info.windowCenter, width: info.windowWidth }).toEqual({ center: 40, width: 400 });
    expect({ rotation: info.rotation, flipH: info.flipH, flipV: info.flipV, invert: info.invert }).toEqual({
      rotation: 0,
      flipH: false,
      flipV: false,
      invert: false,
    });
    const c = cases.find((x) => x.kind === 'image' && x.file === 'CTImage.dcm');
    if (!c || c.kind !== 'image') throw new Error('CTImage.dcm case missing');
    const ref = await expectedFor(c);
    const hu = toModality(ref.values, c.summary.rescaleSlope, c.summary.rescaleIntercept);
    const shown = await app.renderedPixels();
    const grey = channel(shown.data, 4, 0);

    // Not blank: a CT slice at a soft-tissue window has black air, grey tissue and white bone.
    const mean = grey.reduce((a, b) => a + b, 0) / grey.length;
    const sd = Math.sqrt(grey.reduce((a, b) => a + (b - mean) ** 2, 0) / grey.length);
    expect(sd, 'rendered canvas has contrast').toBeGreaterThan(30);

    // Expected display value of each canvas pixel over the image: DICOM LINEAR VOI (PS3.3 C.11.2.1.2.1).
    const rect = fittedImageRect(shown.width, shown.height, ref.columns, ref.rows);
    const { width: w, height: h } = rect;
    const rendered = new Float64Array(w * h);
    const expectedDisplay = new Float64Array(w * h);
    if (info.windowCenter === null || info.windowWidth === null) throw new Error('no window');
    const lo = info.windowCenter - 0.5 - (info.windowWidth - 1) / 2;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = hu[rect.imageIndex(x, y)];
        expectedDisplay[y * w + x] = Math.min(255, Math.max(0, ((v - lo) / (info.windowWidth - 1)) * 255));
        rendered[y * w + x] = grey[rect.canvasIndex(x, y)];
      }
    }
    // Region-wise (24x24 grid), so resampling differences at edges do not dominate.
    const r = gridMeans(rendered, w, h, 24);
    const e = gridMeans(expectedDisplay, w, h, 24);
    expect(correlation(r, e), 'rendered vs expected display values, region-wise').toBeGreaterThan(0.95);
    let dark = 0;
    let bright = 0;
    for (let i = 0; i < e.length; i++) {
      if (e[i] <= 2) {
        dark++;
        expect(r[i], `region ${i} is below the window (expected ${e[i].toFixed(1)})`).toBeLessThan(25);
      } else if (e[i] >= 253) {
        bright++;
        expect(r[i], `region ${i} is above the window (expected ${e[i].toFixed(1)})`).toBeGreaterThan(230);
      }
    }
    expect(dark, 'the slice has regions below the window (air)').toBeGreaterThan(20);
    // Pixel-wise: over all pixels whose value is below (above) the window, the rendered level is dark (bright).
    let belowSum = 0;
    let belowN = 0;
    let aboveSum = 0;
    let aboveN = 0;
    for (let i = 0; i < expectedDisplay.length; i++) {
      if (expectedDisplay[i] === 0) {
        belowSum += rendered[i];
        belowN++;
      } else if (expectedDisplay[i] === 255) {
        aboveSum += rendered[i];
        aboveN++;
      }
    }
    expect(belowN, 'pixels below the window').toBeGreaterThan(1000);
    expect(aboveN, 'pixels above the window').toBeGreaterThan(100);
    expect(belowSum / belowN, 'mean rendered level of pixels below the window').toBeLessThan(20);
    expect(aboveSum / aboveN, 'mean rendered level of pixels above the window').toBeGreaterThan(200);
    let meanAbs = 0;
    for (let i = 0; i < e.length; i++) meanAbs += Math.abs(r[i] - e[i]) / e.length;
    expect(meanAbs, 'mean |rendered - expected| over regions, in display levels').toBeLessThan(5);
    test.info().annotations.push({ type: 'regions', description: `dark ${dark}, bright ${bright}, mean |diff| ${meanAbs.toFixed(2)}` });
  });
});

test.describe('rendered colour', () => {
  test('US-YBR_FULL_422-EVRLE.dcm: the canvas shows the RGB that the YBR_FULL_422 samples convert to', async ({ page }) => {
    test.skip(missing !== null, missing ?? '');
    const c = cases.find((x) => x.kind === 'image' && x.file === 'US-YBR_FULL_422-EVRLE.dcm');
    if (!c || c.kind !== 'image') throw new Error('US-YBR_FULL_422-EVRLE.dcm case missing');
    const app = await openAndWaitReady(page, c.path);
    const ref = await expectedFor(c);
    const shown = await app.renderedPixels();
    const rect = fittedImageRect(shown.width, shown.height, ref.columns, ref.rows);
    const { width: w, height: h } = rect;
    const lum = channel(shown.data, 4, 0);
    const lumMean = lum.reduce((a, b) => a + b, 0) / lum.length;
    const lumSd = Math.sqrt(lum.reduce((a, b) => a + (b - lumMean) ** 2, 0) / lum.length);
    expect(lumSd, 'rendered canvas is not blank').toBeGreaterThan(5);
    let meanAbs = 0;
    for (let k = 0; k < 3; k++) {
      const rendered = new Float64Array(w * h);
      const expectedCh = new Float64Array(w * h);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          expectedCh[y * w + x] = ref.values[rect.imageIndex(x, y) * 3 + k];
          rendered[y * w + x] = shown.data[rect.canvasIndex(x, y) * 4 + k];
        }
      }
      const r = gridMeans(rendered, w, h, 24);
      const e = gridMeans(expectedCh, w, h, 24);
      expect(correlation(r, e), `channel ${'RGB'[k]}: rendered vs reference RGB, region-wise`).toBeGreaterThan(0.97);
      for (let i = 0; i < r.length; i++) meanAbs += Math.abs(r[i] - e[i]) / (3 * r.length);
    }
    test.info().annotations.push({ type: 'colour', description: `mean |rendered - reference| over regions ${meanAbs.toFixed(2)}` });
    expect(meanAbs, 'mean |rendered - reference RGB| over regions and channels').toBeLessThan(8);
  });
});
