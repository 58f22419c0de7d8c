// Replays every input that once failed the fuzz harness (fuzz/regressions/fixtures.ts) through the app's parse and
// decode code and asserts a clean outcome: success or a typed error, and no buffer over the allocation cap.
import { ALLOC_CAP_BYTES, takeBigAllocations } from './allocGuard'; // first: wraps the typed-array constructors
import { describe, expect, it } from 'vitest';
import { CORPUS_SUBDIR, loadCorpus } from './corpus';
import { caseById } from './mutate';
import { runOne } from './outcome';
import { REPLAYS, SYNTHETIC } from './regressions/fixtures';
import { missingDataReason } from '../test-support/sharedData';
import { MAX_FRAME_SAMPLES } from '../src/model/decode/dicom';
import { registerNodeCodecs } from '../trainer/data/nodeCodecs';

// The same codecs the fuzz child registers (JPEG 2000, JPEG-LS through decodeImageAsync).
registerNodeCodecs();

describe('fuzz regressions (synthetic, no shared data needed)', () => {
  it('caps what one frame may declare below the harness allocation cap', () => {
    expect(MAX_FRAME_SAMPLES * 4).toBeLessThanOrEqual(ALLOC_CAP_BYTES);
  });

  for (const f of SYNTHETIC) {
    // A known-open bug in code this harness may not change: `it.fails` keeps it visible and flags its fix.
    const test = f.knownOpen ? it.fails : it;
    test(`${f.name}: ${f.expect}${f.knownOpen ? ` (known open: ${f.knownOpen})` : ''}`, async () => {
      takeBigAllocations();
      const outcome = await runOne(f.build(), `${f.name}.dcm`);
      expect(takeBigAllocations()).toEqual([]);
      expect(outcome.failed, JSON.stringify(outcome)).toBe(false);
      expect(outcome.decodeAsync.label).toBe(f.expect);
      expect(outcome.decode.label).toBe(f.expect);
      // The viewer's classifier must reject it (or accept it) without throwing.
      expect(outcome.classify.label).toMatch(/^classify:/);
    });
  }
});

const skip = missingDataReason(CORPUS_SUBDIR);
describe.skipIf(skip !== null || REPLAYS.length === 0)('fuzz regressions (replayed cases over the shared corpus)', () => {
  const corpus = skip === null && REPLAYS.length > 0 ? loadCorpus() : [];
  for (const r of REPLAYS) {
    const test = r.knownOpen ? it.fails : it;
    test(`seed ${r.seed} case ${r.id}${r.knownOpen ? ` (known open: ${r.knownOpen})` : ''}`, async () => {
      const c = caseById(corpus, r.seed, r.id);
      takeBigAllocations();
      const outcome = await runOne(c.bytes, c.seedFile);
      expect(takeBigAllocations()).toEqual([]);
      expect(outcome.failed, `${c.detail}: ${JSON.stringify(outcome)}`).toBe(false);
    });
  }
});
