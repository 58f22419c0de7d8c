// Triage worklist: every opened study is listed and scored in the background; the scores are the
// single-image panel's; the order is flagged first, then "any finding" above its operating point, then by the
// "any finding" probability (the highest critical probability for a model without that output); the keyboard
// moves through it; re-sorting never moves the selected row or takes the focus; pause/resume; export without
// identifiers.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import Papa from 'papaparse';
import { dataPath, missingDataReason } from '../test-support/sharedData';
import { Worklist, isSortedForTriage, FINISHED } from './support/worklist';
import { modelRoot } from './support/aiPanel';
import { defaultModelDir, readModelManifest } from './support/aiReference';

const FULLRES = ['00000001_000.png', '00000002_000.png', '00000050_000.png'].map((f) => dataPath('cxr-fullres', f));
const DICOM = dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm');
// Real-resolution NIH films (512 px; the default model refuses thumbnails smaller than the size it reads) whose
// names do not clash with the full-resolution ones.
const SMALL = [
  '00000573_008.png',
  '00000583_034.png',
  '00000688_002.png',
  '00000710_003.png',
  '00000766_006.png',
  '00000772_002.png',
  '00000798_025.png',
  '00000910_001.png',
].map((f) => dataPath('nih-cxr14-512', 'images', f));
const base = (p: string) => p.split('/').pop()!;

test.beforeEach(() => {
  for (const sub of ['cxr-fullres', 'dicom-cxr', 'nih-cxr14-512']) {
    const reason = missingDataReason(sub);
    test.skip(reason !== null, reason ?? '');
  }
});

test('every opened study is listed, scored in the background like the single-image panel, and sorted', async ({ page }) => {
  test.setTimeout(180_000);
  const { app, ai, wl } = await Worklist.open(page);
  const files = [...FULLRES, DICOM, ...SMALL.slice(0, 3)];
  await app.openFiles(files);
  await wl.show();
  // One row per study: each PNG is its own entry, the DICOM file is its study.
  await expect(wl.rows).toHaveCount(files.length);
  const snap = await wl.waitAllFinished(files.length);
  expect(snap.every((r) => r.status === 'done')).toBe(true);
  const dom = await wl.rowStates();
  for (const r of dom) {
    expect(r.status).toBe('done');
    expect(r.score).not.toBeNull();
    expect(r.score!).toBeGreaterThanOrEqual(0);
    expect(r.score!).toBeLessThanOrEqual(1);
  }
  expect(isSortedForTriage(dom), JSON.stringify(dom.map((r) => [r.flagged, r.score]))).toBe(true);
  // The columns: patient, date and description of the DICOM study, image count, status, top finding, flag.
  const dicomKey = await wl.keyOf(base(DICOM));
  const dicomRow = wl.rowByKey(dicomKey);
  await expect(dicomRow.locator('td').nth(0)).toContainText('16d7f894-55d7-4d95-8957-d18987f0e981');
  await expect(dicomRow.locator('td').nth(3)).toHaveText('1');
  await expect(dicomRow.locator('td').nth(4)).toHaveText('Done');
  // The finding column: the reason finding with its probability, or that none is above its operating point (and
  // the "any finding" probability for a model that has it).
  await expect(dicomRow.locator('td').nth(5)).toContainText(/(%|no finding above its operating point)$/);

  // Same image, same number: each row's score is the "any finding" probability the AI panel shows for it (for a
  // model without that output: the highest probability of its critical findings).
  const manifest = readModelManifest(defaultModelDir(await modelRoot()));
  for (const file of [FULLRES[0], DICOM, SMALL[0]]) {
    const key = await wl.keyOf(base(file));
    const expected = dom.find((r) => r.key === key)!.score!;
    await wl.rowByKey(key).click();
    const shot = await ai.waitForResult(base(file));
    expect(shot.state).toBe('done');
    const panelScore = shot.abnormal ? shot.abnormal.probability : Math.max(...manifest.critical.map((l) => shot.probabilities[l]));
    expect(Math.abs(panelScore - expected)).toBeLessThan(1e-6);
    // Opening a study counts as read.
    await expect(wl.rowByKey(key)).toHaveAttribute('data-read', 'true');
  }
  // The others are still unread.
  const after = await wl.rowStates();
  expect(after.filter((r) => r.read)).toHaveLength(3);
  await expect(wl.rows.filter({ hasText: 'Unread' })).toHaveCount(files.length - 3);
});

