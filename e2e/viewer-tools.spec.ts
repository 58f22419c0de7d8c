// Tools and keyboard shortcuts change what is rendered; help overlay, tag browser, annotations.
import { test, expect } from '@playwright/test';
import { NO_AI, StatReadPage } from './support/statreadPage';
import { dataPath, missingDataReason } from '../test-support/sharedData';

const WADO = 'dicom-conformance/cornerstone-wado-testimages';
const PYD = 'dicom-conformance/pydicom-test-files';

test.beforeEach(() => {
  const reason = missingDataReason('dicom-conformance');
  test.skip(!!reason, reason ?? '');
});

async function openCt(page: import('@playwright/test').Page) {
  const app = await StatReadPage.open(page, NO_AI);
  await app.openAndShow([dataPath(WADO, 'CTImage.dcm')]);
  return app;
}

test('keyboard shortcuts invert, rotate, flip, zoom, fit and reset, changing the rendered canvas', async ({ page }) => {
  const app = await openCt(page);
  const initial = await app.imageInfo();
  expect(initial).toMatchObject({ invert: false, rotation: 0, flipH: false, flipV: false });
  const base = await app.renderedHash();

  const steps: [string, (i: Awaited<ReturnType<typeof app.imageInfo>>) => void][] = [
    ['i', (i) => expect(i.invert).toBe(true)],
    ['r', (i) => expect(i.rotation).toBe(90)],
    ['h', (i) => expect(i.flipH).toBe(true)],
    ['v', (i) => expect(i.flipV).toBe(true)],
    ['+', (i) => expect(i.zoom).toBeGreaterThan(initial.zoom * 1.2)],
    ['f', (i) => expect(i.zoom).toBeCloseTo(1, 3)],
  ];
  let prev = base;
  for (const [key, check] of steps) {
    await app.rerenderAfter(() => app.shortcut(key));
    check(await app.imageInfo());
    const hash = await app.renderedHash();
    if (key !== 'f') expect(hash, `key ${key} changed the canvas`).not.toBe(prev);
    prev = hash;
  }
  await app.rerenderAfter(() => app.shortcut('0'));
  const reset = await app.imageInfo();
  expect(reset).toMatchObject({ invert: false, rotation: 0, flipH: false, flipV: false });
  expect(reset.windowCenter).toBe(initial.windowCenter);
  expect(reset.windowWidth).toBe(initial.windowWidth);
  expect(await app.renderedHash()).toBe(base);
});

test('toolbar buttons do the same as the keys', async ({ page }) => {
  const app = await openCt(page);
  await app.rerenderAfter(() => page.getByRole('button', { name: 'Invert' }).click());
  expect((await app.imageInfo()).invert).toBe(true);
  await app.rerenderAfter(() => page.getByRole('button', { name: 'Rotate 90°' }).click());
  expect((await app.imageInfo()).rotation).toBe(90);
  await app.rerenderAfter(() => page.getByRole('button', { name: 'Flip horizontal' }).click());
  expect((await app.imageInfo()).flipH).toBe(true);
  await app.rerenderAfter(() => page.getByRole('button', { name: 'Reset' }).click());
  expect(await app.imageInfo()).toMatchObject({ invert: false, rotation: 0, flipH: false });
});

test('window/level by dragging changes centre and width; pan and zoom tools move the image', async ({ page }) => {
  const app = await openCt(page);
  const before = await app.imageInfo();
  const box = (await app.viewport.boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await app.shortcut('w');
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 80, cy + 60, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await app.imageInfo()).windowWidth).not.toBe(before.windowWidth);
  const after = await app.imageInfo();
  expect(after.windowCenter).not.toBe(before.windowCenter);
  await expect(page.getByTestId('window-readout')).toContainText(`W ${Math.round(after.windowWidth!)}`);

  await app.shortcut('z');
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx, cy - 100, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await app.imageInfo()).zoom).not.toBeCloseTo(after.zoom, 2);

  await app.shortcut('p');
  const hash = await app.renderedHash();
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 120, cy, { steps: 8 });
  await page.mouse.up();
  await expect.poll(() => app.renderedHash()).not.toBe(hash);
});

