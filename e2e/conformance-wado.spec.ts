// Every file of dicom-conformance/cornerstone-wado-testimages renders, and the pixel values the viewer decoded
// equal an independent decode (exact for native and lossless syntaxes, bounded error for lossy ones); files
// without pixel data, and the folder's non-DICOM files, are listed as skipped with the reason.
// See docs/conformance.md and e2e/support/reference-twins.ts for what each file is compared with.
import { expect, test, type Page } from '@playwright/test';
import { basename } from 'node:path';
import { dataPath, missingDataReason } from '../test-support/shared-data';
import { channel, compareValues, correlation, fittedImageRect, gridMeans } from './support/reference-compare';
import { toModality } from './support/reference-decode';
import { WADO_DIR, expectedFor, lossyBound, wadoCases, type WadoCase } from './support/reference-twins';
import { StatReadPage, type DecodedPixels } from './support/statread-page';

const missing = missingDataReason(WADO_DIR);
const cases = missing ? [] : wadoCases();

async function openAndWaitReady(page: Page, path: string): Promise<StatReadPage> {
  const app = await StatReadPage.open(page);
  await app.openFiles([path]);
  await app.waitForReady(basename(path));
  return app;
}

type ImageCase = Extract<WadoCase, { kind: 'image' }>;

async function decoded(app: StatReadPage): Promise<DecodedPixels> {
  const d = await app.decodedPixels();
  if (!d) throw new Error('the viewer reports no decoded image');
  return d;
}

/** Compares the decoded values of the frame on screen with the reference for that frame. */
async function checkDecoded(app: StatReadPage, c: ImageCase, frame: number): Promise<void> {
  const pixels = await decoded(app);
  const expected = await expectedFor(c, frame);
  expect({ rows: pixels.rows, columns: pixels.columns }).toEqual({ rows: expected.rows, columns: expected.columns });
  const count = expected.rows * expected.columns;
  test.info().annotations.push({ type: 'reference', description: `frame ${frame + 1}: ${expected.space}: ${expected.description}` });

  if (expected.space === 'rgb') {
    if (expected.stored && pixels.data.length === expected.stored.length && pixels.data.length !== count * 3) {
      // The viewer kept the stored samples as they lie in the file (e.g. 4:2:2 Y1 Y2 Cb Cr): exact.
      const stats = compareValues(pixels.data, expected.stored);
      expect(stats, `stored colour samples vs ${expected.description}`).toMatchObject({ mismatches: 0 });
      return;
    }
    // Colour: the viewer's converted RGB(A) against the reference conversion. YBR->RGB is float math
    // rounded (or clamped) to 8 bits on both sides, so values may differ by rounding: at most 1.
    const stride = pixels.data.length / count;
    expect([3, 4], `samples per pixel in decoded data (length ${pixels.data.length})`).toContain(stride);
    const rgb = new Float64Array(count * 3);
    for (let p = 0; p < count; p++) for (let k = 0; k < 3; k++) rgb[p * 3 + k] = pixels.data[p * stride + k];
    const stats = compareValues(rgb, expected.values);
    test.info().annotations.push({ type: 'error', description: JSON.stringify(stats) });
    expect(stats.maxAbsError, `RGB vs ${expected.description}`).toBeLessThanOrEqual(1);
    return;
  }

  expect(pixels.data.length, 'one value per pixel').toBe(count);
  if (expected.space === 'stored') {
    const stats = compareValues(pixels.data, expected.values);
    if (stats.mismatches > 0) {
      const scaled = compareValues(pixels.data, toModality(expected.values, c.summary.rescaleSlope, c.summary.rescaleIntercept));
      const hint = scaled.mismatches === 0 ? ' (the viewer returned modality values, the hook must return stored values)' : '';
      expect(stats, `stored values vs ${expected.description}${hint}`).toMatchObject({ mismatches: 0 });
    }
    return;
  }

  // Modality space: rescale both sides with their own slope/intercept.
  const actual = toModality(pixels.data, c.summary.rescaleSlope, c.summary.rescaleIntercept);
  const stats = compareValues(actual, expected.values);
  test.info().annotations.push({ type: 'error', description: JSON.stringify(stats) });
  if (c.mode === 'exact') {
    expect(stats.maxAbsError, `modality values vs ${expected.description}`).toBeLessThan(1e-3);
    return;
  }
  const bound = lossyBound(c.summary);
  test.info().annotations.push({ type: 'bound', description: JSON.stringify(bound) });
  // Soft, so that every frame of a multi-frame file is checked and reported.
  expect.soft(stats.maxAbsError, `frame ${frame + 1}: max |error| in modality units vs ${expected.description} (${bound.why})`).toBeLessThanOrEqual(bound.maxAbs);
  expect.soft(stats.meanAbsError, `frame ${frame + 1}: mean |error| in modality units vs ${expected.description} (${bound.why})`).toBeLessThanOrEqual(bound.meanAbs);
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
      const app = await openAndWaitReady(page, c.path);
      await checkDecoded(app, c, 0);
      // Multi-frame files: every frame, shown one after the other.
      for (let frame = 1; frame < c.summary.numberOfFrames; frame++) {
        const before = (await app.imageInfo()).imageId;
        await app.rerenderAfter(() => app.showFile(c.summary.fileName, frame));
        await app.waitForReady(c.summary.fileName);
        expect((await app.imageInfo()).imageId, `frame ${frame + 1} is a different image`).not.toBe(before);
        await checkDecoded(app, c, frame);
      }
    });
  }

  test('no-pixel-data.dcm is listed as skipped with the reason, nothing is shown for it', async ({ page }) => {
    test.skip(missing !== null, missing ?? '');
    const app = await StatReadPage.open(page);
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
