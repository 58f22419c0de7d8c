// Specific Character Set (0008,0005): every file of pydicom's character set collection shows its expected
// Patient's Name. Files with pixel data: in the corner annotations and in the study list (the patient heading).
// Files without pixel data (chrJapMulti*, chrKoreanMulti, chrSQEncoding*): the Skipped list names the file and the
// reason, and no patient detail (messages get copied into bug reports); their names are checked by the unit tests
// (src/dicom/characterSets.test.ts: header summary and tag browser rows, sequence items included).
import { readdirSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { formatPersonName } from '../src/model/dicomText';
import { CHARSET_DIR, EXPECTED_PATIENT_NAMES, SEQUENCE_ONLY_FILES } from '../test-support/charsetFiles';
import { dataPath, missingDataReason } from '../test-support/sharedData';
import { NO_AI, StatReadPage } from './support/statreadPage';

const NO_PIXELS = new Set(['chrJapMulti.dcm', 'chrJapMultiExplicitIR6.dcm', 'chrKoreanMulti.dcm', ...SEQUENCE_ONLY_FILES]);

test.beforeEach(() => {
  const reason = missingDataReason(CHARSET_DIR);
  test.skip(!!reason, reason ?? '');
});

test('every character set file shows its expected patient name', async ({ page }) => {
  test.setTimeout(180_000);
  const files = readdirSync(dataPath(CHARSET_DIR))
    .filter((f) => f.endsWith('.dcm'))
    .sort();
  expect(files.length).toBeGreaterThanOrEqual(17);
  const app = await StatReadPage.open(page, NO_AI);
  await app.openFiles(files.map((f) => dataPath(CHARSET_DIR, f)));
  await expect(app.skippedItems).toHaveCount(NO_PIXELS.size);

  const corner = page.getByTestId('annotations').locator('.corner.tl .strong');
  for (const file of files) {
    const expected = EXPECTED_PATIENT_NAMES[file];
    expect(expected, `${file} has no expected name`).toBeDefined();
    const shown = formatPersonName(expected);
    if (NO_PIXELS.has(file)) {
      const item = app.skippedItems.filter({ hasText: file });
      await expect(item, file).toHaveCount(1);
      await expect(item, file).toContainText('no Pixel Data');
      continue;
    }
    await expect(app.studyList.getByRole('region', { name: `Patient ${shown}`, exact: true }), file).toHaveCount(1);
    await app.showFile(file);
    await app.waitForReady(file);
    await expect(corner, file).toHaveText(shown);
  }
});
