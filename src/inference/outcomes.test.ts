// Stored results as this version reads them: the "any finding" score round-trips, and records written before it
// (and before findings had `validated`) read as having none, with every finding that has an operating point validated.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/cxrModel';
import { fromStored, fromWorker, toStored } from './outcomes';
import type { ScoreResult } from './protocol';
import type { StoredResult } from './resultCache';

const gate: ScoreResult['gate'] = { pass: true, stage: null, reason: '' };
const timing = { decodeMs: 1, preprocessMs: 1, networkMs: 1, camMs: 0, totalMs: 3 };

describe('stored results', () => {
  it('keep the "any finding" score through IndexedDB', () => {
    const findings: Finding[] = [
      { label: 'Pneumonia', probability: 0.6, operatingPoint: 0.5, validated: true, critical: true, positive: true, flagged: true },
      { label: 'Hernia', probability: 0.9, operatingPoint: null, validated: false, critical: false, positive: false, flagged: false },
    ];
    const r = {
      fileName: 'x.png',
      gate,
      forced: false,
      scored: true,
      findings,
      abnormal: { probability: 0.7, operatingPoint: 0.4, positive: true },
      probabilities: {},
      ood: null,
      heatmap: null,
      backend: 'wasm',
      timing,
    } as unknown as ScoreResult;
    const known = fromWorker(r, { id: 'm', version: '2' });
    expect(known.result.abnormal).toEqual({ probability: 0.7, operatingPoint: 0.4, positive: true });
    const back = fromStored(toStored(known));
    expect(back.result.abnormal).toEqual(known.result.abnormal);
    expect(back.result.findings).toEqual(findings);
  });

  it('read records from before v2 as having no "any finding" score and validated findings', () => {
    const old = {
      modelId: 'm',
      modelVersion: '1',
      scored: true,
      reason: '',
      backend: 'wasm',
      gate,
      ood: null,
      findings: [{ label: 'Pneumothorax', probability: 0.2, operatingPoint: 0.1, critical: true, positive: true, flagged: true }],
    } as unknown as StoredResult;
    const k = fromStored(old);
    expect(k.result.abnormal).toBeNull();
    expect(k.result.findings[0]).toMatchObject({ label: 'Pneumothorax', validated: true, operatingPoint: 0.1, flagged: true });
  });
});
