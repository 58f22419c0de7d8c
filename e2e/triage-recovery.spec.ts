// Recovery of the inference workers: a scoring worker that crashes or hangs past the time limit is
// restarted; the image it held is marked "error" with the reason and the rest of the queue is still scored.
import { test, expect } from '@playwright/test';
import { basename } from 'node:path';
import { dataPath, missingDataReason } from '../test-support/sharedData';
import { Worklist } from './support/worklist';

// Real-resolution films (512 px): the default model refuses thumbnails smaller than the size it reads.
const IMAGES = ['00000211_013.png', '00000218_000.png', '00000261_002.png', '00000310_001.png', '00000415_001.png', '00000459_041.png'].map((f) =>
  dataPath('nih-cxr14-512', 'images', f),
);

test.beforeEach(() => {
  const reason = missingDataReason('nih-cxr14-512');
  test.skip(reason !== null, reason ?? '');
});

test('a crashed or hung scoring worker is restarted, its image shows the reason, later images are still scored', async ({ page }) => {
  test.setTimeout(150_000);
  // One worker in the pool, so that the faulty one is the worker every later image must go through.
  const { app, wl } = await Worklist.open(page, 'triageWorkers=1');
  await wl.show();
  await wl.pauseButton.click();
  await app.openFiles(IMAGES.slice(0, 3));
  await expect(wl.rows).toHaveCount(3);

  // Crash: the worker throws an uncaught error on the next image and never answers.
  await wl.injectFault('crash');
  await wl.resumeButton.click();
  let rows = await wl.waitAllFinished(3);
  const crashed = rows.filter((r) => r.status === 'error');
  expect(crashed).toHaveLength(1);
  expect(crashed[0].fileNames).toEqual([basename(IMAGES[0]!)]);
  expect(crashed[0].reason).toMatch(/crashed \(.*injected worker crash.*\).*restarted/);
  const crashedRow = wl.rowByKey(crashed[0].key);
  await expect(crashedRow).toHaveAttribute('data-status', 'error');
  await expect(crashedRow).toHaveAttribute('data-score', '');
  await expect(crashedRow.getByTestId('worklist-status')).toContainText('Error: the inference worker crashed');
  for (const r of rows.filter((x) => x !== crashed[0])) expect(r.status).toBe('done');
  expect((await wl.pool())!.restarts).toBe(1);

  // Hang: a busy loop on the next image; past the (shortened) limit the worker is terminated and replaced.
  await wl.setItemTimeout(4000);
  await wl.pauseButton.click();
  await app.openFiles(IMAGES.slice(3));
  await expect(wl.rows).toHaveCount(6);
  await wl.injectFault('hang');
  await wl.resumeButton.click();
  rows = await wl.waitAllFinished(6);
  const hung = rows.filter((r) => r.status === 'error' && r.fileNames[0] === basename(IMAGES[3]!));
  expect(hung).toHaveLength(1);
  expect(hung[0].reason).toMatch(/scoring hung: score did not finish within 4 s; the inference worker was restarted/);
  await expect(wl.rowByKey(hung[0].key).getByTestId('worklist-status')).toContainText('scoring hung');
  for (const f of IMAGES.slice(4).map((p) => basename(p))) {
    const r = rows.find((x) => x.fileNames[0] === f)!;
    expect(r.status).toBe('done');
    expect(r.score).not.toBeNull();
  }
  expect((await wl.pool())!.restarts).toBe(2);
  // The worklist says so too.
  await expect(page.getByText('2 restarted')).toBeVisible();
});
