// The worklist row's reason finding: the flagged finding with the highest probability when the study is flagged
// (not another finding, however probable), else the most probable finding above its operating point, else "no
// finding above its operating point"; never a finding without an operating point. Checked against the findings
// panel's rows for the same image: with the model as it is, and with its manifest changed so that critical findings
// are flagged on every film (the model's own critical findings, or two validated ones made critical for a model
// that has none), which real films cannot be relied on to produce. The flag banner then sits outside the image.
import { test, expect, type Page } from '@playwright/test';
import { dataPath, missingDataReason } from '../test-support/sharedData';
import { findingName } from '../src/model/findingNames';
import { Worklist, type TriageWindow } from './support/worklist';
import { expectedRowReason, findingRows, openWithManifest, validatedLabels } from './support/findingsRows';
import type { AiPanel } from './support/aiPanel';
import type { StatReadPage } from './support/statreadPage';

const FILES = [
  dataPath('cxr-fullres', '00000001_000.png'),
  dataPath('cxr-fullres', '00000002_000.png'),
  dataPath('cxr-fullres', '00000050_000.png'),
  dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm'),
];
const base = (p: string) => p.split('/').pop()!;

test.beforeEach(() => {
  for (const sub of ['cxr-fullres', 'dicom-cxr']) {
    const reason = missingDataReason(sub);
    test.skip(reason !== null, reason ?? '');
  }
});

/** Opens every file, scores them in the worklist, then opens each row and checks its reason against the panel. */
async function checkReasons(page: Page, app: StatReadPage, ai: AiPanel): Promise<{ file: string; reason: string | null; flagged: boolean }[]> {
  await page.waitForFunction(() => !!(window as unknown as TriageWindow).__statreadTriage);
  const wl = new Worklist(page);
  await app.openFiles(FILES);
  await wl.show();
  await wl.waitAllFinished(FILES.length, 180_000);
  const seen: { file: string; reason: string | null; flagged: boolean }[] = [];
  for (const file of FILES) {
    const key = await wl.keyOf(base(file));
    const row = wl.rowByKey(key);
    await row.click();
    const shot = await ai.waitForResult(base(file));
    expect(shot.state, shot.reason).toBe('done');
    const rows = await findingRows(ai);
    const reason = expectedRowReason(rows);
    const flagged = rows.some((r) => r.flagged);
    const cell = row.getByTestId('worklist-finding');
    await expect(row).toHaveAttribute('data-flagged', flagged ? 'true' : 'false');
    await expect(cell).toHaveAttribute('data-finding', reason ?? '');
    if (reason) {
      const p = rows.find((r) => r.label === reason)!.probability;
      await expect(cell).toContainText(`${findingName(reason)} ${(p * 100).toFixed(1)}%`);
    } else await expect(cell).toContainText('no finding above its operating point');
    // Never a finding without an operating point.
    if (reason) expect(rows.find((r) => r.label === reason)!.validated).toBe(true);
    seen.push({ file: base(file), reason, flagged });
  }
  return seen;
}

test('the row shows the finding above its operating point the panel shows for the same image, or says there is none', async ({ page }) => {
  test.setTimeout(240_000);
  const { app, ai } = await openWithManifest(page, () => undefined);
  const seen = await checkReasons(page, app, ai);
  test.info().annotations.push({ type: 'reasons', description: JSON.stringify(seen) });
});

test('a flagged study shows the critical finding that flagged it, not a more probable finding; the banner is outside the image', async ({ page }) => {
  test.setTimeout(240_000);
  // Two critical findings at operating point 0 (flagged on every film) and one other validated finding at 0 too
  // (above on every film, not critical): the row must name the more probable of the two critical ones.
  let critical: string[] = [];
  let other = '';
  const { app, ai } = await openWithManifest(page, (m) => {
    const validated = validatedLabels(m);
    const own = m.critical.filter((c) => validated.includes(c));
    critical = (own.length >= 2 ? own : [...own, ...validated.filter((l) => !own.includes(l))]).slice(0, 2);
    other = validated.find((l) => !critical.includes(l)) ?? '';
    m.critical = critical;
    for (const l of Object.keys(m.operatingPoints)) m.operatingPoints[l] = critical.includes(l) || l === other ? 0 : 1;
  });
  const seen = await checkReasons(page, app, ai);
  for (const s of seen) {
    expect(s.flagged, s.file).toBe(true);
    expect(critical, s.file).toContain(s.reason);
  }
  // The last film is on screen, flagged: the banner names the flagged findings and does not cover the viewport.
  const banner = page.getByTestId('critical-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('AI flag:');
  for (const c of critical) await expect(banner).toContainText(findingName(c));
  const b = (await banner.boundingBox())!;
  const v = (await app.viewport.boundingBox())!;
  expect(b.x < v.x + v.width && b.x + b.width > v.x && b.y < v.y + v.height && b.y + b.height > v.y, 'banner over the viewport').toBe(false);
  test.info().annotations.push({ type: 'reasons', description: JSON.stringify({ critical, other, seen }) });
});
