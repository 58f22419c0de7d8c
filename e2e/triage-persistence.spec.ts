// Reload without loss (issue 5): results are kept in IndexedDB by SOP Instance UID (DICOM) or content hash
// (PNG/JPEG) and model version. After a reload, opening the same files shows the finished results at once and
// the scoring pool computes nothing; a reload in the middle of a batch keeps everything already finished.
import { test, expect } from '@playwright/test';
import { dataPath, missingDataReason } from '../test-support/shared-data';
import { Worklist } from './support/worklist';

const DICOM = dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm');
const MONO1 = dataPath('dicom-cxr', 'siim-cr-chest-monochrome1.dcm');
const FULLRES = ['00000001_001.png', '00000003_000.png'].map((f) => dataPath('cxr-fullres', f));
const SMALL = ['00000064_000.png', '00000086_000.png', '00000096_003.png'].map((f) => dataPath('nih-cxr14-64', 'images', f));

test.beforeEach(() => {
  for (const sub of ['cxr-fullres', 'dicom-cxr', 'nih-cxr14-64']) {
    const reason = missingDataReason(sub);
    test.skip(reason !== null, reason ?? '');
  }
});

test('after a reload the same files show their finished results at once, without recomputing', async ({ page }) => {
  test.setTimeout(150_000);
  const files = [DICOM, MONO1, ...FULLRES, ...SMALL.slice(0, 1)];
  let { app, wl } = await Worklist.open(page);
  await app.openFiles(files);
  await wl.show();
  const first = await wl.waitAllFinished(4);
  // The MONOCHROME1 twin shares the SOP Instance UID of the other film (same study, same row) but not its
  // pixels' meaning: it is scored on its own, not given the other's result.
  expect(await wl.scoreRequests()).toBe(files.length);
  const byFile = (rows: typeof first) => Object.fromEntries(rows.map((r) => [r.fileNames.join('+'), { status: r.status, score: r.score, reason: r.reason }]));

  await page.reload();
  ({ app, wl } = await Worklist.open(page));
  await wl.show();
  // Paused: nothing can be computed, so whatever is finished came from IndexedDB.
  await wl.pauseButton.click();
  await app.openFiles(files);
  const again = await wl.waitAllFinished(4, 30_000);
  expect(await wl.scoreRequests()).toBe(0);
  expect(byFile(again)).toEqual(byFile(first));
  await expect(wl.progress).toContainText(`${files.length} of ${files.length} images (${files.length} from earlier results)`);
});

test('a reload in the middle of a batch loses nothing already finished', async ({ page }) => {
  test.setTimeout(150_000);
  const files = [...FULLRES, ...SMALL];
  let { app, wl } = await Worklist.open(page, 'triageWorkers=1');
  await app.openFiles(files);
  await wl.show();
  await wl.waitFinishedAtLeast(2);
  // Whatever was finished when the page went away (a result is written to IndexedDB as it arrives).
  const finished = (await wl.snapshot()).filter((r) => r.status === 'done');
  await page.reload();
  ({ app, wl } = await Worklist.open(page));
  await wl.show();
  await wl.pauseButton.click();
  await app.openFiles(files);
  await expect.poll(async () => (await wl.snapshot()).filter((r) => r.status === 'done').length, { timeout: 30_000 }).toBeGreaterThanOrEqual(finished.length);
  const now = await wl.snapshot();
  for (const r of finished) {
    const same = now.find((x) => x.fileNames.join() === r.fileNames.join())!;
    expect(same.status).toBe('done');
    expect(same.score).toBe(r.score);
  }
  expect(await wl.scoreRequests()).toBe(0);
  // Resuming computes only what was left.
  await wl.resumeButton.click();
  await wl.waitAllFinished(files.length);
  expect(await wl.scoreRequests()).toBeLessThanOrEqual(files.length - finished.length);
});
