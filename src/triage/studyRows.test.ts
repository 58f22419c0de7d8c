// A row's status, score, flag and reason finding from its images. The findings are the app's own: made by
// classifyFindings/classifyAbnormal from a manifest (a v2-shaped one with two critical findings, not-validated ones
// and the "any finding" output; and every manifest in public/models), with probabilities set by each test.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test-support/sharedData';
import { classifyAbnormal, classifyFindings, findingLabels, type AbnormalScore, type Finding } from '../model/cxrModel';
import type { ModelManifest } from '../model/manifest';
import { validateManifest } from '../model/validateManifest';
import { compareRows } from './sortOrder';
import { summariseRow } from './studyRows';
import type { TriageItem, TriageStatus } from './types';

/** Only what classifyFindings/classifyAbnormal read: labels, critical, operating points, notValidated, abnormal. */
const V2 = {
  labels: ['Pneumothorax', 'Mass', 'Effusion', 'Nodule', 'Hernia', 'Abnormal'],
  critical: ['Pneumothorax', 'Mass'],
  operatingPoints: { Pneumothorax: 0.3, Mass: 0.4, Effusion: 0.5 },
  notValidated: { Nodule: '3 positive patients, fewer than 15', Hernia: '0 positive patients, fewer than 15' },
  abnormal: { label: 'Abnormal', operatingPoint: 0.35, targetSensitivity: 0.9 },
} as unknown as ModelManifest;
/** A model before v2: every finding validated, one critical, no "any finding" output. */
const V1 = {
  labels: ['Pneumothorax', 'Effusion', 'Mass'],
  critical: ['Pneumothorax'],
  operatingPoints: { Pneumothorax: 0.1, Effusion: 0.5, Mass: 0.9 },
} as unknown as ModelManifest;

interface Scored {
  findings: Finding[];
  abnormal: AbnormalScore | null;
}

/** The findings the worker gives for these probabilities (labels not named get 0.01). */
function scored(m: ModelManifest, p: Record<string, number>): Scored {
  const probabilities = Object.fromEntries(m.labels.map((l) => [l, p[l] ?? 0.01]));
  return { findings: classifyFindings(m, probabilities), abnormal: classifyAbnormal(m, probabilities) };
}

function item(id: string, status: TriageStatus, s: Scored | null = null, reason = ''): TriageItem {
  return {
    imageId: id,
    rowKey: 'r',
    fileName: `${id}.dcm`,
    frame: 0,
    kind: 'dicom',
    status,
    reason,
    cacheKey: null,
    result:
      status === 'done' && s
        ? {
            scored: true,
            reason: '',
            findings: s.findings,
            abnormal: s.abnormal,
            backend: 'wasm',
            modelId: 'm',
            modelVersion: '1',
            workerMs: 1,
            fromCache: false,
          }
        : null,
  };
}

describe('summariseRow: reason finding', () => {
  it('flagged: shows the flagged finding with the highest probability, not a more probable finding that is not critical', () => {
    const s = summariseRow('r', 0, [
      item('a', 'done', scored(V2, { Pneumothorax: 0.35, Mass: 0.2, Effusion: 0.95, Abnormal: 0.9 })),
      item('b', 'done', scored(V2, { Pneumothorax: 0.31, Mass: 0.6, Effusion: 0.7, Abnormal: 0.8 })),
    ]);
    expect(s.flagged).toBe(true);
    // Both critical findings are flagged (Pneumothorax in a, Mass in b): Mass 0.6 is the most probable of them;
    // Effusion (0.95, above its operating point, not critical) does not make the study critical and is not shown.
    expect(s.topFinding).toEqual({ label: 'Mass', probability: 0.6, flagged: true });
  });

  it('a critical finding below its operating point does not flag, and is not the reason', () => {
    const s = summariseRow('r', 0, [item('a', 'done', scored(V2, { Pneumothorax: 0.29, Mass: 0.39, Effusion: 0.55, Abnormal: 0.5 }))]);
    expect(s.flagged).toBe(false);
    expect(s.topFinding).toEqual({ label: 'Effusion', probability: 0.55, flagged: false });
  });

  it('not flagged: the most probable finding above its operating point, never a not-validated one', () => {
    // Nodule and Hernia (not validated) are far more probable than anything, and the critical ones are below
    // their operating points; Effusion is the only finding called.
    const s = summariseRow('r', 0, [item('a', 'done', scored(V2, { Nodule: 0.99, Hernia: 0.97, Effusion: 0.51, Pneumothorax: 0.2, Abnormal: 0.6 }))]);
    expect(s.flagged).toBe(false);
    expect(s.topFinding).toEqual({ label: 'Effusion', probability: 0.51, flagged: false });
    expect(s.probabilities.Nodule).toBe(0.99);
  });

  it('nothing above its operating point: no reason finding (the row says so), even with a very probable not-validated one', () => {
    const s = summariseRow('r', 0, [item('a', 'done', scored(V2, { Nodule: 0.99, Effusion: 0.49, Pneumothorax: 0.29, Mass: 0.39, Abnormal: 0.2 }))]);
    expect(s.status).toBe('done');
    expect(s.flagged).toBe(false);
    expect(s.topFinding).toBeNull();
  });

  it('a not-validated finding is never flagged, whatever the manifest calls critical elsewhere', () => {
    const f = scored(V2, { Nodule: 0.99 }).findings.find((x) => x.label === 'Nodule')!;
    expect([f.validated, f.operatingPoint, f.positive, f.flagged]).toEqual([false, null, false, false]);
  });

  it('models before v2: a flagged critical finding, else the most probable finding above its operating point', () => {
    const flagged = summariseRow('r', 0, [item('a', 'done', scored(V1, { Pneumothorax: 0.12, Effusion: 0.7, Mass: 0.3 }))]);
    expect(flagged.topFinding).toEqual({ label: 'Pneumothorax', probability: 0.12, flagged: true });
    const above = summariseRow('r', 0, [item('a', 'done', scored(V1, { Pneumothorax: 0.05, Effusion: 0.7, Mass: 0.3 }))]);
    expect(above.topFinding).toEqual({ label: 'Effusion', probability: 0.7, flagged: false });
    const none = summariseRow('r', 0, [item('a', 'done', scored(V1, { Pneumothorax: 0.05, Effusion: 0.4, Mass: 0.8 }))]);
    expect(none.topFinding).toBeNull();
  });

  it('holds for every manifest in public/models: the reason is flagged when the row is, never a not-validated finding', () => {
    const root = join(REPO_ROOT, 'public', 'models');
    const dirs = existsSync(root) ? readdirSync(root).filter((d) => existsSync(join(root, d, 'manifest.json'))) : [];
    for (const d of dirs) {
      const m = validateManifest(JSON.parse(readFileSync(join(root, d, 'manifest.json'), 'utf8')));
      const labels = findingLabels(m);
      const nv = labels.filter((l) => !(l in m.operatingPoints));
      // Everything at 0.999 except the not-validated findings at 1: every validated finding is above its point.
      const high = summariseRow('r', 0, [item('a', 'done', scored(m, Object.fromEntries(m.labels.map((l) => [l, nv.includes(l) ? 1 : 0.999]))))]);
      expect(high.flagged, d).toBe(m.critical.length > 0);
      if (m.critical.length) expect(m.critical, d).toContain(high.topFinding!.label);
      if (labels.length > nv.length) expect(nv, d).not.toContain(high.topFinding!.label);
      else expect(high.topFinding, d).toBeNull();
      // Everything at 0 but the not-validated findings at 1: no reason at all.
      const low = summariseRow('r', 0, [item('a', 'done', scored(m, Object.fromEntries(m.labels.map((l) => [l, nv.includes(l) ? 1 : 0]))))]);
      expect(low.flagged, d).toBe(false);
      expect(low.topFinding, d).toBeNull();
    }
  });
});

