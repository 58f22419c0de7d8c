import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { decodeImage } from '../../src/model/decodeImage';
import type { PreprocessSpec } from '../../src/model/manifest';
import { preprocess } from '../../src/model/preprocess';
import { buildContractModel, contractManifest } from '../../src/model/testModel';
import { readDataset } from '../data/readDataset';
import { NIH_FINDINGS } from '../data/sample';
import { patientDisjointSplit } from '../data/split';
import { saveLayersModel } from '../io/fileIo';
import { rocAuc } from '../metrics/auc';
import evaluate from './evaluate';
import predict from './predict';

// Plumbing with a tiny random model that follows the manifest contract; the shipped model's real numbers are checked in shippedModel.test.ts.
const spec: PreprocessSpec = { canonicalSize: 64, inputSize: 32, channels: 3, scale: 2, offset: -1, fit: 'stretch' };
const labels = [...NIH_FINDINGS];
let modelDir = '';

async function capture(run: () => Promise<number>): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    return { code: await run(), lines };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  modelDir = mkdtempSync(join(tmpdir(), 'statread-model-'));
  const model = buildContractModel(labels, spec, { seed: 7 });
  await saveLayersModel(model, modelDir);
  const manifest = contractManifest(labels, spec, 6, { critical: ['Pneumothorax'], operatingPoints: { ...Object.fromEntries(labels.map((l) => [l, 0.4])) } });
  writeFileSync(join(modelDir, 'manifest.json'), JSON.stringify(manifest));
});
afterEach(() => vi.restoreAllMocks());

describe.skipIf(missingDataReason('nih-cxr14-64') ?? missingDataReason('cxr-fullres'))('evaluate and predict commands (contract model)', () => {
  it('evaluate prints one JSON object shaped {n, findings, abnormal} and writes ROC SVGs', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'statread-eval-')), 'eval.json');
    const data = dataPath('nih-cxr14-64');
    const { code, lines } = await capture(() =>
      evaluate.run(['--model', modelDir, '--data', data, '--split', 'validation', '--out', out, '--backend', 'cpu', '--no-progress']),
    );
    expect(code).toBe(0);
    expect(lines.length).toBe(1);
    const r = JSON.parse(lines[0]);
    const ds = readDataset(data);
    const val = patientDisjointSplit(ds.samples, { validationFraction: 0.2, seed: 42, labels: ds.labels }).validation;
    expect(r.n).toBe(val.length);
    expect(Object.keys(r.findings)).toEqual(labels);
    const ptx = r.findings.Pneumothorax;
    expect(ptx.positives).toBe(val.filter((s) => s.labels.Pneumothorax === 1).length);
    expect(ptx.positives + ptx.negatives).toBe(r.n);
    for (const f of [...Object.values(r.findings), r.abnormal] as { auc: number | null; ci95: (number | null)[]; positives: number }[]) {
      if (f.positives === 0) expect(f.auc).toBeNull();
      else {
        expect(f.auc).toBeGreaterThanOrEqual(0);
        expect(f.ci95[0]).toBeLessThanOrEqual(f.auc as number);
        expect(f.ci95[1]).toBeGreaterThanOrEqual(f.auc as number);
      }
    }
    expect(r.abnormal.positives + r.abnormal.negatives).toBe(r.n);
    expect(r.abnormal.negatives).toBe(val.filter((s) => s.noFinding).length);
    expect(ptx).toMatchObject({ threshold: 0.4, thresholdSource: 'manifest' });
    expect(ptx.tp + ptx.fn).toBe(ptx.positives);
    expect(ptx.ece).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).n).toBe(r.n);
    expect(r.rocCurves.length).toBeGreaterThan(2);
    for (const p of r.rocCurves) expect(readFileSync(p, 'utf8')).toMatch(/^<svg/);
    expect(existsSync(join(out.replace(/\.json$/, '-roc'), 'roc-abnormal.svg'))).toBe(true);
  });

  it('predict prints one line per file with the network probabilities; AUC of predict outputs equals evaluate', async () => {
    const files = ['00000001_000', '00000001_001', '00000001_002', '00000002_000', '00000003_000', '00000050_000', '00000054_004'].map((id) =>
      dataPath('cxr-fullres', `${id}.png`),
    );
    const { code, lines } = await capture(() => predict.run(['--model', modelDir, '--backend', 'cpu', ...files]));
    expect(code).toBe(0);
    expect(lines.length).toBe(files.length);
    const rows = lines.map((l) => JSON.parse(l));
    // Reference: the saved network fed preprocess() directly.
    const net = buildContractModel(labels, spec, { seed: 7 });
    for (const [i, row] of rows.entries()) {
      expect(row.file).toBe(files[i]);
      const ref = tf.tidy(() =>
        (net.predict(tf.tensor4d(preprocess(decodeImage(readFileSync(files[i]), 'x.png'), spec), [1, 32, 32, 3])) as tf.Tensor[])[0].dataSync(),
      );
      labels.forEach((l, k) => expect(row.probabilities[l]).toBeCloseTo(ref[k], 6));
      expect(row.gate.header.ok).toBe(true);
      expect(row.source).toMatchObject({ format: 'png', width: 1024, height: 1024 });
      expect(row.flagged).toEqual(row.probabilities.Pneumothorax >= 0.4 ? ['Pneumothorax'] : []);
    }
    const ev = await capture(() => evaluate.run(['--model', modelDir, '--data', dataPath('cxr-fullres'), '--backend', 'cpu', '--no-progress']));
    const r = JSON.parse(ev.lines[0]);
    const ds = readDataset(dataPath('cxr-fullres'));
    const byFile = new Map(rows.map((row) => [row.file, row.probabilities.Cardiomegaly as number]));
    const auc = rocAuc({ scores: ds.samples.map((s) => byFile.get(s.path) as number), labels: ds.samples.map((s) => s.labels.Cardiomegaly) }).auc;
    expect(r.n).toBe(7);
    expect(r.findings.Cardiomegaly.auc).toBeCloseTo(auc, 12);
  });

  it.skipIf(missingDataReason('dicom-conformance'))(
    'predict scores a JPEG 2000 DICOM with nothing but JSON on stdout, and reports the header gate',
    async () => {
      const j2k = dataPath('dicom-conformance', 'cornerstone-wado-testimages', 'CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm');
      const { code, lines } = await capture(() => predict.run(['--model', modelDir, '--backend', 'cpu', j2k]));
      expect(code).toBe(0);
      expect(lines.length).toBe(1);
      const row = JSON.parse(lines[0]);
      expect(row.gate.header).toEqual({ ok: false, reason: expect.stringMatching(/modality CT/) });
      expect(row.source).toMatchObject({ format: 'dicom', modality: 'CT', width: 512, height: 512 });
    },
  );

  it('predict reports unreadable files as error lines and exits 1, still scoring the others', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'statread-bad-')), 'broken.png');
    writeFileSync(bad, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]));
    const { code, lines } = await capture(() => predict.run(['--model', modelDir, '--backend', 'cpu', bad, dataPath('cxr-fullres', '00000001_000.png')]));
    expect(code).toBe(1);
    expect(JSON.parse(lines[0])).toMatchObject({ file: bad, error: expect.stringContaining('broken.png') });
    expect(JSON.parse(lines[1]).probabilities.Pneumothorax).toBeGreaterThan(0);
  });
});
