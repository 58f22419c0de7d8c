// Every file of dicom-conformance/cornerstone-wado-testimages renders, and the pixel values the viewer decoded
// equal an independent decode (exact for native and lossless syntaxes, bounded error for lossy ones); files
// without pixel data, and the folder's non-DICOM files, are listed as skipped with the reason.
// See docs/conformance.md and e2e/support/reference-twins.ts for what each file is compared with.
import { expect, test, type Page } from '@playwright/test';
import { basename } from 'node:path';
import { dataPath, missingDataReason } from '../test-support/shared-data';
import { compareValues, correlation, gridMeans } from './support/reference-compare';
import { toModality } from './support/reference-decode';
import { decodedPixels, fittedPlacement, imageInfo, renderedGrey, renderedRgb } from './support/reference-probe';
import { WADO_DIR, expectedFor, lossyBound, wadoCases } from './support/reference-twins';

const missing = missingDataReason(WADO_DIR);
const cases = missing ? [] : wadoCases();

async function openAndWaitReady(page: Page, path: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Open files', { exact: true }).setInputFiles(path);
  const viewport = page.getByTestId('viewport');
  await expect(viewport).toHaveAttribute('data-file-name', basename(path));
  await expect(viewport).toHaveAttribute('data-state', 'ready');
}

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
    test(`${c.file}: renders and decodes like the reference (${c.mode})`, async ({ page }) => {
      await openAndWaitReady(page, c.path);
      const decoded = await decodedPixels(page);
      const expected = await expectedFor(c);
      expect({ rows: decoded.rows, columns: decoded.columns }).toEqual({ rows: expected.rows, columns: expected.columns });
      const pixels = expected.rows * expected.columns;
      test.info().annotations.push({ type: 'reference', description: `${expected.space}: ${expected.description}` });

      if (expected.space === 'rgb') {
        if (expected.stored && decoded.data.length === expected.stored.length && decoded.data.length !== pixels * 3) {
          // The viewer kept the stored samples as they lie in the file (e.g. 4:2:2 Y1 Y2 Cb Cr): exact.
          const stats = compareValues(decoded.data, expected.stored);
          expect(stats, `stored colour samples vs ${expected.description}`).toMatchObject({ mismatches: 0 });
          return;
        }
        // Colour: the viewer's converted RGB(A) against the reference conversion. YBR->RGB is float math
        // rounded (or clamped) to 8 bits on both sides, so values may differ by rounding: at most 1.
        const stride = decoded.data.length / pixels;
        expect([3, 4], `samples per pixel in decoded data (length ${decoded.data.length})`).toContain(stride);
        const rgb = new Float64Array(pixels * 3);
        for (let p = 0; p < pixels; p++) for (let k = 0; k < 3; k++) rgb[p * 3 + k] = decoded.data[p * stride + k];
        const stats = compareValues(rgb, expected.values);
        test.info().annotations.push({ type: 'error', description: JSON.stringify(stats) });
        expect(stats.maxAbsError, `RGB vs ${expected.description}`).toBeLessThanOrEqual(1);
        return;
      }

      expect(decoded.data.length, 'one value per pixel').toBe(pixels);
      if (expected.space === 'stored') {
        const stats = compareValues(decoded.data, expected.values);
        if (stats.mismatches > 0) {
          const scaled = compareValues(decoded.data, toModality(expected.values, c.summary.rescaleSlope, c.summary.rescaleIntercept));
          const hint = scaled.mismatches === 0 ? ' (the viewer returned modality values, the hook must return stored values)' : '';
          expect(stats, `stored values vs ${expected.description}${hint}`).toMatchObject({ mismatches: 0 });
        }
        return;
      }

      // Modality space: rescale both sides with their own slope/intercept.
      const actual = toModality(decoded.data, c.summary.rescaleSlope, c.summary.rescaleIntercept);
      const stats = compareValues(actual, expected.values);
      test.info().annotations.push({ type: 'error', description: JSON.stringify(stats) });
      if (c.mode === 'exact') {
        expect(stats.maxAbsError, `modality values vs ${expected.description}`).toBeLessThan(1e-3);
        return;
      }
      const bound = lossyBound(c.summary);
      test.info().annotations.push({ type: 'bound', description: JSON.stringify(bound) });
      expect(stats.maxAbsError, `max |error| in modality units vs ${expected.description} (${bound.why})`).toBeLessThanOrEqual(bound.maxAbs);
      expect(stats.meanAbsError, `mean |error| in modality units vs ${expected.description} (${bound.why})`).toBeLessThanOrEqual(bound.meanAbs);
    });
  }

  test('no-pixel-data.dcm is listed as skipped with the reason, nothing is shown for it', async ({ page }) => {
    test.skip(missing !== null, missing ?? '');
    await page.goto('/');
    await page.getByLabel('Open files', { exact: true }).setInputFiles(dataPath(WADO_DIR, 'no-pixel-data.dcm'));
    const notice = page.getByRole('listitem').filter({ hasText: 'no-pixel-data.dcm' });
    await expect(notice.first()).toBeVisible();
    await expect(notice.first()).toContainText(/pixel data|not an image/i);
    await expect(page.getByTestId('viewport')).not.toHaveAttribute('data-state', /ready|loading/);
  });
});

