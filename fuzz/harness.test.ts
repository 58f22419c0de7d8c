// CI-sized fuzz run (300 cases, a fixed seed) through the real harness: child processes, per-case time limit,
// heap cap, allocation guard. The full >= 10,000-case run is `npm run fuzz` (docs/fuzz.md).
import { describe, expect, it } from 'vitest';
import { CORPUS_SUBDIR, loadCorpus } from './corpus';
import { formatSummary, runFuzz } from './harness';
import { missingDataReason } from '../test-support/sharedData';

const skip = missingDataReason(CORPUS_SUBDIR);

describe.skipIf(skip !== null)('fuzz harness (CI size)', () => {
  it('300 mutated conformance files end in success or a typed error', { timeout: 240_000 }, async () => {
    const corpus = loadCorpus();
    expect(corpus.length).toBeGreaterThan(100);
    const summary = await runFuzz({ cases: 300, seconds: 150, seed: 20261125, perCaseMs: 4000, heapMb: 512, rssMb: 1536, workers: 2, sweep: false }, corpus);
    const report = formatSummary(summary);
    expect(summary.failures, report).toEqual([]);
    expect(summary.generatorErrors, report).toEqual([]);
    // Bounded by time on a busy machine, but it must get through most of the cases and see every mutator.
    expect(summary.casesRun, report).toBeGreaterThanOrEqual(200);
    expect(summary.clean).toBe(summary.casesRun);
    expect(Object.keys(summary.byMutation).sort(), report).toEqual([
      'absurd-length',
      'bit-flip',
      'byte-run',
      'deep-sequence',
      'image-size',
      'truncate',
      'wrong-transfer-syntax',
    ]);
    // Both outcomes occur: some mutants still decode, most are refused with a typed error.
    expect(summary.decoded).toBeGreaterThan(0);
    expect(summary.stages.decodeAsync['DecodeError:malformed'] ?? 0).toBeGreaterThan(0);
  });
});
