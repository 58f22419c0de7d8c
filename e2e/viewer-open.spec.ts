// Opening files: the file input, drop on body, recursive folder, PNG/JPEG, compressed syntaxes.
import { test, expect } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_AI, StatReadPage } from './support/statreadPage';
import { withoutPart10Header, fixtureDir } from './support/viewerFixtures';
import { dataPath, missingDataReason } from '../test-support/sharedData';

const WADO = 'dicom-conformance/cornerstone-wado-testimages';
const PYD = 'dicom-conformance/pydicom-test-files';

test.beforeEach(() => {
  const reason = missingDataReason('dicom-conformance');
  test.skip(!!reason, reason ?? '');
});

test('opens a DICOM file with the "Open files" input and renders it', async ({ page }) => {
  const app = await StatReadPage.open(page, NO_AI);
  await app.openFiles([dataPath(WADO, 'CTImage.dcm')]);
  await app.waitForReady('CTImage.dcm');
  await expect(app.seriesItems).toHaveCount(1);
  const px = await app.decodedPixels();
  expect(px).not.toBeNull();
  expect(px!.rows).toBeGreaterThan(0);
  expect(px!.data.length).toBe(px!.rows * px!.columns);
  // Something is drawn: the canvas is not uniformly black.
  const r = await app.renderedPixels();
  let lit = 0;
  for (let i = 0; i < r.data.length; i += 4) if (r.data[i] > 10) lit++;
  expect(lit).toBeGreaterThan(1000);
});

const COMPRESSED = [
  'CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm',
  'CTImage.dcm_JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70.dcm',
  'CTImage.dcm_JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80.dcm',
  'CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm',
  'CTImage.dcm_RLELosslessTransferSyntax_1.2.840.10008.1.2.5.dcm',
  'CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm',
  'CTImage.dcm_BigEndianExplicitTransferSyntax_1.2.840.10008.1.2.2.dcm',
];

test('the decode worker decodes compressed syntaxes in the built site (lossless ones equal the uncompressed twin)', async ({ page }) => {
  test.setTimeout(300_000); // eight files decoded one after another on a shared 2-core machine
  const app = await StatReadPage.open(page, NO_AI);
  await app.openFiles([dataPath(WADO, 'CTImage.dcm')]);
  await app.waitForReady('CTImage.dcm');
  const reference = (await app.decodedPixels())!.data;
  for (const name of COMPRESSED) {
    await app.openAndShow([dataPath(WADO, name)]);
    const px = (await app.decodedPixels())!;
    expect(px.data.length, name).toBe(reference.length);
    if (/4\.50/.test(name)) {
      // JPEG baseline is 8-bit lossy: just check it decoded to something non-constant.
      expect(new Set(px.data.slice(0, 5000)).size, name).toBeGreaterThan(5);
    } else {
      let diff = 0;
      for (let i = 0; i < reference.length; i++) if (px.data[i] !== reference[i]) diff++;
      expect(diff, name).toBe(0);
    }
  }
});

test('opens a whole folder recursively with "Open folder", grouped by patient/study/series', async ({ page }) => {
  const app = await StatReadPage.open(page, NO_AI);
  await app.openFolder(dataPath(PYD, 'dicomdirtests'));
  await app.waitForReady();
  // Every image of the tree lives in a sub-folder; series are keyed by Series Instance UID.
  const uids = await app.seriesItems.evaluateAll((els) => els.map((e) => e.getAttribute('data-series-uid')));
  expect(new Set(uids).size).toBe(uids.length);
  expect(uids.length).toBeGreaterThanOrEqual(12);
  await expect(page.getByRole('region', { name: /Patient Doe.*Archibald/ })).toBeVisible();
  await expect(page.getByRole('region', { name: /Patient Doe.*Peter/ })).toBeVisible();
  await expect(app.seriesItems.filter({ hasText: '7 images' })).toHaveCount(1);
  await expect(app.seriesItems.filter({ hasText: '5 images' })).toHaveCount(1);
  await expect(app.skippedItems.filter({ hasText: 'DICOMDIR' }).first()).toContainText('media directory');
  // Selecting another series renders it.
  await app.seriesItems.filter({ hasText: '5 images' }).click();
  await app.waitForReady();
  expect((await app.imageInfo()).imageId).toBeTruthy();
});

