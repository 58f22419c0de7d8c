// Real-world headers: a CR whose Pixel Spacing is zero, negative, NaN or text still renders, nothing on screen
// reads NaN, and the corner says lengths are in px because the file has no valid pixel spacing.
import { test, expect } from '@playwright/test';
import { basename } from 'node:path';
import { NO_AI, StatReadPage } from './support/statreadPage';
import { DEGENERATE_SPACINGS, writeDegenerateSpacingFiles } from './support/degenerateSpacing';
import { missingDataReason } from '../test-support/sharedData';

test.beforeEach(() => {
  const reason = missingDataReason('dicom-cxr');
  test.skip(!!reason, reason ?? '');
});

test('zero, negative, NaN and text pixel spacings render, read no NaN and measure in px', async ({ page }) => {
  const files = writeDegenerateSpacingFiles();
  const app = await StatReadPage.open(page, NO_AI);
  await app.openFiles(files);
  const ann = page.getByTestId('annotations');
  for (const path of files) {
    const name = basename(path);
    await test.step(`${name} (PixelSpacing ${DEGENERATE_SPACINGS[name].join('\\')})`, async () => {
      await app.showFile(name);
      await app.waitForReady(name);
      const info = await app.imageInfo();
      expect(info).toMatchObject({ rows: 1024, columns: 1024 });
      expect(Number.isFinite(info.zoom) && info.zoom > 0, `zoom ${info.zoom}`).toBe(true);
      expect(info.pan.every(Number.isFinite), `pan ${info.pan}`).toBe(true);
      // The canvas shows the chest: a real spread of greys, not a black (NaN camera) frame.
      const px = await app.renderedPixels();
      let sum = 0;
      let sumSq = 0;
      const n = px.width * px.height;
      for (let i = 0; i < px.data.length; i += 4) {
        sum += px.data[i];
        sumSq += px.data[i] * px.data[i];
      }
      const mean = sum / n;
      const sd = Math.sqrt(sumSq / n - mean * mean);
      expect(mean, 'mean grey of the rendered canvas').toBeGreaterThan(20);
      expect(sd, 'grey spread of the rendered canvas').toBeGreaterThan(20);
      await expect(ann).toContainText(/Zoom \d+%/);
      await expect(ann).not.toContainText('NaN');
      await expect(page.getByTestId('calibration')).toHaveText('Lengths in px (no valid pixel spacing)');
    });
  }

  // A length on the last one is in px (no mm invented from the broken spacing), and it reads no NaN.
  await app.shortcut('l');
  const box = (await app.viewport.boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx - 100, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 100, cy, { steps: 10 });
  await page.mouse.up();
  await expect.poll(async () => (await app.imageInfo()).measurements).toBe(1);
  const label = app.viewport.locator('svg text').first();
  await expect(label).toContainText(/\d px/);
  await expect(label).not.toContainText('NaN');
});