test.describe('rendered pixels follow the window', () => {
  test('CTImage.dcm at its W400/L40 window: below the window is dark, above is bright, between is graded', async ({ page }) => {
    test.skip(missing !== null, missing ?? '');
    const file = dataPath(WADO_DIR, 'CTImage.dcm');
    await openAndWaitReady(page, file);
    const info = await imageInfo(page);
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
    const canvas = await renderedGrey(page);

    // Not blank: a CT slice at a soft-tissue window has black air, grey tissue and white bone.
    const mean = canvas.grey.reduce((a, b) => a + b, 0) / canvas.grey.length;
    const sd = Math.sqrt(canvas.grey.reduce((a, b) => a + (b - mean) ** 2, 0) / canvas.grey.length);
    expect(sd, 'rendered canvas has contrast').toBeGreaterThan(30);

    // Expected display value of each canvas pixel over the image: DICOM LINEAR VOI (PS3.3 C.11.2.1.2.1).
    const { scale, offsetX, offsetY } = fittedPlacement(canvas.width, canvas.height, ref.columns, ref.rows);
    const x0 = Math.ceil(offsetX);
    const y0 = Math.ceil(offsetY);
    const w = Math.floor(ref.columns * scale) - 2;
    const h = Math.floor(ref.rows * scale) - 2;
    const rendered = new Float64Array(w * h);
    const expectedDisplay = new Float64Array(w * h);
    const lo = info.windowCenter - 0.5 - (info.windowWidth - 1) / 2;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const ix = Math.min(ref.columns - 1, Math.floor((x0 + x + 0.5 - offsetX) / scale));
        const iy = Math.min(ref.rows - 1, Math.floor((y0 + y + 0.5 - offsetY) / scale));
        const v = hu[iy * ref.columns + ix];
        expectedDisplay[y * w + x] = Math.min(255, Math.max(0, ((v - lo) / (info.windowWidth - 1)) * 255));
        rendered[y * w + x] = canvas.grey[(y0 + y) * canvas.width + x0 + x];
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
    expect(meanAbs, 'mean |rendered - expected| over regions, in display levels').toBeLessThan(12);
    test.info().annotations.push({ type: 'regions', description: `dark ${dark}, bright ${bright}, mean |diff| ${meanAbs.toFixed(2)}` });
  });
});

test.describe('rendered colour', () => {
  test('US-YBR_FULL_422-EVRLE.dcm: the canvas shows the RGB that the YBR_FULL_422 samples convert to', async ({ page }) => {
    test.skip(missing !== null, missing ?? '');
    const c = cases.find((x) => x.kind === 'image' && x.file === 'US-YBR_FULL_422-EVRLE.dcm');
    if (!c || c.kind !== 'image') throw new Error('US-YBR_FULL_422-EVRLE.dcm case missing');
    await openAndWaitReady(page, c.path);
    const ref = await expectedFor(c);
    const canvas = await renderedRgb(page);
    const { scale, offsetX, offsetY } = fittedPlacement(canvas.width, canvas.height, ref.columns, ref.rows);
    const x0 = Math.ceil(offsetX);
    const y0 = Math.ceil(offsetY);
    const w = Math.floor(ref.columns * scale) - 2;
    const h = Math.floor(ref.rows * scale) - 2;
    const lum = canvas.rgb.filter((_, i) => i % 3 === 0);
    const lumMean = lum.reduce((a, b) => a + b, 0) / lum.length;
    const lumSd = Math.sqrt(lum.reduce((a, b) => a + (b - lumMean) ** 2, 0) / lum.length);
    expect(lumSd, 'rendered canvas is not blank').toBeGreaterThan(5);
    let meanAbs = 0;
    for (let k = 0; k < 3; k++) {
      const rendered = new Float64Array(w * h);
      const expectedCh = new Float64Array(w * h);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const ix = Math.min(ref.columns - 1, Math.floor((x0 + x + 0.5 - offsetX) / scale));
          const iy = Math.min(ref.rows - 1, Math.floor((y0 + y + 0.5 - offsetY) / scale));
          expectedCh[y * w + x] = ref.values[(iy * ref.columns + ix) * 3 + k];
          rendered[y * w + x] = canvas.rgb[((y0 + y) * canvas.width + x0 + x) * 3 + k];
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
