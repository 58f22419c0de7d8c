// Bad input never loses what is open: broken files give role="alert" messages naming file and reason.
import { test, expect } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_AI, StatReadPage } from './support/statreadPage';
import { withTransferSyntax, fixtureDir } from './support/viewerFixtures';
import { dataPath, missingDataReason } from '../test-support/sharedData';

const PYD = 'dicom-conformance/pydicom-test-files';
const WADO = 'dicom-conformance/cornerstone-wado-testimages';

test.beforeEach(() => {
  const reason = missingDataReason('dicom-conformance');
  test.skip(!!reason, reason ?? '');
});

async function openGoodStudy(app: StatReadPage) {
  await app.openFiles([dataPath(WADO, 'CTImage.dcm')]);
  await app.waitForReady('CTImage.dcm');
  await expect(app.seriesItems).toHaveCount(1);
}

test('truncated, malformed and non-DICOM files give alerts while the open study stays usable', async ({ page }) => {
  const app = await StatReadPage.open(page, NO_AI);
  await openGoodStudy(app);
  const before = await app.renderedHash();
  await app.openFiles([dataPath(PYD, 'MR_truncated.dcm'), dataPath(PYD, 'README.txt'), dataPath(PYD, 'meta_missing_tsyntax.dcm')]);
  await expect(app.alerts()).toHaveCount(3);
  const texts = await app.alertTexts();
  expect(texts.find((t) => t.includes('MR_truncated.dcm'))).toMatch(/truncated|malformed|overrun/i);
  expect(texts.find((t) => t.includes('README.txt'))).toMatch(/not a DICOM file/);
  expect(texts.find((t) => t.includes('meta_missing_tsyntax.dcm'))).toMatch(/0002,0010/);
  // The study is still there, still rendered, and the tools still work on it.
  await expect(app.seriesItems).toHaveCount(1);
  await app.waitForReady('CTImage.dcm');
  expect(await app.renderedHash()).toBe(before);
  await app.rerenderAfter(() => app.shortcut('i'));
  expect((await app.imageInfo()).invert).toBe(true);
  expect(await app.renderedHash()).not.toBe(before);
});

test('an unsupported transfer syntax is named in the alert', async ({ page }) => {
  const dir = fixtureDir();
  const bad = join(dir, 'JPEG2000-part2.dcm');
  writeFileSync(bad, withTransferSyntax(dataPath(PYD, 'JPEG2000.dcm'), '1.2.840.10008.1.2.4.91', '1.2.840.10008.1.2.4.93'));
  const app = await StatReadPage.open(page, NO_AI);
  await openGoodStudy(app);
  await app.openFiles([bad]);
  await expect(app.alerts()).toHaveCount(1);
  await expect(app.alerts().first()).toContainText('JPEG2000-part2.dcm');
  await expect(app.alerts().first()).toContainText('unsupported transfer syntax 1.2.840.10008.1.2.4.93');
  await app.waitForReady('CTImage.dcm');
});

test('many bad files are grouped into one alert listing each file', async ({ page }) => {
  const app = await StatReadPage.open(page, NO_AI);
  await openGoodStudy(app);
  await app.openFiles(['MR_truncated.dcm', 'README.txt', 'rtplan.dump', 'test1.json', 'crayons.icc', 'zipMR.gz'].map((f) => dataPath(PYD, f)));
  await expect(app.alerts()).toHaveCount(1);
  await expect(app.alerts().first()).toContainText('6 files could not be opened');
  for (const f of ['MR_truncated.dcm', 'README.txt', 'zipMR.gz']) await expect(app.alerts().first()).toContainText(f);
  await expect(app.seriesItems).toHaveCount(1);
});

test('DICOMDIR and structured reports are listed as skipped with the reason, not as errors', async ({ page }) => {
  const app = await StatReadPage.open(page, NO_AI);
  await app.openFiles([dataPath(PYD, 'dicomdirtests/DICOMDIR'), dataPath(PYD, 'test-SR.dcm'), dataPath(PYD, 'MR_small.dcm')]);
  await app.waitForReady('MR_small.dcm');
  await expect(app.skippedItems).toHaveCount(2);
  await expect(app.skippedItems.filter({ hasText: 'DICOMDIR' })).toContainText('media directory');
  await expect(app.skippedItems.filter({ hasText: 'test-SR.dcm' })).toContainText('Structured Report');
  await expect(app.alerts()).toHaveCount(0);
});

test('a decode failure at render time gives an alert and data-state="error", and the study list stays', async ({ page }) => {
  const app = await StatReadPage.open(page, NO_AI);
  await openGoodStudy(app);
  // Valid DICOM structure, but 4 bytes of the JPEG 2000 code stream are replaced (pydicom README).
  const broken = 'JPEG2000-embedded-sequence-delimiter.dcm';
  await app.openFiles([dataPath(PYD, broken)]);
  await expect(app.seriesItems).toHaveCount(2);
  await app.selectSeriesByText('NM');
  await app.waitForState('error');
  await expect(app.alerts().filter({ hasText: broken })).toContainText('could not be displayed');
  await expect(app.seriesItems).toHaveCount(2);
  // Going back to the good series works, and the tools still change what is rendered.
  await app.selectSeries(0);
  await app.waitForReady('CTImage.dcm');
  const before = await app.renderedHash();
  await app.rerenderAfter(() => app.shortcut('i'));
  expect((await app.imageInfo()).invert).toBe(true);
  await expect.poll(() => app.renderedHash()).not.toBe(before);
});
