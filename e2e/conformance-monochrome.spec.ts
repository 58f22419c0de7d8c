// MONOCHROME1 is shown inverted, as PS3.3 C.7.6.3.1.2 requires: dicom-cxr/siim-cr-chest-monochrome1.dcm is the
// same chest CR as siim-cr-chest-jpeg-baseline.dcm (identical pixel data) re-labelled MONOCHROME1, so at the
// same window its rendered grey levels must be the mirror image (255 - v) of the MONOCHROME2 rendering.
import { expect, test, type Page } from '@playwright/test';
import { basename } from 'node:path';
import { dataPath, missingDataReason } from '../test-support/sharedData';
import { compareValues, correlation, fittedImageRect, gridMeans } from './support/referenceCompare';
import { NO_AI, StatReadPage } from './support/statreadPage';

const missing = missingDataReason('dicom-cxr');
const MONO2 = dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm');
const MONO1 = dataPath('dicom-cxr', 'siim-cr-chest-monochrome1.dcm');
const GRID = 32;

async function render(page: Page, path: string) {
  const app = await StatReadPage.open(page, NO_AI);
  await app.openFiles([path]);
  await app.waitForReady(basename(path));
  const info = await app.imageInfo();
  const decoded = await app.decodedPixels();
  if (!decoded) throw new Error(`no decoded image for ${basename(path)}`);
  const shown = await app.renderedPixels();
  // Region means (grey = R) over the part of the canvas the fitted image covers.
  const rect = fittedImageRect(shown.width, shown.height, info.columns, info.rows);
  const inside = new Float64Array(rect.width * rect.height);
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) inside[y * rect.width + x] = shown.data[rect.canvasIndex(x, y) * 4];
  }
  return { info, decoded, regions: gridMeans(inside, rect.width, rect.height, GRID) };
}

test('MONOCHROME1 chest CR renders as the inverse of its MONOCHROME2 twin at the same window', async ({ browser }) => {
  test.skip(missing !== null, missing ?? '');
  // Separate pages: both files carry the same SOP Instance UID, so one page could rightly treat them as one.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const m2 = await render(await context.newPage(), MONO2);
  const m1 = await render(await context.newPage(), MONO1);
  await context.close();

  // Same stored values: the inversion is a display step, not a change to the data.
  expect(compareValues(m1.decoded.data, m2.decoded.data).mismatches, 'decoded stored values are identical').toBe(0);
  expect({ center: m1.info.windowCenter, width: m1.info.windowWidth }, 'same window').toEqual({
    center: m2.info.windowCenter,
    width: m2.info.windowWidth,
  });

  const r = correlation(m1.regions, m2.regions);
  let meanSumError = 0;
  let maxSumError = 0;
  for (let i = 0; i < m1.regions.length; i++) {
    const e = Math.abs(m1.regions[i] + m2.regions[i] - 255);
    meanSumError += e / m1.regions.length;
    maxSumError = Math.max(maxSumError, e);
  }
  test
    .info()
    .annotations.push({ type: 'inversion', description: `r=${r.toFixed(4)}, mean |m1+m2-255|=${meanSumError.toFixed(2)}, max=${maxSumError.toFixed(2)}` });
  expect(r, 'region-wise correlation of MONOCHROME1 vs MONOCHROME2 rendering').toBeLessThan(-0.98);
  expect(meanSumError, 'mean over regions of |MONO1 + MONO2 - 255| (display levels)').toBeLessThan(4);
  expect(maxSumError, 'worst region of |MONO1 + MONO2 - 255| (display levels)').toBeLessThan(12);
  // And the image is not flat (a blank canvas would trivially be its own inverse only at 127.5).
  const spread = Math.max(...m2.regions) - Math.min(...m2.regions);
  expect(spread, 'MONOCHROME2 rendering has contrast').toBeGreaterThan(100);
});
