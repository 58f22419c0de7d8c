// Everything the viewer shows, the AI decodes: a 12-bit JPEG CR (.51) and an HTJ2K CR (.201), made at run time from a
// real chest film (test-support/crFixtures.ts), are each displayed with exactly the pixels the AI decodes (HTJ2K:
// the original stored values; 12-bit JPEG: the AI decoder's values computed in Node), scored by the AI panel like
// the trainer's `predict` CLI in Node (within 1e-4 on wasm) or refused by the gate with its reason, and listed in
// the worklist as done or not scored, never as an error.
import { rmSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { modelRoot, openAndShow } from './support/aiPanel';
import { abnormalOutputLabel, defaultModelDir, trainerPredict, type ReferencePrediction } from './support/aiReference';
import { aiJpeg12StoredValues } from './support/aiCodecReference';
import { Worklist } from './support/worklist';
import { makeCodecFixtures, missingCodecFixtureReason, type CodecFixtures } from '../test-support/crFixtures';

const TOLERANCE = 1e-4; // wasm, as e2e/ai-parity.spec.ts

let fx: CodecFixtures;
let reference: Map<string, ReferencePrediction>;
/** The model's "any finding" output: Node reports it, the panel table and the worklist list findings only. */
let abnormalLabel: string | undefined;

function mismatches(actual: ArrayLike<number>, expected: ArrayLike<number>): { count: number; first: string | null } {
  let count = 0;
  let first: string | null = null;
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) {
      count++;
      first ??= `pixel ${i}: ${actual[i]} vs ${expected[i]}`;
    }
  }
  return { count, first };
}

function expectClose(actual: Record<string, number>, ref: ReferencePrediction, what: string): void {
  const labels = Object.keys(ref.probabilities).filter((l) => l !== abnormalLabel);
  expect(Object.keys(actual).sort(), what).toEqual([...labels].sort());
  for (const l of labels) {
    expect(Math.abs(actual[l] - ref.probabilities[l]), `${what} ${l}: browser ${actual[l]} vs Node ${ref.probabilities[l]}`).toBeLessThanOrEqual(TOLERANCE);
  }
}

test.describe('AI decodes what the viewer shows: HTJ2K and 12-bit JPEG CR', () => {
  test.describe.configure({ timeout: 600_000 });

  test.beforeAll(async () => {
    const skip = missingCodecFixtureReason();
    test.skip(skip !== null, skip ?? '');
    fx = await makeCodecFixtures();
    const dir = defaultModelDir(await modelRoot());
    abnormalLabel = abnormalOutputLabel(dir);
    reference = trainerPredict(dir, [fx.htj2k, fx.jpeg12], 'wasm');
  });
  test.afterAll(() => {
    if (fx) rmSync(fx.dir, { recursive: true, force: true });
  });

  for (const kind of ['htj2k', 'jpeg12'] as const) {
    const label = kind === 'htj2k' ? 'HTJ2K lossless CR' : '12-bit JPEG CR';
    test(`${label}: displayed with the AI's pixels, scored like Node, listed without error`, async ({ page }) => {
      const file = fx[kind];
      const ref = reference.get(file)!;
      expect(ref.error, `Node predict: ${ref.error}`).toBeUndefined();

      const { app, ai, wl } = await Worklist.open(page);
      await ai.waitForModel(300_000);
      const name = await openAndShow(app, file, 120_000);

      // Displayed, with the very pixels the AI decodes.
      const shown = await app.decodedPixels();
      expect(shown, 'the viewer reports a decoded image').not.toBeNull();
      expect([shown!.rows, shown!.columns]).toEqual([fx.image.height, fx.image.width]);
      const expected = kind === 'htj2k' ? fx.image.pixels : await aiJpeg12StoredValues(file);
      expect(mismatches(shown!.data, expected), 'display vs AI stored values').toEqual({ count: 0, first: null });

      // Scored by the AI panel (or refused by the gate with a reason, then scored on request), never an error.
      let snap = await ai.waitForResult(name, ['done', 'not-scored', 'error'], 300_000);
      expect(snap.state, snap.reason).not.toBe('error');
      if (snap.state === 'not-scored') {
        expect(snap.reason, 'a refusal names its reason').not.toBe('');
        test.info().annotations.push({ type: 'gate', description: `${name}: ${snap.reason}` });
        await ai.scoreAnywayButton.click();
        snap = await ai.waitForResult(name, ['done', 'error'], 300_000);
      }
      expect(snap.state, snap.reason).toBe('done');
      expect(snap.backend).toBe('wasm');
      expectClose(await ai.tableProbabilities(), ref, `${name} panel`);

      // The worklist row: done (same probabilities) or not scored with a reason; never an error.
      const rows = await wl.waitAllFinished(1, 300_000);
      const row = rows.find((r) => r.fileNames.includes(name));
      expect(row, `a worklist row for ${name}`).toBeDefined();
      expect(['done', 'not-scored'], `${name} worklist: ${row!.status} ${row!.reason}`).toContain(row!.status);
      if (row!.status === 'done') expectClose(row!.probabilities, ref, `${name} worklist`);
      else expect(row!.reason).not.toBe('');
    });
  }
});