test('length tool measures in mm with PixelSpacing and says which spacing it used', async ({ page }) => {
  const app = await openCt(page);
  await expect(page.getByTestId('calibration')).toContainText('PixelSpacing 0.675781');
  await app.shortcut('l');
  const box = (await app.viewport.boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx - 100, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 100, cy, { steps: 10 });
  await page.mouse.up();
  await expect(app.viewport.locator('svg text').filter({ hasText: /mm/ }).first()).toBeVisible();
});

test('length tool falls back to px without pixel spacing', async ({ page }) => {
  const app = await StatReadPage.open(page, NO_AI);
  await app.openAndShow([dataPath('cxr-fullres', '00000001_000.png')]);
  await expect(page.getByTestId('calibration')).toContainText('Lengths in px');
});

test('pixel probe shows the stored value of the clicked pixel and the displayed grey', async ({ page }) => {
  const app = await StatReadPage.open(page, NO_AI);
  await app.openAndShow([dataPath(PYD, 'CT_small.dcm')]);
  await app.shortcut('x');
  const box = (await app.viewport.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2 + 13, box.y + box.height / 2 + 7);
  const readout = page.getByTestId('probe-readout');
  await expect(readout).toBeVisible();
  const text = await readout.innerText();
  const m = /\((\d+), (\d+)\) stored (-?\d+).*displayed (\d+)/.exec(text);
  expect(m, text).not.toBeNull();
  const [, x, y, stored] = m!.map(Number);
  const px = (await app.decodedPixels())!;
  expect(stored).toBe(px.data[y * px.columns + x]);
  expect(text).toMatch(/HU -?\d+/);
});

test('"?" opens the shortcut help, Escape closes it', async ({ page }) => {
  const app = await openCt(page);
  await app.shortcut('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const label of ['Invert greyscale', 'Rotate 90° clockwise', 'Flip horizontally', 'Length tool', 'Pixel probe tool', 'Reset view']) {
    await expect(help).toContainText(label);
  }
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

test('every dialog takes the keyboard while open and closes on Escape; the viewer keys work again after', async ({ page }) => {
  const app = await openCt(page);
  for (const [open, name] of [
    [() => page.getByRole('button', { name: 'Stored data' }).click(), 'Stored data'],
    [() => page.getByRole('button', { name: 'PACS', exact: true }).click(), 'PACS'],
    [() => app.shortcut('t'), /DICOM tags/],
    [() => app.shortcut('?'), 'Keyboard shortcuts'],
  ] as const) {
    await open();
    const dialog = page.getByRole('dialog', { name });
    await expect(dialog).toBeVisible();
    // "i" inverts the image when no dialog is open; inside one it must do nothing, wherever the focus is.
    await page.locator('body').focus();
    await page.keyboard.press('i');
    await page.keyboard.press('Shift+H');
    expect((await app.imageInfo()).invert, String(name)).toBe(false);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
  await app.rerenderAfter(() => app.shortcut('i'));
  expect((await app.imageInfo()).invert).toBe(true);
});

test('the tag browser lists the header and filters by search', async ({ page }) => {
  const app = await openCt(page);
  await app.shortcut('t');
  const dialog = page.getByRole('dialog', { name: /DICOM tags/ });
  await expect(dialog).toBeVisible();
  const rows = dialog.getByTestId('tag-row');
  await expect.poll(() => rows.count()).toBeGreaterThan(40);
  await dialog.getByLabel('Search tags').fill('PatientName');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('(0010,0010)');
  await expect(rows.first()).toContainText('MISTER^CT');
  await dialog.getByLabel('Search tags').fill('0028,0030');
  await expect(rows.first()).toContainText('PixelSpacing');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('corner annotations show patient, study and image context and can be hidden', async ({ page }) => {
  const app = await openCt(page);
  const ann = page.getByTestId('annotations');
  await expect(ann).toContainText('MISTER, CT');
  await expect(ann).toContainText('ID 2178309');
  await expect(ann).toContainText('2001-01-05');
  await expect(ann).toContainText('512 × 512');
  await expect(ann).toContainText('W 400 / C 40');
  await expect(ann).toContainText('Zoom 100%');
  await app.shortcut('a');
  await expect(ann).toBeHidden();
  await page.getByRole('button', { name: 'Annotations' }).click();
  await expect(ann).toBeVisible();
});