test('dropping files on the page body loads them', async ({ page }) => {
  const app = await StatReadPage.open(page, NO_AI);
  await app.dropFiles([dataPath(PYD, 'MR_small.dcm'), dataPath(PYD, 'CT_small.dcm')]);
  await app.waitForReady();
  await expect(app.seriesItems).toHaveCount(2);
  const first = (await app.imageInfo()).fileName;
  expect(['MR_small.dcm', 'CT_small.dcm']).toContain(first);
});

test('PNG and JPEG images open and their pixels are shown unchanged', async ({ page }) => {
  const app = await StatReadPage.open(page, NO_AI);
  await app.openAndShow([dataPath('cxr-fullres', '00000001_000.png')]);
  const px = (await app.decodedPixels())!;
  expect([px.columns, px.rows, px.samplesPerPixel]).toEqual([1024, 1024, 1]);
  // With the full-range window, the rendered grey equals the PNG value at a pixel centre.
  const info = await app.imageInfo();
  expect(info.windowWidth).toBe(256);
  const r = await app.renderedPixels();
  const scale = Math.min(r.width / px.columns, r.height / px.rows);
  const ox = (r.width - px.columns * scale) / 2;
  const oy = (r.height - px.rows * scale) / 2;
  let maxDiff = 0;
  for (let k = 0; k < 200; k++) {
    const x = 100 + ((k * 37) % 800);
    const y = 100 + ((k * 53) % 800);
    // Compare against the mean of the 3x3 neighbourhood: the canvas is a downscaled view.
    let sum = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += px.data[(y + dy) * px.columns + x + dx];
    const cx = Math.floor(ox + (x + 0.5) * scale);
    const cy = Math.floor(oy + (y + 0.5) * scale);
    maxDiff = Math.max(maxDiff, Math.abs(r.data[(cy * r.width + cx) * 4] - sum / 9));
  }
  expect(maxDiff).toBeLessThan(40);
  await app.openAndShow([dataPath('imagenet-tflite', 'parrot.jpg')]);
  const jpg = (await app.decodedPixels())!;
  expect(jpg.samplesPerPixel).toBe(3);
  await expect(app.seriesItems).toHaveCount(2);
});

test('a data set without preamble and meta header opens', async ({ page }) => {
  const dir = fixtureDir();
  const raw = join(dir, 'MR_small_raw');
  writeFileSync(raw, withoutPart10Header(dataPath(PYD, 'MR_small_implicit.dcm')));
  const app = await StatReadPage.open(page, NO_AI);
  await app.openAndShow([raw, dataPath(PYD, 'MR_small.dcm')], 'MR_small_raw');
  const a = (await app.decodedPixels())!.data;
  await app.showFile('MR_small.dcm');
  await app.waitForReady('MR_small.dcm');
  const b = (await app.decodedPixels())!.data;
  expect(a).toEqual(b);
});

test('multi-frame files open as a series of frames and arrow keys step through them', async ({ page }) => {
  const app = await StatReadPage.open(page, NO_AI);
  await app.openAndShow([dataPath(PYD, 'SC_rgb_rle_2frame.dcm')]);
  await expect(app.seriesItems.first()).toContainText('2 images');
  const f0 = (await app.decodedPixels())!.data;
  await app.shortcut('ArrowDown');
  await expect(page.getByText('Image 2 / 2')).toBeVisible();
  await app.waitForReady('SC_rgb_rle_2frame.dcm');
  const f1 = (await app.decodedPixels())!.data;
  expect(f1.length).toBe(f0.length);
  expect(f1).not.toEqual(f0);
});
