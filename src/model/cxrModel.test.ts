import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { classifyFindings, loadCxrModel } from './cxrModel';
import { decodeImage } from './decodeImage';
import type { PreprocessSpec } from './manifest';
import { fitOodStats } from './ood';
import { preprocess } from './preprocess';
import { buildContractModel, contractManifest } from './testModel';
import { validateManifest } from './validateManifest';

const labels = ['Pneumothorax', 'Effusion', 'Cardiomegaly'];
const spec: PreprocessSpec = { canonicalSize: 16, inputSize: 32, channels: 3, scale: 2, offset: -1, fit: 'stretch' };
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function gradient(w: number, h: number, phase: number) {
  const data = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = 0.5 + 0.5 * Math.sin((x + 2 * y) / 7 + phase);
  return { width: w, height: h, data };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('loadCxrModel (tiny contract model: plumbing)', () => {
  it('probabilities equal the network on preprocess(); CAM means give back the logits; batch equals single', async () => {
    const model = buildContractModel(labels, spec);
    const cxr = await loadCxrModel(contractManifest(labels, spec, 6), model);
    const img = gradient(100, 80, 0);
    const r = await cxr.infer(img);
    const direct = tf.tidy(() => (model.predict(tf.tensor4d(preprocess(img, spec), [1, 32, 32, 3])) as tf.Tensor[])[0].dataSync());
    labels.forEach((l, k) => expect(r.probabilities[l]).toBeCloseTo(direct[k], 6));
    expect([r.featureMap.height, r.featureMap.width, r.featureMap.channels]).toEqual([8, 8, 6]);
    expect(r.pooled.length).toBe(6);
    for (const l of labels) {
      const raw = r.cam(l, { normalise: 'raw' });
      const mean = raw.data.reduce((a, b) => a + b, 0) / raw.data.length;
      expect(sigmoid(mean)).toBeCloseTo(r.probabilities[l], 5);
      const up = r.cam(l, { width: 100, height: 80 });
      expect([up.width, up.height, up.data.length]).toEqual([100, 80, 8000]);
      expect(r.cam(l, { image: { width: 100, height: 80 } }).data).toEqual(up.data); // fit 'stretch'
      for (const v of up.data) if (v < 0 || v > 1) throw new Error('normalised CAM out of [0,1]');
    }
    const batch = await cxr.inferBatch([gradient(50, 50, 1), img]);
    labels.forEach((l) => expect(batch[1].probabilities[l]).toBeCloseTo(r.probabilities[l], 6));
    expect(batch[0].probabilities[labels[0]]).not.toBeCloseTo(r.probabilities[labels[0]], 6);
    expect(r.ood.outOfDistribution).toBe(false); // threshold 1e9 in the test manifest
    expect(() => r.cam('Nope')).toThrow(/unknown label/);
  });

  it('rejects models that break the contract with a reason', async () => {
    const model = buildContractModel(labels, spec);
    await expect(loadCxrModel(contractManifest(labels, spec, 6, { headLayer: 'dense_x' }), model)).rejects.toThrow(/no layer "dense_x"/);
    await expect(loadCxrModel(contractManifest(['A', 'B'], spec, 6), model)).rejects.toThrow(/3 units, manifest lists 2/);
    await expect(loadCxrModel(contractManifest(labels, { ...spec, inputSize: 64 }, 6), model)).rejects.toThrow(/does not match preprocessing/);
  });

  it('flags critical findings at or above their operating point; validates manifests', () => {
    const m = contractManifest(labels, spec, 6, { operatingPoints: { Pneumothorax: 0.3, Effusion: 0.5, Cardiomegaly: 0.5 } });
    const f = classifyFindings(m, { Pneumothorax: 0.3, Effusion: 0.9, Cardiomegaly: 0.1 });
    expect(f.map((x) => [x.label, x.positive, x.flagged])).toEqual([
      ['Pneumothorax', true, true],
      ['Effusion', true, false],
      ['Cardiomegaly', false, false],
    ]);
    expect(() => validateManifest({ ...m, ood: { ...m.ood, threshold: 3, mean: [0, 0], components: [[1, 0]], variances: [1] } })).not.toThrow();
    expect(() => validateManifest({ ...m, critical: ['Hernia'] })).toThrow(/critical/);
    expect(() => validateManifest({ ...m, preprocessing: { ...spec, channels: 2 } })).toThrow(/channels/);
  });

  it('OOD statistics fitted on the pooled features flag an image unlike the fitting set', async () => {
    const model = buildContractModel(labels, spec);
    const base = contractManifest(labels, spec, 6);
    const cxr0 = await loadCxrModel(base, model);
    const fit = await cxr0.inferBatch(Array.from({ length: 30 }, (_, i) => gradient(64, 64, i / 5)));
    const ood = fitOodStats(
      fit.map((r) => r.pooled),
      { components: 3, thresholdPercentile: 100 },
    );
    const cxr = await loadCxrModel({ ...base, ood }, model);
    const flat = { width: 64, height: 64, data: new Float32Array(64 * 64).fill(1) };
    const inDist = await cxr.infer(gradient(64, 64, 0.1));
    const outDist = await cxr.infer(flat);
    expect(inDist.ood.distance).toBeLessThan(outDist.ood.distance);
    expect(outDist.ood.outOfDistribution).toBe(true);
  });

  it.skipIf(missingDataReason('cxr-fullres') ?? missingDataReason('nih-cxr14-64'))(
    'a 1024 px radiograph scores like its 64 px counterpart (shared canonicalisation)',
    async () => {
      const s64: PreprocessSpec = { ...spec, canonicalSize: 64, inputSize: 64 };
      const model = buildContractModel(labels, s64, { seed: 3 });
      const cxr = await loadCxrModel(contractManifest(labels, s64, 6), model);
      for (const id of ['00000001_000', '00000050_000']) {
        const full = await cxr.infer(decodeImage(readFileSync(dataPath('cxr-fullres', `${id}.png`)), id));
        const small = await cxr.infer(decodeImage(readFileSync(dataPath('nih-cxr14-64', 'images', `${id}.png`)), id));
        for (const l of labels) expect(Math.abs(full.probabilities[l] - small.probabilities[l])).toBeLessThan(0.005);
      }
    },
  );
});
