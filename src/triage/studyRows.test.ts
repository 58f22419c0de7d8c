// A row's status, score, flag and top finding from its images.
import { describe, expect, it } from 'vitest';
import { summariseRow } from './studyRows';
import type { TriageItem, TriageStatus } from './types';
import type { Finding } from '../model/cxrModel';

function f(label: string, probability: number, operatingPoint: number, critical = false): Finding {
  const positive = probability >= operatingPoint;
  return { label, probability, operatingPoint, validated: true, critical, positive, flagged: critical && positive };
}

function item(id: string, status: TriageStatus, findings: Finding[] = [], reason = ''): TriageItem {
  return {
    imageId: id,
    rowKey: 'r',
    fileName: `${id}.dcm`,
    frame: 0,
    kind: 'dicom',
    status,
    reason,
    cacheKey: null,
    result: status === 'done' ? { scored: true, reason: '', findings, backend: 'wasm', modelId: 'm', modelVersion: '1', workerMs: 1, fromCache: false } : null,
  };
}

describe('summariseRow', () => {
  it('takes the highest critical probability over the images, and the flag from any image', () => {
    const s = summariseRow('r', 3, [
      item('a', 'done', [f('Pneumothorax', 0.08, 0.1, true), f('Effusion', 0.7, 0.5)]),
      item('b', 'done', [f('Pneumothorax', 0.12, 0.1, true), f('Effusion', 0.2, 0.5)]),
    ]);
    expect(s.status).toBe('done');
    expect(s.score).toBe(0.12);
    expect(s.flagged).toBe(true);
    // Top finding: the most probable positive one (Effusion 0.7 is positive), else the most probable.
    expect(s.topFinding).toEqual({ label: 'Effusion', probability: 0.7 });
    expect(s.probabilities).toEqual({ Pneumothorax: 0.12, Effusion: 0.7 });
    expect(s.arrival).toBe(3);
  });

  it('top finding falls back to the most probable one when none is positive', () => {
    const s = summariseRow('r', 0, [item('a', 'done', [f('Pneumothorax', 0.05, 0.1, true), f('Mass', 0.3, 0.9)])]);
    expect(s.topFinding).toEqual({ label: 'Mass', probability: 0.3 });
    expect(s.flagged).toBe(false);
  });

  it('is queued, then scoring with a partial score, then done', () => {
    const q = summariseRow('r', 0, [item('a', 'queued'), item('b', 'queued')]);
    expect([q.status, q.score]).toEqual(['queued', null]);
    const partial = summariseRow('r', 0, [item('a', 'done', [f('Pneumothorax', 0.2, 0.1, true)]), item('b', 'queued')]);
    expect(partial.status).toBe('scoring');
    expect(partial.score).toBe(0.2);
    expect(partial.reason).toBe('1 of 2 images');
  });

  it('says why a study is not scored or failed', () => {
    const ns = summariseRow('r', 0, [item('a', 'not-scored', [], 'DICOM header: modality CT is not a projection radiograph')]);
    expect([ns.status, ns.reason, ns.score]).toEqual(['not-scored', 'DICOM header: modality CT is not a projection radiograph', null]);
    const err = summariseRow('r', 0, [item('a', 'error', [], 'the inference worker crashed'), item('b', 'not-scored', [], 'lateral')]);
    expect([err.status, err.reason]).toEqual(['error', 'the inference worker crashed']);
    const mixed = summariseRow('r', 0, [item('a', 'done', [f('Pneumothorax', 0.2, 0.1, true)]), item('b', 'error', [], 'hung')]);
    expect([mixed.status, mixed.reason]).toEqual(['done', '1 image failed: hung']);
  });
});
