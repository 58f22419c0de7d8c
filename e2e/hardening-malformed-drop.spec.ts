// Malformed input in the browser: dropping 100 broken files together (made from real conformance files
// by e2e/support/malformedFiles.ts) while a chest CR is open. The app must
// - keep answering: intake yields to the event loop between files (a heartbeat task in the page sees the
//   count of classified files part-way, not only 0 and 100), a real key press during the drop is handled,
//   and no main-thread task runs long enough to look like a hang (10 s; long tasks are recorded and reported);
// - keep the open study intact: same series list, same file on screen, the same rendered pixels;
// - give one message per bad file, grouped into one alert that names each file and its reason.
import { test, expect } from '@playwright/test';
import { NO_AI, StatReadPage } from './support/statreadPage';
import { makeMalformedFiles } from './support/malformedFiles';
import { dataPath, missingDataReason } from '../test-support/sharedData';

const PYD = 'dicom-conformance/pydicom-test-files';
const WADO = 'dicom-conformance/cornerstone-wado-testimages';
const GOOD = 'siim-cr-chest-jpeg-baseline.dcm';

interface ProbeWindow {
  __longTasks?: { start: number; duration: number }[];
  __probe?: { seen: number[]; keyAt: number | null; stop: boolean };
}

test('100 malformed files dropped at once: the app answers, the open study is intact, one message per file', async ({ page }) => {
  test.setTimeout(240_000);
  const skip = missingDataReason(PYD) ?? missingDataReason(WADO) ?? missingDataReason('dicom-cxr');
  test.skip(skip !== null, skip ?? '');
  const bad = makeMalformedFiles(
    [
      dataPath(PYD, 'CT_small.dcm'),
      dataPath(PYD, 'MR_small.dcm'),
      dataPath(PYD, 'MR_small_bigendian.dcm'),
      dataPath(PYD, 'rtdose.dcm'),
      dataPath(WADO, 'CTImage.dcm'),
    ],
    100,
  );
  await page.addInitScript(() => {
    const w = window as unknown as ProbeWindow;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const app = await StatReadPage.open(page, NO_AI);
  await app.openFiles([dataPath('dicom-cxr', GOOD)]);
  await app.waitForReady(GOOD);
  await expect(app.seriesItems).toHaveCount(1);
  const pixelsBefore = await app.renderedHash();
  const annotationsBefore = await page.locator('.annotations').count();
  const runsBefore = await app.intakeRuns();

  // Heartbeat: a task scheduled again and again through a MessageChannel records how many files intake has
  // classified when it runs; a keydown listener records the same when the key press arrives.
  const classifiedBefore = await page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    const count = () => performance.getEntriesByName('statread:file-classified').length;
    const probe = { seen: [] as number[], keyAt: null as number | null, stop: false };
    w.__probe = probe;
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      probe.seen.push(count());
      if (!probe.stop) ch.port2.postMessage(0);
    };
    ch.port2.postMessage(0);
    window.addEventListener('keydown', () => (probe.keyAt ??= count()), { capture: true });
    return count();
  });

  const dropAt = await app.dispatchDrop(bad.map((f) => f.path));
  // A real key press while the files are being read: A toggles the corner annotations.
  await app.shortcut('a');
  await expect(page.locator('.annotations')).toHaveCount(annotationsBefore === 0 ? 1 : 0);
  await expect(app.studyList).toHaveAttribute('data-intake-runs', String(runsBefore + 1), { timeout: 120_000 });
  const probe = await page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    w.__probe!.stop = true;
    return { seen: w.__probe!.seen, keyAt: w.__probe!.keyAt, longTasks: w.__longTasks ?? [] };
  });
  const classifiedAfter = classifiedBefore + bad.length;
  const partWay = [...new Set(probe.seen.filter((n) => n > classifiedBefore && n < classifiedAfter))];
  // (The task that built the 100 File objects and dispatched the drop is the test's own: it starts before dropAt.)
  const duringDrop = probe.longTasks.filter((t) => t.start >= dropAt);
  const longest = Math.max(0, ...duringDrop.map((t) => t.duration));
  const note = `heartbeat saw ${partWay.length} distinct part-way counts of ${bad.length} files; key handled after ${probe.keyAt! - classifiedBefore} files; ${duringDrop.length} long tasks (>50 ms) on the main thread from the drop to the end of intake, longest ${longest.toFixed(0)} ms`;
  test.info().annotations.push({ type: 'responsiveness', description: note });
  console.log(`responsiveness: ${note}`);
  expect(probe.keyAt, 'the key press was handled').not.toBeNull();
  expect(partWay.length, 'other tasks ran between files (intake yields to the event loop)').toBeGreaterThan(1);
  expect(longest, 'no main-thread task near a hang').toBeLessThan(10_000);

  // The open study is intact: the same single series, the same file on screen, the same pixels.
  await expect(app.seriesItems).toHaveCount(1);
  await app.waitForReady(GOOD);
  await app.shortcut('a'); // annotations back as they were
  await expect(page.locator('.annotations')).toHaveCount(annotationsBefore);
  expect(await app.renderedHash()).toBe(pixelsBefore);

  // One message per bad file, grouped into one alert: "100 files could not be opened", each file named once
  // with its reason.
  await expect(app.skippedItems).toHaveCount(0);
  await expect(app.alerts()).toHaveCount(1);
  const group = page.getByTestId('alert-group');
  await expect(group).toContainText(`${bad.length} files could not be opened`);
  const items = group.getByTestId('alert-item');
  await expect(items).toHaveCount(bad.length);
  const named = await items.evaluateAll((els) => els.map((e) => ({ file: (e as HTMLElement).dataset.fileName!, text: e.textContent ?? '' })));
  expect(named.map((n) => n.file).sort()).toEqual(bad.map((f) => f.name).sort());
  for (const n of named) expect(n.text.length, `a reason for ${n.file}`).toBeGreaterThan(n.file.length + 10);
  // Collapsed when long; opening it shows every file.
  await expect(items.first()).toBeHidden();
  await group.locator('summary').click();
  await expect(items.nth(bad.length - 1)).toBeVisible();
  // Still usable: invert changes the rendered image.
  await app.rerenderAfter(() => app.shortcut('i'));
  expect(await app.renderedHash()).not.toBe(pixelsBefore);
});
