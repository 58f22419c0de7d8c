// Reload without loss: results are kept in IndexedDB under their result key (SOP Instance UID or content hash, and
// model version; stored as a keyed hash, see e2e/hardening-stored-data.spec.ts). After a reload, opening the same files shows the finished results at once and
// the scoring pool computes nothing; a reload in the middle of a batch keeps everything already finished.
// Read marks are kept by study identity (hashed Study Instance UID, PNG/JPEG content hash): a study opened before a
// reload shows Read again when its files are opened again.
import { test, expect } from '@playwright/test';
import { dataPath, missingDataReason } from '../test-support/sharedData';
import { Worklist } from './support/worklist';

const DICOM = dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm');
const MONO1 = dataPath('dicom-cxr', 'siim-cr-chest-monochrome1.dcm');
const FULLRES = ['00000001_001.png', '00000003_000.png'].map((f) => dataPath('cxr-fullres', f));
// Real-resolution films (512 px): the default model refuses thumbnails smaller than the size it reads.
const SMALL = ['00000468_040.png', '00000499_008.png', '00000506_013.png'].map((f) => dataPath('nih-cxr14-512', 'images', f));

test.beforeEach(() => {
  for (const sub of ['cxr-fullres', 'dicom-cxr', 'nih-cxr14-512']) {
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

test('read marks survive a reload (and the upgrade of a version-1 database): the studies opened stay Read', async ({ page }) => {
  test.setTimeout(150_000);
  const files = [DICOM, FULLRES[0], ...SMALL.slice(0, 2)];
  const base = (f: string) => f.split('/').pop()!;
  let { app, wl } = await Worklist.open(page);
  // A database left by an earlier release (version 1: results only, keyed by UID in clear) with one row in it.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const del = indexedDB.deleteDatabase('statread-triage');
        del.onsuccess = () => {
          const req = indexedDB.open('statread-triage', 1);
          req.onupgradeneeded = () => req.result.createObjectStore('results', { keyPath: 'key' }).put({ key: 'from-version-1' });
          req.onsuccess = () => {
            req.result.close();
            resolve();
          };
          req.onerror = () => reject(req.error);
        };
        del.onerror = () => reject(del.error);
      }),
  );
  await app.openFiles(files);
  await wl.show();
  await wl.waitAllFinished(files.length);
  // Open one DICOM study and one PNG image: they count as read.
  const opened = [base(DICOM), base(SMALL[0])];
  for (const f of opened) {
    const key = await wl.keyOf(f);
    await wl.rowByKey(key).click();
    await expect(wl.rowByKey(key)).toHaveAttribute('data-read', 'true');
  }
  // Each mark is written to IndexedDB as it is set (as results are): wait for the two writes, then reload.
  const storedReads = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const req = indexedDB.open('statread-triage');
          req.onsuccess = () => {
            const db = req.result;
            if (!db.objectStoreNames.contains('reads')) return (resolve(0), db.close());
            const c = db.transaction('reads', 'readonly').objectStore('reads').count();
            c.onsuccess = () => (resolve(c.result), db.close());
            c.onerror = () => (resolve(-1), db.close());
          };
          req.onerror = () => resolve(-1);
        }),
    );
  await expect.poll(storedReads, { timeout: 10_000 }).toBe(opened.length);

  await page.reload();
  ({ app, wl } = await Worklist.open(page));
  await wl.show();
  await wl.pauseButton.click();
  await app.openFiles(files);
  await wl.waitAllFinished(files.length, 30_000);
  for (const f of files) {
    const row = wl.rowByKey(await wl.keyOf(base(f)));
    await expect(row, f).toHaveAttribute('data-read', opened.includes(base(f)) ? 'true' : 'false');
  }
  await expect(wl.rows.filter({ hasText: 'Unread' })).toHaveCount(files.length - opened.length);
  // The results are read back, nothing recomputed; the upgrade to version 3 dropped what version 1 had stored
  // (its keys were identifiers in clear) and added the store of the row-key secret.
  expect(await wl.scoreRequests()).toBe(0);
  const kept = await page.evaluate(
    () =>
      new Promise<{ version: number; stores: string[]; probe: boolean }>((resolve, reject) => {
        const req = indexedDB.open('statread-triage');
        req.onsuccess = () => {
          const db = req.result;
          const get = db.transaction('results', 'readonly').objectStore('results').get('from-version-1');
          get.onsuccess = () => {
            resolve({ version: db.version, stores: [...db.objectStoreNames], probe: !!get.result });
            db.close();
          };
          get.onerror = () => reject(get.error);
        };
        req.onerror = () => reject(req.error);
      }),
  );
  expect(kept).toEqual({ version: 3, stores: ['meta', 'reads', 'results'], probe: false });
});
