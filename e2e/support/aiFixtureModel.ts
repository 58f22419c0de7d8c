// A development/test stand-in for the shipped model, used by the AI end-to-end tests and the benchmark only
// when public/models/index.json does not exist yet: the shared tiny contract CNN (src/model/testModel.ts,
// random weights, so its probabilities mean nothing) with OOD statistics fitted on real NIH radiographs, so
// the plumbing (worker, backends, parity, gate, heatmap) is exercised on real data. Written to a temp folder in
// the public/models layout (index.json + <id>/...); never committed, never shipped.
import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCxrModel } from '../../src/model/cxrModel';
import { decodeImage } from '../../src/model/decodeImage';
import type { ModelIndex, PreprocessSpec } from '../../src/model/manifest';
import { fitOodStats, percentile, oodDistance } from '../../src/model/ood';
import { buildContractModel, contractManifest } from '../../src/model/testModel';
import { saveLayersModel } from '../../trainer/io/fileIo';
import { dataPath } from '../../test-support/sharedData';

export const FIXTURE_ID = 'fixture-contract-cnn';
export const FIXTURE_VERSION = '0.0.1-fixture';

const LABELS = [
  'Atelectasis',
  'Cardiomegaly',
  'Effusion',
  'Infiltration',
  'Mass',
  'Nodule',
  'Pneumonia',
  'Pneumothorax',
  'Consolidation',
  'Edema',
  'Emphysema',
  'Fibrosis',
  'Pleural_Thickening',
  'Hernia',
];

/** Builds the fixture model folder under `root` (root/index.json, root/<id>/...) unless it is there already. */
export async function ensureFixtureModel(root: string): Promise<string> {
  const dir = join(root, FIXTURE_ID);
  if (existsSync(join(root, 'index.json')) && existsSync(join(dir, 'manifest.json'))) return root;
  await tf.setBackend('cpu');
  const spec: PreprocessSpec = { canonicalSize: 64, inputSize: 128, channels: 1, scale: 2, offset: -1, fit: 'stretch' };
  const model = buildContractModel(LABELS, spec, { seed: 7, filters: 16, headLayer: 'cxr_head' });
  const base = contractManifest(LABELS, spec, 16, { id: FIXTURE_ID, version: FIXTURE_VERSION, headLayer: 'cxr_head', critical: ['Pneumothorax', 'Effusion'] });
  const cxr = await loadCxrModel({ ...base, ood: { ...base.ood, threshold: Infinity } }, model);
  const imgDir = dataPath('nih-cxr14-64', 'images');
  const names = readdirSync(imgDir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .slice(0, 240);
  const pooled: Float32Array[] = [];
  for (const n of names) {
    const inf = await cxr.infer(decodeImage(readFileSync(join(imgDir, n)), n));
    pooled.push(inf.pooled);
  }
  const ood = fitOodStats(pooled, { components: 8, thresholdPercentile: 99.5 });
  const d = pooled.map((p) => oodDistance(p, ood));
  // Some margin above the fitting set's own 99.5th percentile: the full-resolution images differ a little.
  ood.threshold *= 1.5;
  ood.percentiles = { p50: percentile(d, 50), p95: percentile(d, 95), p99: percentile(d, 99) };
  const manifest = {
    ...base,
    architecture: 'tiny random contract CNN (e2e fixture: probabilities are meaningless)',
    ood,
    operatingPoints: Object.fromEntries(LABELS.map((l) => [l, 0.45])),
    trainingCommand: 'none: e2e/support/aiFixtureModel.ts',
  };
  await saveLayersModel(model, dir);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
  await writeFile(join(dir, 'MODEL_CARD.md'), '# Fixture model\n\nRandom weights for tests; not for diagnostic use (not for any use).\n');
  const index: ModelIndex = { default: FIXTURE_ID, models: [{ id: FIXTURE_ID, version: FIXTURE_VERSION, path: `${FIXTURE_ID}/` }] };
  await writeFile(join(root, 'index.json'), JSON.stringify(index, null, 1));
  model.dispose();
  return root;
}

if (process.argv[1] && process.argv[1].endsWith('aiFixtureModel.ts')) {
  const out = process.argv[2] ?? '/tmp/statread-ai-fixture';
  ensureFixtureModel(out).then((r) => console.log(`fixture model in ${r}`));
}
