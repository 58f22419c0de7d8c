// Bad input never loses what is open: with a good chest CR open, each deliberately broken file from
// pydicom-test-files (README.txt there says which and why) and non-DICOM files give an alert naming the
// file, while the open study stays listed, rendered and usable.
import { expect, test } from '@playwright/test';
import { basename } from 'node:path';
import { dataPath, missingDataReason } from '../test-support/sharedData';
import { NO_AI, StatReadPage } from './support/statreadPage';

const PYDICOM = 'dicom-conformance/pydicom-test-files';
const GOOD = dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm');
const missing = missingDataReason(PYDICOM) ?? missingDataReason('dicom-cxr');

/** Files broken at the file level (they cannot be parsed as DICOM) and why each is broken. */
const BAD_FILES: { file: string; why: string }[] = [
  { file: 'MR_truncated.dcm', why: 'MR_small.dcm cut short inside the Pixel Data' },
  { file: 'rtplan_truncated.dcm', why: 'RT plan cut short inside a sequence' },
  { file: 'meta_missing_tsyntax.dcm', why: 'file meta information lacks the required Transfer Syntax UID (0002,0010)' },
  { file: 'zipMR.gz', why: 'a gzip archive, not DICOM' },
  { file: 'crayons.icc', why: 'an ICC colour profile, not DICOM' },
];

test('malformed files give alerts naming them while the open study stays visible and usable', async ({ page }) => {
  test.skip(missing !== null, missing ?? '');
  const app = await StatReadPage.open(page, NO_AI);
  await app.openFiles([GOOD]);
  await app.waitForReady(basename(GOOD));
  const viewport = app.viewport;
  const series = app.studyList.getByTestId('series-item');
  await expect(series).toHaveCount(1);

  for (const bad of BAD_FILES) {
    await test.step(`${bad.file}: ${bad.why}`, async () => {
      await app.openFiles([dataPath(PYDICOM, bad.file)]);
      await expect(page.getByRole('alert').filter({ hasText: bad.file }).first(), `alert naming ${bad.file}`).toBeVisible();
      await expect(viewport).toHaveAttribute('data-state', 'ready');
      await expect(viewport).toHaveAttribute('data-file-name', basename(GOOD));
      await expect(series).toHaveCount(1);
    });
  }

  // All bad files at once, as a drop of a mixed folder would deliver them.
  await app.openFiles(BAD_FILES.map((b) => dataPath(PYDICOM, b.file)));
  for (const bad of BAD_FILES) await expect(page.getByRole('alert').filter({ hasText: bad.file }).first()).toBeVisible();
  await expect(viewport).toHaveAttribute('data-state', 'ready');
  await expect(series).toHaveCount(1);

  // Still usable: invert works and changes the rendered pixels.
  const before = await app.imageInfo();
  const greyBefore = await app.renderedPixels();
  await app.rerenderAfter(() =>
    page
      .getByRole('button', { name: /invert/i })
      .first()
      .click(),
  );
  expect((await app.imageInfo()).invert).toBe(!before.invert);
  await expect(viewport).toHaveAttribute('data-state', 'ready');
  await expect
    .poll(
      async () => {
        const after = await app.renderedPixels();
        let changed = 0;
        for (let i = 0; i < after.data.length; i += 4 * 97) if (Math.abs(after.data[i] - greyBefore.data[i]) > 40) changed++;
        return changed;
      },
      { message: 'sampled canvas pixels that changed after invert' },
    )
    .toBeGreaterThan(100);
});

test('a file whose pixel data cannot be decoded gives an alert naming it when shown, and the good image still works', async ({ page }) => {
  test.skip(missing !== null, missing ?? '');
  // README.txt: JPEG2000-embedded-sequence-delimiter.dcm has 4 bytes of its code-stream replaced by a Sequence
  // Delimiter: the data set is valid (so it may be listed), the JPEG 2000 stream is not (OpenJPEG rejects
  // its header).
  const BROKEN = 'JPEG2000-embedded-sequence-delimiter.dcm';
  const app = await StatReadPage.open(page, NO_AI);
  await app.openFiles([GOOD]);
  await app.waitForReady(basename(GOOD));
  const viewport = app.viewport;
  const series = app.studyList.getByTestId('series-item');
  await app.openFiles([dataPath(PYDICOM, BROKEN)]);
  const brokenSeries = series.filter({ hasText: BROKEN });
  if ((await brokenSeries.count()) > 0) await brokenSeries.first().click();
  await expect(page.getByRole('alert').filter({ hasText: BROKEN }).first(), `alert naming ${BROKEN}`).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: BROKEN }).first()).toContainText(/decod|display|corrupt|invalid|could not/i);
  // Back to the good image: it renders, and a tool works.
  await series
    .filter({ hasText: basename(GOOD) })
    .first()
    .click();
  await expect(viewport).toHaveAttribute('data-file-name', basename(GOOD));
  await expect(viewport).toHaveAttribute('data-state', 'ready');
  const greyBefore = await app.renderedPixels();
  await app.rerenderAfter(() =>
    page
      .getByRole('button', { name: /invert/i })
      .first()
      .click(),
  );
  await expect
    .poll(
      async () => {
        const after = await app.renderedPixels();
        let changed = 0;
        for (let i = 0; i < after.data.length; i += 4 * 97) if (Math.abs(after.data[i] - greyBefore.data[i]) > 40) changed++;
        return changed;
      },
      { message: 'sampled canvas pixels that changed after invert' },
    )
    .toBeGreaterThan(100);
});
