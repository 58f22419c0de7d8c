// Opening files: the file input, drop on body, recursive folder, PNG/JPEG, compressed syntaxes.
import { test, expect } from '@playwright/test';
import { StatReadPage } from './support/statread-page';
import { dataPath, missingDataReason } from '../test-support/shared-data';

const WADO = 'dicom-conformance/cornerstone-wado-testimages';

test.beforeEach(() => {
  const reason = missingDataReason('dicom-conformance');
  test.skip(!!reason, reason ?? '');
});

test('opens a DICOM file with the "Open files" input and renders it', async ({ page }) => {
  const app = await StatReadPage.open(page);
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
  const app = await StatReadPage.open(page);
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
