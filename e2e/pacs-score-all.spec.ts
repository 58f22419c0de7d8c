// "Score all results": one click opens every study of the search page (CR/DX by default) over WADO-RS and the
// triage worklist scores them all, critical first.
import { test, expect } from '@playwright/test';
import { Worklist } from './support/worklist';
import { useTestOrthanc } from './support/orthanc';
import { CR_DX_STUDIES } from './support/orthancData';
import { PacsDialog, TEST_SERVER } from './support/orthancPacsPage';

useTestOrthanc();

test('Score all results opens every CR/DX study of the search into the worklist, where each is scored', async ({ page }) => {
  test.setTimeout(300_000);
  const { app, wl } = await Worklist.open(page);
  const pacs = new PacsDialog(page);
  await pacs.addServer(TEST_SERVER);
  await pacs.search({ patientName: 'PACSE2E' });
  await expect(pacs.rows).toHaveCount(CR_DX_STUDIES.length);
  await pacs.dialog.getByRole('button', { name: 'Score all results' }).click();
  const progress = pacs.dialog.getByTestId('pacs-score-all');
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(progress).toHaveText(`Opened ${CR_DX_STUDIES.length} of ${CR_DX_STUDIES.length} studies for scoring`);
  for (const s of CR_DX_STUDIES) await expect(pacs.row(s.studyUid)).toHaveAttribute('data-open-state', 'opened');
  await pacs.close();

  // Every study's series is open and the first one is on screen.
  const seriesUids = () => app.seriesItems.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.seriesUid ?? ''));
  const opened = await seriesUids();
  for (const s of CR_DX_STUDIES) expect(opened).toContain(s.seriesUid);
  await expect(app.viewport).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });

  // The worklist has one row per study and scores all of them; rows are sorted flagged first, then by score.
  await wl.show();
  const rows = await wl.waitAllFinished(await wl.rows.count(), 240_000);
  expect(rows.length).toBeGreaterThanOrEqual(CR_DX_STUDIES.length);
  const files = rows.flatMap((r) => r.fileNames);
  for (const s of CR_DX_STUDIES) expect(files).toContain(`${s.sopUid}.dcm`);
  for (const r of rows.filter((x) => CR_DX_STUDIES.some((s) => x.fileNames.includes(`${s.sopUid}.dcm`))))
    expect(r.status, `${r.fileNames.join(',')}: ${r.reason}`).toBe('done');
  const keys = rows.map((r) => [r.flagged ? 1 : 0, r.score ?? -1] as const);
  for (let i = 1; i < keys.length; i++) {
    const [f0, s0] = keys[i - 1];
    const [f1, s1] = keys[i];
    expect(f0 > f1 || (f0 === f1 && s0 >= s1), `row ${i} order`).toBe(true);
  }
  // The three relabelled copies of one film get one score; the three NIH films are distinct images.
  const bySop = new Map(rows.flatMap((r) => r.fileNames.map((f) => [f, r.score] as const)));
  const siim = CR_DX_STUDIES.filter((s) => s.source === 'siim').map((s) => bySop.get(`${s.sopUid}.dcm`));
  expect(new Set(siim).size).toBe(1);

  // Score all again: already-open studies are not fetched twice.
  await pacs.open();
  await pacs.dialog.getByRole('button', { name: 'Score all results' }).click();
  await expect(progress).toHaveAttribute('data-state', 'done');
  // "Show" brings an opened study on screen without fetching it again.
  const lastUid = (await pacs.listedStudyUids()).at(-1)!;
  const other = CR_DX_STUDIES.find((s) => s.studyUid === lastUid)!;
  expect(await app.viewport.getAttribute('data-file-name')).not.toBe(`${other.sopUid}.dcm`);
  await pacs
    .row(other.studyUid)
    .getByRole('button', { name: /^Open study of/ })
    .click();
  await expect(pacs.row(other.studyUid)).toHaveAttribute('data-open-state', 'opened');
  await pacs.close();
  await expect(app.viewport).toHaveAttribute('data-file-name', `${other.sopUid}.dcm`);
  expect(await seriesUids()).toEqual(opened);
});

test('Stop ends Score all after the study being opened; what was opened stays', async ({ page }) => {
  const { app } = await Worklist.open(page);
  const pacs = new PacsDialog(page);
  await pacs.addServer(TEST_SERVER);
  await pacs.search({ patientName: 'PACSE2E' });
  await pacs.dialog.getByRole('button', { name: 'Score all results' }).click();
  await pacs.dialog.getByRole('button', { name: 'Stop' }).click();
  const progress = pacs.dialog.getByTestId('pacs-score-all');
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const text = (await progress.textContent()) ?? '';
  const m = /^Stopped: opened (\d+) of (\d+) studies/.exec(text);
  expect(m, text).not.toBeNull();
  const opened = Number(m![1]);
  expect(opened).toBeGreaterThanOrEqual(1);
  expect(opened).toBeLessThan(Number(m![2]));
  expect(await pacs.dialog.locator('[data-testid="pacs-study-row"][data-open-state="opened"]').count()).toBe(opened);
  await pacs.close();
  await expect(app.viewport).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
});
