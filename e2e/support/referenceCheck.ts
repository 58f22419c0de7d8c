// Shared checks of the conformance specs: what the viewer decoded (through the StatReadPage page object)
// against the independent reference of referenceTwins.ts, for every frame of a file.
import { expect, test, type Page } from '@playwright/test';
import { basename } from 'node:path';
import { compareValues } from './referenceCompare';
import { toModality } from './referenceDecode';
import { expectedFor, lossyBound, type WadoCase } from './referenceTwins';
import { NO_AI, StatReadPage, type DecodedPixels } from './statreadPage';

/** Opens one file in the app with nothing else open (a fresh or a cleared page) and waits until it has been rendered. */
export async function openAndWaitReady(page: Page, path: string): Promise<StatReadPage> {
  // The conformance checks look at decoding and display only: the app runs without its AI.
  const app = await StatReadPage.openOrReset(page, NO_AI);
  await app.openFiles([path]);
  await app.waitForReady(basename(path));
  return app;
}

export type ImageCase = Extract<WadoCase, { kind: 'image' }>;

async function decoded(app: StatReadPage): Promise<DecodedPixels> {
  const d = await app.decodedPixels();
  if (!d) throw new Error('the viewer reports no decoded image');
  return d;
}

/** Compares the decoded values of the frame on screen with the reference for that frame. */
export async function checkDecoded(app: StatReadPage, c: ImageCase, frame: number): Promise<void> {
  const pixels = await decoded(app);
  const expected = await expectedFor(c, frame);
  expect({ rows: pixels.rows, columns: pixels.columns }).toEqual({ rows: expected.rows, columns: expected.columns });
  const count = expected.rows * expected.columns;
  test.info().annotations.push({ type: 'reference', description: `frame ${frame + 1}: ${expected.space}: ${expected.description}` });

  if (expected.space === 'rgb') {
    if (expected.stored && pixels.data.length === expected.stored.length && pixels.data.length !== count * 3) {
      // The viewer kept the stored samples as they lie in the file (e.g. 4:2:2 Y1 Y2 Cb Cr): exact.
      const stats = compareValues(pixels.data, expected.stored);
      expect(stats, `stored colour samples vs ${expected.description}`).toMatchObject({ mismatches: 0 });
      return;
    }
    // Colour: the viewer's converted RGB(A) against the reference conversion. YBR->RGB is float math
    // rounded (or clamped) to 8 bits on both sides, so values may differ by rounding: at most 1.
    const stride = pixels.data.length / count;
    expect([3, 4], `samples per pixel in decoded data (length ${pixels.data.length})`).toContain(stride);
    const rgb = new Float64Array(count * 3);
    for (let p = 0; p < count; p++) for (let k = 0; k < 3; k++) rgb[p * 3 + k] = pixels.data[p * stride + k];
    const stats = compareValues(rgb, expected.values);
    test.info().annotations.push({ type: 'error', description: JSON.stringify(stats) });
    expect(stats.maxAbsError, `RGB vs ${expected.description}`).toBeLessThanOrEqual(1);
    return;
  }

  expect(pixels.data.length, 'one value per pixel').toBe(count);
  if (expected.space === 'stored') {
    const stats = compareValues(pixels.data, expected.values);
    if (stats.mismatches > 0) {
      const scaled = compareValues(pixels.data, toModality(expected.values, c.summary.rescaleSlope, c.summary.rescaleIntercept));
      const hint = scaled.mismatches === 0 ? ' (the viewer returned modality values, the hook must return stored values)' : '';
      expect(stats, `stored values vs ${expected.description}${hint}`).toMatchObject({ mismatches: 0 });
    }
    return;
  }

  // Modality space: rescale both sides with their own slope/intercept.
  const actual = toModality(pixels.data, c.summary.rescaleSlope, c.summary.rescaleIntercept);
  const stats = compareValues(actual, expected.values);
  test.info().annotations.push({ type: 'error', description: JSON.stringify(stats) });
  if (c.mode === 'exact') {
    expect(stats.maxAbsError, `modality values vs ${expected.description}`).toBeLessThan(1e-3);
    return;
  }
  const bound = lossyBound(c.summary);
  test.info().annotations.push({ type: 'bound', description: JSON.stringify(bound) });
  // Soft, so that every frame of a multi-frame file is checked and reported.
  expect
    .soft(stats.maxAbsError, `frame ${frame + 1}: max |error| in modality units vs ${expected.description} (${bound.why})`)
    .toBeLessThanOrEqual(bound.maxAbs);
  expect
    .soft(stats.meanAbsError, `frame ${frame + 1}: mean |error| in modality units vs ${expected.description} (${bound.why})`)
    .toBeLessThanOrEqual(bound.meanAbs);
}

/** Opens the file, checks frame 1, then shows and checks every further frame in turn. */
export async function checkEveryFrame(page: Page, c: ImageCase): Promise<StatReadPage> {
  const app = await openAndWaitReady(page, c.path);
  await checkDecoded(app, c, 0);
  for (let frame = 1; frame < c.summary.numberOfFrames; frame++) {
    const before = (await app.imageInfo()).imageId;
    await app.rerenderAfter(() => app.showFile(c.summary.fileName, frame));
    await app.waitForReady(c.summary.fileName);
    expect((await app.imageInfo()).imageId, `frame ${frame + 1} is a different image`).not.toBe(before);
    await checkDecoded(app, c, frame);
  }
  return app;
}
