// Scored once, whoever asks first: the on-screen and background requests for one image share one worker run, an
// image with the same bytes as one already scored costs nothing, the DICOM header refuses a CT without a worker,
// "Score anyway" is a new run, and closing an image drops the work only it waited for. Stand-in workers; the
// real image registry, result keys and pool.
import { beforeAll, describe, expect, it } from 'vitest';
import { imageRegistry, type HeaderSummary, type ImageEntry } from '../images';
import { imageEntryFixture } from '../images/imageEntryFixture';
import type { Finding } from '../model/cxrModel';
import { CancelledError, type InferenceClient, type ScoreInput } from './client';
import { lanes, settleModel } from './lanes';
import type { ModelSession } from './modelSession';
import type { ScoreResult } from './protocol';
import { requestCounts } from './requestLog';
import { lookup, releaseScores, request } from './scoreJobs';
import { useScoreStore } from './scoreStore';
import { WorkerPool } from './workerPool';

const findings: Finding[] = [
  { label: 'Pneumothorax', probability: 0.7, operatingPoint: 0.5, validated: true, critical: true, positive: true, flagged: true },
  { label: 'Effusion', probability: 0.2, operatingPoint: 0.5, validated: true, critical: false, positive: false, flagged: false },
];

/** Every score call the stand-in workers got, and a gate to hold them. */
const calls: ScoreInput[] = [];
let hold: Promise<void> = Promise.resolve();

function fakeWorker(): InferenceClient {
  return {
    async score(input: ScoreInput): Promise<ScoreResult> {
      calls.push(input);
      await hold;
      const gate = { pass: true, stage: null, reason: '' };
      const heatmap = input.heatmap === false ? null : { label: 'Pneumothorax', width: 2, height: 2, data: new Float32Array(4) };
      return {
        key: input.key,
        fileName: input.fileName,
        width: 8,
        height: 8,
        gate,
        forced: !!input.force,
        scored: true,
        findings,
        probabilities: { Pneumothorax: 0.7, Effusion: 0.2 },
        ood: { distance: 1, threshold: 2, outOfDistribution: false },
        heatmap,
        backend: 'wasm',
        timing: { decodeMs: 1, preprocessMs: 1, networkMs: 1, camMs: 0, totalMs: 3 },
      };
    },
    terminate() {},
  } as unknown as InferenceClient;
}

function entry(imageId: string, bytes: string, patch: Partial<ImageEntry> = {}): ImageEntry {
  return imageEntryFixture(imageId, new Blob([bytes]), { fileName: `${imageId}.png`, path: `${imageId}.png`, kind: 'web', ...patch });
}

beforeAll(() => {
  const pool = new WorkerPool({ backend: 'wasm', size: 2, first: fakeWorker(), spawn: async () => fakeWorker() });
  lanes.onScreen = pool;
  lanes.background = pool;
  lanes.itemTimeoutMs = 10_000;
  lanes.session = { model: { id: 'test-model', version: '1' } } as ModelSession;
  settleModel(lanes.session);
});

describe('score requests', () => {
  it('panel and worklist asking together cost one worker run; a later ask costs none', async () => {
    imageRegistry.add([entry('img:a', 'bytes of a')]);
    let release!: () => void;
    hold = new Promise((r) => (release = r));
    const onScreen = request('img:a', { priority: 'on-screen' });
    const background = request('img:a', { priority: 'background' });
    await new Promise((r) => setTimeout(r, 20));
    release();
    const [a, b] = await Promise.all([onScreen, background]);
    expect(calls.filter((c) => c.fileName === 'img:a.png')).toHaveLength(1);
    expect(requestCounts()['img:a']).toEqual({ score: 1, heatmap: 0 });
    expect(a.status).toBe('done');
    expect(b.result?.findings).toEqual(a.result?.findings);
    expect(a.source).toBe('computed');
    // Published for the panel, with the result key written to the registry.
    expect(useScoreStore.getState().images['img:a'].status).toBe('done');
    expect(imageRegistry.get('img:a')?.resultKey).toMatch(/^test-model@1\|sha256:[0-9a-f]{64}$/);
    const later = await request('img:a', { priority: 'background' });
    expect(later.status).toBe('done');
    expect(calls.filter((c) => c.fileName === 'img:a.png')).toHaveLength(1);
  });

  it('an image with the same bytes shares the result of the first (same result key)', async () => {
    imageRegistry.add([entry('img:b', 'same bytes'), entry('img:b2', 'same bytes')]);
    const first = await request('img:b', { priority: 'background' });
    const twin = await lookup('img:b2');
    expect(twin?.status).toBe('done');
    expect(twin?.resultKey).toBe(first.resultKey);
    expect(calls.filter((c) => c.fileName.startsWith('img:b'))).toHaveLength(1);
  });

  it('a CT is refused from its DICOM header without a worker; "Score anyway" runs it', async () => {
    const header = { modality: 'CT', viewPosition: '', samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2', sopInstanceUid: '1.2.3' } as HeaderSummary;
    imageRegistry.add([entry('img:ct', 'ct', { kind: 'dicom', fileName: 'ct.dcm', header })]);
    const o = await request('img:ct', { priority: 'on-screen' });
    expect(o.status).toBe('not-scored');
    expect(o.source).toBe('instant');
    expect(o.reason).toMatch(/modality CT/);
    expect(calls.filter((c) => c.fileName === 'ct.dcm')).toHaveLength(0);
    const forced = await request('img:ct', { priority: 'on-screen', force: true });
    expect(forced.status).toBe('done');
    expect(forced.result?.forced).toBe(true);
    expect(calls.filter((c) => c.fileName === 'ct.dcm').map((c) => c.force)).toEqual([true]);
    expect(requestCounts()['img:ct']).toEqual({ score: 1, heatmap: 0 });
  });

  it('closing an image drops the work only it waited for', async () => {
    let release!: () => void;
    hold = new Promise((r) => (release = r));
    imageRegistry.add(['c1', 'c2', 'c3'].map((n) => entry(`img:${n}`, `bytes ${n}`)));
    const running = ['c1', 'c2'].map((n) => request(`img:${n}`, { priority: 'background' }));
    await new Promise((r) => setTimeout(r, 20));
    const waiting = request('img:c3', { priority: 'background' });
    await new Promise((r) => setTimeout(r, 20));
    releaseScores(['img:c3']);
    imageRegistry.release(['img:c3']);
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    release();
    for (const o of await Promise.all(running)) expect(o.status).toBe('done');
    expect(calls.some((c) => c.fileName === 'img:c3.png')).toBe(false);
  });
});
