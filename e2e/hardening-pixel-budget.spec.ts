// No input can exhaust the tab: with a chest film open, dropping a valid PNG of 30000 x 30000 pixels (~875 KB), an
// RLE DICOM whose header says 30000 x 30000, and a deflated-DICOM bomb (~3 MB inflating to 3 GiB), one at a time.
// Each must give an alert naming the file within 5 s, register nothing, and leave the open study on screen; the
// renderer's peak resident memory (VmHWM of the renderer processes, read through the browser's process list)
// stays under 1.5 GB. Without the pixel budget the PNG alone drove the tab past 9 GB. The fixtures are made at
// test time (test-support/budgetFixtures.ts). A valid deflated DICOM still opens.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { NO_AI, StatReadPage } from './support/statreadPage';
import { deflateBombDicom, hugePng, hugeRleDicom } from '../test-support/budgetFixtures';
import { dataPath, missingDataReason } from '../test-support/sharedData';

const GOOD = 'siim-cr-chest-jpeg-baseline.dcm';
const DEFLATED = 'CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm';
const PEAK_LIMIT_MB = 1536;

interface AlertWindow {
  __alertAt?: number;
}

/** Peak resident memory (MB) of the largest renderer process of this browser (VmHWM), or null off Linux. */
async function rendererPeakMB(page: Page): Promise<number | null> {
  const browser = page.context().browser();
  if (!browser) return null;
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    const peaks = processInfo
      .filter((p) => p.type === 'renderer')
      .map((p) => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'));
          return m ? Number(m[1]) / 1024 : 0;
        } catch {
          return 0;
        }
      });
    return peaks.length ? Math.max(...peaks) : null;
  } finally {
    await cdp.detach();
  }
}

test('over-budget images and a deflate bomb are refused with an alert; the open study and memory are safe', async ({ page }) => {
  test.setTimeout(180_000);
  const skip = missingDataReason('dicom-cxr') ?? missingDataReason('dicom-conformance');
  test.skip(skip !== null, skip ?? '');
  const dir = test.info().outputPath('hostile');
  mkdirSync(dir, { recursive: true });
  const hostile = [
    { name: 'huge-30000.png', bytes: hugePng(), reason: '30000x30000 pixels exceeds the limit of 67108864 samples per frame' },
    { name: 'huge-30000-rle.dcm', bytes: hugeRleDicom(), reason: '30000x30000 pixels exceeds the limit of 67108864 samples per frame' },
    { name: 'deflate-bomb.dcm', bytes: deflateBombDicom(), reason: 'the deflated data set inflates to more than 67108864 bytes' },
  ].map((f) => {
    const path = join(dir, f.name);
    writeFileSync(path, f.bytes);
    return { ...f, path };
  });

  const app = await StatReadPage.open(page, NO_AI);
  await app.openFiles([dataPath('dicom-cxr', GOOD)]);
  await app.waitForReady(GOOD);
  await expect(app.seriesItems).toHaveCount(1);
  const pixelsBefore = await app.renderedHash();
  const peakBefore = await rendererPeakMB(page);

  for (const f of hostile) {
    const runs = await app.intakeRuns();
    // The page records when the alert naming the file appears (page clock, as the drop time is): the time the
    // test process takes to hand the bytes to the page is not the app's.
    await page.evaluate((name) => {
      const w = window as unknown as AlertWindow;
      w.__alertAt = undefined;
      const seen = () => document.querySelector(`[data-testid="alert-item"][data-file-name="${name}"]`);
      const obs = new MutationObserver(() => {
        if (seen()) {
          w.__alertAt = performance.now();
          obs.disconnect();
        }
      });
      obs.observe(document.body, { childList: true, subtree: true });
    }, f.name);
    const dropAt = await app.dispatchDrop([f.path]);
    const alert = page.locator(`[data-testid="alert-item"][data-file-name="${f.name}"]`);
    await expect(alert, `an alert naming ${f.name}`).toContainText(f.reason, { timeout: 60_000 });
    await expect(app.studyList).toHaveAttribute('data-intake-runs', String(runs + 1));
    const alertMs = await page.evaluate((at) => (window as unknown as AlertWindow).__alertAt! - at, dropAt);
    console.log(`${f.name} (${f.bytes.length} bytes): alert ${alertMs.toFixed(0)} ms after the drop`);
    test.info().annotations.push({ type: 'alert', description: `${f.name}: ${alertMs.toFixed(0)} ms` });
    expect(alertMs, `alert for ${f.name} within 5 s of the drop`).toBeLessThan(5_000);
    // Nothing was registered: still one series, the same file on screen, the same pixels.
    await expect(app.seriesItems).toHaveCount(1);
    await app.waitForReady(GOOD);
    expect(await app.renderedHash()).toBe(pixelsBefore);
  }
  await expect(page.getByTestId('alert-item')).toHaveCount(hostile.length);

  const peakAfter = await rendererPeakMB(page);
  const note = `renderer peak RSS ${peakBefore?.toFixed(0)} MB with the chest film open, ${peakAfter?.toFixed(0)} MB after the three hostile drops (limit ${PEAK_LIMIT_MB} MB)`;
  console.log(note);
  test.info().annotations.push({ type: 'memory', description: note });
  expect(peakAfter, 'renderer processes found through SystemInfo.getProcessInfo').not.toBeNull();
  expect(peakAfter!).toBeLessThan(PEAK_LIMIT_MB);

  // A valid deflated DICOM still opens (the truncation check reads the inflated data set).
  await app.openFiles([dataPath('dicom-conformance', 'cornerstone-wado-testimages', DEFLATED)]);
  await expect(app.seriesItems).toHaveCount(2);
  await app.showFile(DEFLATED);
  await app.waitForReady(DEFLATED);
  await expect(page.getByTestId('alert-item')).toHaveCount(hostile.length);
});
