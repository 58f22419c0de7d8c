// One scoring engine: the findings panel and the worklist ask the same scoring service, so an image is scored
// once whoever asks first. Real radiographs (3 full-resolution PNGs and the two chest CR DICOMs, one of them the
// MONOCHROME1 twin the gate may refuse) are opened: the panel shows the first, the worklist scores all, then each
// is shown in the viewer. Every image costs exactly one score request, the panel's numbers are the worklist
// row's, and after a reload the same files send none (the results come back from IndexedDB).
import { test, expect } from '@playwright/test';
import { dataPath, missingDataReason } from '../test-support/sharedData';
import { Worklist, type TriageRowSnapshot } from './support/worklist';
import { scoringRequests, scoringTotal } from './support/scoring';
import type { StatReadPage } from './support/statreadPage';
import type { AiPanel } from './support/aiPanel';

const FILES = [
  dataPath('cxr-fullres', '00000001_000.png'),
  dataPath('cxr-fullres', '00000002_000.png'),
  dataPath('cxr-fullres', '00000003_000.png'),
  dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm'),
  dataPath('dicom-cxr', 'siim-cr-chest-monochrome1.dcm'),
];
const base = (p: string) => p.split('/').pop()!;
// Each PNG is its own row; the two DICOM files share their study.
const ROWS = 4;

test.beforeEach(() => {
  for (const sub of ['cxr-fullres', 'dicom-cxr']) {
    const reason = missingDataReason(sub);
    test.skip(reason !== null, reason ?? '');
  }
});

interface Shown {
  imageId: string;
  state: string;
  probabilities: Record<string, number>;
}

/** Shows every file in the viewer and reads the panel's result for it. */
async function showEach(app: StatReadPage, ai: AiPanel): Promise<Map<string, Shown>> {
  const out = new Map<string, Shown>();
  for (const file of FILES) {
    const name = base(file);
    await app.showFile(name);
    const snap = await ai.waitForResult(name);
    expect(['done', 'not-scored'], `${name}: ${snap.reason}`).toContain(snap.state);
    const info = await app.imageInfo();
    expect(info.fileName).toBe(name);
    out.set(name, { imageId: info.imageId!, state: snap.state, probabilities: snap.probabilities });
  }
  return out;
}

function rowOf(rows: TriageRowSnapshot[], name: string): TriageRowSnapshot {
  const row = rows.find((r) => r.fileNames.includes(name));
  if (!row) throw new Error(`no worklist row holds ${name}`);
  return row;
}

test('the panel and the worklist together send one score request per image; a reload with the same files sends none', async ({ page }) => {
  test.setTimeout(300_000);
  let { app, ai, wl } = await Worklist.open(page);
  await app.openFiles(FILES);
  await wl.show();
  // The panel shows the first image of the drop while the worklist scores them all.
  const first = await ai.waitForResult(base(FILES[0]));
  expect(first.state, first.reason).toBe('done');
  const rows = await wl.waitAllFinished(ROWS);
  for (const r of rows) expect(r.status, `${r.fileNames.join('+')}: ${r.reason}`).toBe('done');

  const shown = await showEach(app, ai);
  const requests = await scoringRequests(page);
  for (const [name, s] of shown) {
    expect(requests[s.imageId]?.score, `${name}: ${JSON.stringify(requests[s.imageId])}`).toBe(1);
    // Same image, same numbers: the panel shows the result the worklist's row carries.
    if (s.state !== 'done') continue;
    const row = rowOf(rows, name);
    // Every finding of the row (the row lists findings; the panel's probabilities also hold the any-finding output).
    const labels = Object.keys(row.probabilities);
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.every((l) => l in s.probabilities)).toBe(true);
    for (const l of labels) expect(Math.abs(s.probabilities[l] - row.probabilities[l]), `${name} ${l}`).toBeLessThan(1e-6);
  }
  const total = await scoringTotal(page);
  expect(total.score).toBe(FILES.length);
  // The worklist counts the same: one request behind each of its images.
  expect(await wl.scoreRequests()).toBe(FILES.length);
  test.info().annotations.push({ type: 'requests', description: JSON.stringify(total) });

  // A reload with the same files: the panel and the worklist get every result from IndexedDB.
  await page.reload();
  ({ app, ai, wl } = await Worklist.open(page));
  await app.openFiles(FILES);
  await wl.show();
  const again = await wl.waitAllFinished(ROWS, 60_000);
  for (const r of again) expect(r.status).toBe('done');
  const shownAgain = await showEach(app, ai);
  for (const [name, s] of shownAgain) {
    const before = shown.get(name)!;
    expect(s.state, name).toBe(before.state);
    for (const [l, p] of Object.entries(before.probabilities)) expect(Math.abs(s.probabilities[l] - p), `${name} ${l} after reload`).toBeLessThan(1e-6);
  }
  expect((await scoringTotal(page)).score).toBe(0);
  expect(await wl.scoreRequests()).toBe(0);
  await expect(wl.progress).toContainText(`(${FILES.length} from earlier results)`);
});