describe('summariseRow: score and sort keys', () => {
  it('scores by the highest "any finding" probability over the images; positive when any image is above its point', () => {
    const s = summariseRow('r', 3, [
      item('a', 'done', scored(V2, { Abnormal: 0.2, Pneumothorax: 0.25 })),
      item('b', 'done', scored(V2, { Abnormal: 0.4, Pneumothorax: 0.1 })),
    ]);
    expect(s.score).toBe(0.4);
    expect(s.abnormal).toBe(0.4);
    expect(s.abnormalPositive).toBe(true);
    expect(s.criticalScore).toBe(0.25);
    expect(s.arrival).toBe(3);
  });

  it('falls back to the highest critical probability for results without the "any finding" score', () => {
    const s = summariseRow('r', 0, [
      item('a', 'done', scored(V1, { Pneumothorax: 0.08, Effusion: 0.7 })),
      item('b', 'done', scored(V1, { Pneumothorax: 0.12, Effusion: 0.2 })),
    ]);
    expect([s.score, s.abnormal, s.abnormalPositive, s.criticalScore]).toEqual([0.12, null, false, 0.12]);
    expect(s.flagged).toBe(true);
    expect(s.probabilities).toEqual({ Pneumothorax: 0.12, Effusion: 0.7, Mass: 0.01 });
  });

  it('sorts flagged, then "any finding" above its point, then by score', () => {
    const flaggedLow = summariseRow('f', 0, [item('a', 'done', scored(V2, { Pneumothorax: 0.31, Abnormal: 0.3 }))]);
    const above = summariseRow('p', 1, [item('a', 'done', scored(V2, { Abnormal: 0.36 }))]);
    const belowHigh = summariseRow('b', 2, [item('a', 'done', scored(V1, { Pneumothorax: 0.09 }))]);
    const below = summariseRow('l', 3, [item('a', 'done', scored(V2, { Abnormal: 0.34 }))]);
    const order = [below, belowHigh, above, flaggedLow].sort(compareRows).map((r) => r.key);
    expect(order).toEqual(['f', 'p', 'l', 'b']);
  });
});

describe('summariseRow: status', () => {
  it('is queued, then scoring with a partial score, then done', () => {
    const q = summariseRow('r', 0, [item('a', 'queued'), item('b', 'queued')]);
    expect([q.status, q.score, q.topFinding]).toEqual(['queued', null, null]);
    const partial = summariseRow('r', 0, [item('a', 'done', scored(V2, { Abnormal: 0.2 })), item('b', 'queued')]);
    expect(partial.status).toBe('scoring');
    expect(partial.score).toBe(0.2);
    expect(partial.reason).toBe('1 of 2 images');
  });

  it('says why a study is not scored or failed', () => {
    const ns = summariseRow('r', 0, [item('a', 'not-scored', null, 'DICOM header: modality CT is not a projection radiograph')]);
    expect([ns.status, ns.reason, ns.score]).toEqual(['not-scored', 'DICOM header: modality CT is not a projection radiograph', null]);
    const err = summariseRow('r', 0, [item('a', 'error', null, 'the inference worker crashed'), item('b', 'not-scored', null, 'lateral')]);
    expect([err.status, err.reason]).toEqual(['error', 'the inference worker crashed']);
    const mixed = summariseRow('r', 0, [item('a', 'done', scored(V2, { Abnormal: 0.2 })), item('b', 'error', null, 'hung')]);
    expect([mixed.status, mixed.reason]).toEqual(['done', '1 image failed: hung']);
  });
});
