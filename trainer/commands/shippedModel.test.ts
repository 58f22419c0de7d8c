// Real-number checks on the shipped default model (public/models/index.json), through the same evaluate/predict
// commands users run: evaluate reproduces the metrics the manifest records for its validation split, full-resolution
// radiographs are accepted, photos and other modalities are not.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT, dataPath, missingDataReason } from '../../test-support/sharedData';
import type { ModelIndex, ModelManifest } from '../../src/model/manifest';
import evaluate from './evaluate';
import predict from './predict';

const indexPath = join(REPO_ROOT, 'public/models/index.json');
const index: ModelIndex | undefined = existsSync(indexPath) ? JSON.parse(readFileSync(indexPath, 'utf8')) : undefined;
const entry = index?.models.find((m) => m.id === index.default);
const modelDir = entry ? join(REPO_ROOT, 'public/models', entry.path) : '';
const manifest: ModelManifest | undefined =
  entry && existsSync(join(modelDir, 'manifest.json')) ? JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8')) : undefined;
const noModel = manifest ? null : 'no default model in public/models (train has not exported one)';

/** Values of a flag in the recorded training command (`--holdout A --holdout B`). */
function flag(cmd: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`--${name}\\s+(\\S+)`, 'g');
  for (let m = re.exec(cmd); m; m = re.exec(cmd)) out.push(m[1]);
  return out;
}

async function capture(run: () => Promise<number>): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation(() => {});
  return { code: await run(), lines };
}
afterEach(() => vi.restoreAllMocks());

describe.skipIf(noModel ?? missingDataReason('nih-cxr14-64') ?? missingDataReason('nih-cxr14-512') ?? missingDataReason('cxr-fullres'))(
  'shipped default model',
  () => {
    it('evaluate on its recorded validation split reproduces the manifest metrics', async () => {
      const cmd = manifest!.trainingCommand;
      const data = flag(cmd, 'data')[0];
      const args = ['--model', modelDir, '--data', join(REPO_ROOT, data), '--split', 'validation', '--backend', 'wasm', '--no-progress'];
      for (const h of flag(cmd, 'holdout')) args.push('--holdout', join(REPO_ROOT, h));
      for (const f of ['seed', 'val-fraction']) if (flag(cmd, f)[0]) args.push(`--${f}`, flag(cmd, f)[0]);
      const { code, lines } = await capture(() => evaluate.run(args));
      expect(code).toBe(0);
      const r = JSON.parse(lines[0]);
      expect(r.n).toBe(manifest!.metrics.n);
      for (const [label, m] of Object.entries(manifest!.metrics.findings)) {
        expect(r.findings[label].positives, label).toBe(m.positives);
        if (m.auc === null || Number.isNaN(m.auc)) expect(r.findings[label].auc).toBeNull();
        else expect(Math.abs(r.findings[label].auc - m.auc), label).toBeLessThan(0.005);
      }
      if (manifest!.metrics.abnormal) expect(Math.abs(r.abnormal.auc - manifest!.metrics.abnormal.auc)).toBeLessThan(0.005);
    });

    it.skipIf(missingDataReason('dicom-cxr') ?? missingDataReason('imagenet-tflite') ?? missingDataReason('dicom-conformance'))(
      'predict accepts chest radiographs at 512 and 1024 px, reports a thumbnail below the model size, refuses photos and an MR',
      async () => {
        const chest = [
          ...['00000001_000', '00000002_000', '00000050_000', '00000054_004'].map((id) => dataPath('cxr-fullres', `${id}.png`)),
          dataPath('nih-cxr14-512', 'images', '00000165_001.png'),
          dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm'),
        ];
        const thumb = dataPath('nih-cxr14-64', 'images', '00000001_000.png');
        const t = await capture(() => predict.run(['--model', modelDir, '--backend', 'wasm', thumb]));
        const tr = JSON.parse(t.lines[0]!);
        // A 64 px thumbnail is below what a real-resolution model reads: the size gate says so (a 64 px model passes it).
        expect(tr.gate.size.ok).toBe(manifest!.preprocessing.canonicalSize <= 64);
        vi.restoreAllMocks();
        const photos = ['grace_hopper.bmp', 'cat.bmp', 'parrot.jpg', 'hot_dog.jpg'].map((f) => dataPath('imagenet-tflite', f));
        const mr = dataPath('dicom-conformance', 'pydicom-test-files', 'MR_small.dcm');
        const { code, lines } = await capture(() => predict.run(['--model', modelDir, '--backend', 'wasm', ...chest, ...photos, mr]));
        expect(code).toBe(0);
        const rows = lines.map((l) => JSON.parse(l));
        for (const r of rows.slice(0, chest.length)) {
          expect(r.gate.header.ok, r.file).toBe(true);
          expect(r.gate.size.ok, r.file).toBe(true);
          expect(r.gate.ood.outOfDistribution, `${r.file}: distance ${r.gate.ood.distance}`).toBe(false);
          for (const l of manifest!.labels) expect(r.probabilities[l]).toBeGreaterThanOrEqual(0);
        }
        for (const r of rows.slice(chest.length, chest.length + photos.length)) {
          expect(r.gate.ood.outOfDistribution, `${r.file}: distance ${r.gate.ood.distance}`).toBe(true);
        }
        const mrRow = rows[rows.length - 1];
        expect(mrRow.gate.header.ok).toBe(false);
      },
    );

    it.skipIf(missingDataReason('dicom-non-chest') ?? missingDataReason('dicom-conformance'))(
      'the image statistics alone (header ignored) refuse every non-chest radiograph and CT, MR and US image',
      async () => {
        const files = [
          ...readdirSync(dataPath('dicom-non-chest'))
            .filter((f) => f.endsWith('.dcm'))
            .map((f) => dataPath('dicom-non-chest', f)),
          dataPath('dicom-conformance', 'pydicom-test-files', 'CT_small.dcm'),
          dataPath('dicom-conformance', 'pydicom-test-files', 'MR_small.dcm'),
          dataPath('dicom-conformance', 'cornerstone-wado-testimages', 'CTImage.dcm'),
          dataPath('dicom-conformance', 'cornerstone-wado-testimages', 'US-YBR_FULL_422-EVRLE.dcm'),
        ];
        expect(files.length).toBeGreaterThanOrEqual(8);
        const { code, lines } = await capture(() => predict.run(['--model', modelDir, '--backend', 'wasm', ...files]));
        expect(code).toBe(0);
        const rows = lines.map((l) => JSON.parse(l) as { file: string; gate: { ood: { distance: number; outOfDistribution: boolean } } });
        expect(rows).toHaveLength(files.length);
        for (const r of rows) expect(r.gate.ood.outOfDistribution, `${r.file}: distance ${r.gate.ood.distance}`).toBe(true);
      },
    );
  },
);
