// Recovery: memory does not grow without bound across a long session. Opening and closing images
// ("Close all" in the study list) frees what the loaders and the app hold, and the page's JS heap after
// 200 images stays within a stated bound of the heap after the first batch. The full 1,000-image run with its
// numbers is bench/long-session.bench.ts (bench/out/long-session.md).
import { test, expect } from '@playwright/test';
import { StatReadPage } from './support/statreadPage';
import { runLongSession, type OpenResources } from './support/longSession';
import { dataPath, missingDataReason } from '../test-support/sharedData';

test('Close study shows the next open study; Close all empties the viewport, and files open again afterwards', async ({ page }) => {
  const skip = missingDataReason(PYD);
  test.skip(skip !== null, skip ?? '');
  const app = await StatReadPage.open(page);
  await app.openAndShow([dataPath(PYD, 'CT_small.dcm'), dataPath(PYD, 'MR_small.dcm')], 'CT_small.dcm');
  await expect(page.getByTestId('study-item')).toHaveCount(2);
  await expect(page.getByTestId('worklist-row')).toHaveCount(2);
  const held = () => page.evaluate(() => (window as unknown as { __statreadResources: () => OpenResources }).__statreadResources());
  expect(await held()).toMatchObject({ images: 2, registry: 2 });
  // Close the study on screen (the CT's): the MR is shown instead.
  const ctStudy = page.getByTestId('study-item').filter({ has: page.locator('[data-series-uid]').filter({ hasText: 'CT' }) });
  await ctStudy.getByRole('button', { name: /^Close study/ }).click();
  await app.waitForReady('MR_small.dcm');
  await expect(page.getByTestId('study-item')).toHaveCount(1);
  expect(await held()).toMatchObject({ images: 1, registry: 1, dataSets: 1 });
  // Close all: nothing left, nothing held, the canvas is no longer drawn by the closed image.
  await page.getByRole('button', { name: 'Close all' }).click();
  await app.waitForState('empty');
  await expect(app.seriesItems).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Close all' })).toHaveCount(0);
  expect(await held()).toMatchObject({ images: 0, registry: 0, dataSets: 0 });
  // The triage worklist lets go of them too (it follows the store).
  await expect(page.getByTestId('worklist-row')).toHaveCount(0);
  await app.openAndShow([dataPath(PYD, 'CT_small.dcm')]);
  expect((await app.imageInfo()).rows).toBe(128);
});

/** Stated limit: growth of the GC'd JS heap from after the first batch to after the last. */
export const HEAP_GROWTH_LIMIT_MB = 10;

const PYD = 'dicom-conformance/pydicom-test-files';

test('opening and closing 200 images keeps the JS heap within 10 MB of the first batch, and frees every image', async ({ page }) => {
  test.setTimeout(300_000);
  const skip = missingDataReason(PYD) ?? missingDataReason('nih-cxr14-64');
  test.skip(skip !== null, skip ?? '');
  const app = await StatReadPage.open(page);
  // 20 images a batch: 2 CT 512x512 (530 kB file + 1 MB decoded each: the 10 batches leaking them would pass
  // the limit about three times over), 6 small CT/MR and 12 PNG radiographs (12 series, 12 thumbnails).
  const dicom = [
    ...Array.from({ length: 2 }, () => dataPath('dicom-conformance/cornerstone-wado-testimages', 'CTImage.dcm')),
    ...['CT_small.dcm', 'MR_small.dcm'].flatMap((f) => Array.from({ length: 3 }, () => dataPath(PYD, f))),
  ];
  const png = ['00000001_000.png', '00000001_001.png', '00000001_002.png'].flatMap((f) =>
    Array.from({ length: 4 }, () => dataPath('nih-cxr14-64', 'images', f)),
  );
  const samples = await runLongSession(page, { batch: [...dicom, ...png], imagesPerBatch: 20, total: 200, sampleEveryBatches: 5, log: (l) => console.log(l) });
  const first = samples[0];
  const last = samples[samples.length - 1];
  expect(last.opened).toBe(200);
  // Everything closed is freed: no decoded image in Cornerstone's cache, no parsed data set, no image in the store
  // or the image registry.
  for (const s of samples) expect(s.resources).toEqual({ cornerstoneCacheBytes: 0, dataSets: 0, dataSetBytes: 0, images: 0, registry: 0 });
  expect(last.heapUsedMB - first.heapUsedMB, `heap ${first.heapUsedMB.toFixed(1)} -> ${last.heapUsedMB.toFixed(1)} MB`).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
  // Decoded pixels and file bytes live in ArrayBuffers outside the JS heap: the same bound holds for them.
  expect(last.arrayBuffersMB - first.arrayBuffersMB, `array buffers ${first.arrayBuffersMB.toFixed(1)} -> ${last.arrayBuffersMB.toFixed(1)} MB`).toBeLessThan(
    HEAP_GROWTH_LIMIT_MB,
  );
  // The study list and thumbnails do not pile up DOM nodes either.
  expect(last.nodes).toBeLessThan(first.nodes * 1.5 + 200);
  // And the app still works afterwards.
  await app.openAndShow([dataPath(PYD, 'CT_small.dcm')]);
});