test('keyboard: arrows and J/K move in the worklist, Enter opens, N opens the next unread flagged study', async ({ page }) => {
  test.setTimeout(150_000);
  const { app, wl } = await Worklist.open(page);
  const files = SMALL.slice(0, 5);
  await app.openFiles(files);
  await wl.show();
  await wl.waitAllFinished(files.length);
  // Leave the automatically opened first image's own series as it is: keys in the focused worklist must not
  // step images (ArrowDown in the viewer would) nor change what is shown.
  const shownBefore = await app.viewport.getAttribute('data-file-name');
  await wl.table.focus();
  let rows = await wl.rowStates();
  expect(rows[0].selected).toBe(true);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('j');
  rows = await wl.rowStates();
  expect(rows.findIndex((r) => r.selected)).toBe(2);
  await page.keyboard.press('ArrowUp');
  rows = await wl.rowStates();
  expect(rows.findIndex((r) => r.selected)).toBe(1);
  await page.keyboard.press('k');
  rows = await wl.rowStates();
  expect(rows.findIndex((r) => r.selected)).toBe(0);
  await expect(app.viewport).toHaveAttribute('data-file-name', shownBefore!);
  await expect(wl.table).toBeFocused();
  // Enter opens the selected study: the viewer shows it and the row counts as read.
  await page.keyboard.press('ArrowDown');
  const target = (await wl.snapshot())[1];
  await page.keyboard.press('Enter');
  await app.waitForReady(target.fileNames[0]);
  await expect(wl.rowByKey(target.key)).toHaveAttribute('data-read', 'true');
  await expect(wl.table).toBeFocused();
  // N: the next unread flagged study after the selection, opened.
  const snap = await wl.snapshot();
  const sel = snap.findIndex((r) => r.key === target.key);
  const order = [...snap.slice(sel + 1), ...snap.slice(0, sel + 1)];
  const nextFlagged = order.find((r) => r.flagged && !r.read);
  test.skip(!nextFlagged, 'no flagged study among these images with this model');
  await page.keyboard.press('n');
  await app.waitForReady(nextFlagged!.fileNames[0]);
  await expect(wl.rowByKey(nextFlagged!.key)).toHaveAttribute('data-read', 'true');
  await expect(wl.rowByKey(nextFlagged!.key)).toHaveAttribute('aria-selected', 'true');
  // From the viewer (focus off the worklist), J opens the next study in the worklist too.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const before = (await wl.snapshot()).findIndex((r) => r.key === nextFlagged!.key);
  const next = (await wl.snapshot())[before + 1];
  if (next) {
    await page.keyboard.press('j');
    await app.waitForReady(next.fileNames[0]);
  }
});

test('results re-sort the list without moving the selected row or taking the focus', async ({ page }) => {
  test.setTimeout(150_000);
  const { app, wl } = await Worklist.open(page);
  await wl.show();
  await wl.pauseButton.click();
  await app.openFiles(SMALL);
  await expect(wl.rows).toHaveCount(SMALL.length);
  await expect(wl.progress).toHaveAttribute('data-state', 'paused');
  // Select the third row with the keyboard, then let the results arrive.
  await wl.table.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const selectedKey = (await wl.rowStates())[2].key;
  expect((await wl.rowStates())[2].selected).toBe(true);
  // Record, after every change of the table, where the selected row is and whether the table has the focus.
  await page.evaluate(() => {
    const table = document.querySelector('table[aria-label="Worklist"]')!;
    const log: { index: number; focused: boolean; order: string }[] = [];
    (window as unknown as { __wlLog: typeof log }).__wlLog = log;
    new MutationObserver(() => {
      const rows = Array.from(table.querySelectorAll('[data-testid="worklist-row"]')) as HTMLElement[];
      log.push({
        index: rows.findIndex((r) => r.getAttribute('aria-selected') === 'true'),
        focused: document.activeElement === table,
        order: rows.map((r) => r.dataset.key).join('|'),
      });
    }).observe(table, { subtree: true, childList: true, attributes: true });
  });
  await wl.resumeButton.click();
  await wl.table.focus();
  await wl.waitAllFinished(SMALL.length);
  const log = await page.evaluate(() => (window as unknown as { __wlLog: { index: number; focused: boolean; order: string }[] }).__wlLog);
  expect(log.length).toBeGreaterThan(SMALL.length);
  // The order did change while the results came in (otherwise this test proves nothing)...
  expect(new Set(log.map((l) => l.order)).size).toBeGreaterThan(1);
  // ...but the selected row stayed third and the table kept the focus the whole time.
  expect(log.filter((l) => l.index !== 2)).toEqual([]);
  expect(log.filter((l) => !l.focused)).toEqual([]);
  const rows = await wl.rowStates();
  expect(rows[2].key).toBe(selectedKey);
  // Every other row is in triage order; moving on lets the previously selected row take its sorted place.
  expect(isSortedForTriage(rows.filter((r) => r.key !== selectedKey))).toBe(true);
  await page.keyboard.press('Home');
  await expect.poll(async () => isSortedForTriage((await wl.rowStates()).filter((r) => !r.selected))).toBe(true);
});

