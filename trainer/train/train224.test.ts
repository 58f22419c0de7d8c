// The v2 recipe on a small real subset at the new size: NIH films at 512 px, canonical and input 224 px, patient
// cross-validated operating points, the any-finding output, heatmaps against the radiologist boxes, and the OOD gate
// on the non-chest radiographs. A tiny MobileNetV1 0.25 keeps it to seconds; the numbers are not the point, the
// shape and the rules are.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingLabels } from '../../src/model/cxrModel';
import { validateManifest } from '../../src/model/validateManifest';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { parseTrainArgs } from '../commands/train';
import { runTraining, type TrainOutcome } from './pipeline';
import { tinyBackboneDir } from './testBackbone';

const reason =
  missingDataReason('nih-cxr14-512') ?? missingDataReason('imagenet-tflite') ?? missingDataReason('nih-labels') ?? missingDataReason('dicom-non-chest');
if (reason) console.warn(`skipping train at 224 px: ${reason}`);

describe.skipIf(!!reason)('train at 224 px on 512 px NIH films (tiny MobileNetV1 0.25, 80 images)', () => {
  let root: string;
  let outcome: TrainOutcome;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'statread-train-224-'));
    const backbone = await tinyBackboneDir();
    const cfg = parseTrainArgs([
      ...['--data', dataPath('nih-cxr14-512'), '--backbone', backbone, '--backend', 'wasm', '--limit', '80'],
      ...['--input-size', '224', '--canonical-size', '224', '--epochs', '6', '--batch-size', '16', '--lr', '0.01'],
      ...['--aug-copies', '1', '--cv', '3', '--ood-components', '8', '--no-progress'],
      ...['--boxes', dataPath('nih-labels', 'BBox_List_2017.csv'), '--ood', dataPath('dicom-non-chest')],
      ...['--out', join(root, 'model'), '--work', join(root, 'work'), '--index', join(root, 'index.json')],
    ]);
    outcome = await runTraining(cfg, null);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('exports a 224 px model whose findings are each validated with an operating point or marked not validated', () => {
    const m = validateManifest(JSON.parse(readFileSync(join(root, 'model', 'manifest.json'), 'utf8')));
    expect(m.preprocessing).toMatchObject({ canonicalSize: 224, inputSize: 224, channels: 1 });
    expect(m.abnormal?.label).toBe('Abnormal');
    for (const l of findingLabels(m)) expect(l in m.operatingPoints !== l in (m.notValidated ?? {})).toBe(true);
    // With 80 images only a common finding can reach 15 positive patients; whatever is validated must have them.
    const d = outcome.cv!.decisions;
    expect(d.filter((x) => x.validated).every((x) => x.positivePatients >= 15)).toBe(true);
    expect(m.critical.every((c) => c in m.operatingPoints)).toBe(true);
  });

  it('measures the OOD gate cross-validated and on the non-chest radiographs, and writes it in the card', () => {
    expect(outcome.cv!.oodRefused.n).toBe(80);
    const card = readFileSync(join(root, 'model', 'MODEL_CARD.md'), 'utf8');
    expect(card).toMatch(/Chest films refused, cross-validated .*: \*\*\d+ of 80\*\*/);
    expect(card).toMatch(/dicom-non-chest \(not chest radiographs; by image statistics alone, header ignored\): \d+ of 4 flagged/);
    expect(card).toMatch(/### Operating points and validation \(out-of-fold scores\)/);
  });
});