test('pause holds the batch, resume finishes it; the progress bar counts', async ({ page }) => {
  test.setTimeout(150_000);
  // One worker: at most one image in flight when the pause comes, whatever the machine's core count.
  const { app, ai, wl } = await Worklist.open(page, 'triageWorkers=1');
  await wl.show();
  await wl.pauseButton.click();
  const files = [...FULLRES, ...SMALL.slice(0, 3)];
  await app.openFiles(files);
  await expect(wl.progress).toHaveAttribute('data-total', String(files.length));
  await expect(wl.progress).toContainText(`0 of ${files.length} images`);
  await expect(wl.progress).toContainText('paused');
  // The on-screen image is scored by the panel's own worker meanwhile; the paused pool sends nothing.
  await ai.waitForResult(base(files[0]));
  expect(await wl.scoreRequests()).toBe(0);
  expect((await wl.rowStates()).every((r) => r.status === 'queued')).toBe(true);
  // Pause mid-batch (from the page, the moment the second image is finished): what is in flight finishes,
  // nothing new starts.
  await page.evaluate(() => {
    const progress = document.querySelector('[data-testid="worklist-progress"]') as HTMLElement;
    const obs = new MutationObserver(() => {
      if (Number(progress.dataset.finished) >= 2) {
        obs.disconnect();
        (Array.from(progress.querySelectorAll('button')).find((b) => b.textContent === 'Pause') as HTMLButtonElement).click();
      }
    });
    obs.observe(progress, { attributes: true, attributeFilter: ['data-finished'] });
  });
  await wl.resumeButton.click();
  await expect(wl.progress).toHaveAttribute('data-state', 'paused');
  await page.waitForFunction(
    () => !(window as unknown as { __statreadTriage: { rows(): { status: string }[] } }).__statreadTriage.rows().some((r) => r.status === 'scoring'),
  );
  const held = await wl.scoreRequests();
  const finished = (await wl.rowStates()).filter((r) => FINISHED.includes(r.status)).length;
  expect(finished).toBeLessThan(files.length);
  await expect(wl.progress).toHaveAttribute('data-finished', String(finished));
  // Open another image in the viewer (its panel scoring is what the pool would otherwise wait for): still held.
  await wl.rows.last().click();
  await ai.waitForResult((await wl.snapshot()).at(-1)!.fileNames[0]);
  expect(await wl.scoreRequests()).toBe(held);
  await wl.resumeButton.click();
  await wl.waitAllFinished(files.length);
  await expect(wl.progress).toHaveAttribute('data-finished', String(files.length));
  await expect(wl.progress).toContainText(`${files.length} of ${files.length} images`);
  await expect(wl.progress).toHaveAttribute('data-state', 'idle');
  expect(await wl.scoreRequests()).toBe(files.length);
});

test('export: CSV and JSON of all results, identifiers only when ticked, SHA-256 of the study UID by default', async ({ page }) => {
  test.setTimeout(120_000);
  const { app, wl } = await Worklist.open(page);
  await app.openFiles([DICOM, SMALL[0]]);
  await wl.show();
  await wl.waitAllFinished(2);
  const studyUid = '1.2.276.0.7230010.3.1.2.8323329.6904.1517875201.850818';
  const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

  // The CSV the button downloads.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^statread-worklist-.*\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  expect(parsed.data).toHaveLength(2);
  for (const col of ['patientName', 'patientId', 'studyInstanceUid', 'accessionNumber', 'fileNames', 'studyDate', 'description'])
    expect(parsed.meta.fields).not.toContain(col);
  expect(csv).not.toContain('16d7f894-55d7-4d95-8957-d18987f0e981');
  expect(csv).not.toContain(studyUid);
  expect(csv).not.toContain('siim-cr-chest');
  const dicomRow = parsed.data.find((r) => r.studyUidSha256)!;
  expect(dicomRow.studyUidSha256).toBe(sha(studyUid));
  const pngRow = parsed.data.find((r) => !r.studyUidSha256)!;
  expect(pngRow.imageSha256).toBe(sha(readFileSync(SMALL[0])));
  // The exported numbers are the worklist's.
  const snap = await wl.snapshot();
  for (const r of parsed.data) {
    const row = snap[Number(r.rank) - 1];
    if (row.abnormal === null) expect(r.abnormalProbability).toBe('');
    else expect(Number(r.abnormalProbability)).toBeCloseTo(row.abnormal, 12);
    if (row.criticalScore === null) expect(r.criticalProbability).toBe('');
    else expect(Number(r.criticalProbability)).toBeCloseTo(row.criticalScore, 12);
    expect(r.topFinding).toBe(row.topFinding ?? '');
    expect(r.status).toBe(row.status);
    if (row.probabilities.Pneumothorax === undefined) expect(r.p_Pneumothorax).toBe('');
    else expect(Number(r.p_Pneumothorax)).toBeCloseTo(row.probabilities.Pneumothorax, 12);
  }

  // With identifiers ticked: name, ID and UID are there (JSON this time).
  await wl.includeIdentifiers.check();
  const json = JSON.parse((await wl.exportText('json')).text) as { identifiers: string; rows: Record<string, unknown>[] };
  expect(json.identifiers).toBe('included');
  const withIds = json.rows.find((r) => r.studyUidSha256)!;
  expect(withIds.patientName).toBe('16d7f894-55d7-4d95-8957-d18987f0e981');
  expect(withIds.studyInstanceUid).toBe(studyUid);
  expect(withIds.fileNames).toBe('siim-cr-chest-jpeg-baseline.dcm');
  await wl.includeIdentifiers.uncheck();
  const plain = (await wl.exportText('json')).text;
  expect(plain).not.toContain(studyUid);
  expect(plain).not.toContain('16d7f894');
});
