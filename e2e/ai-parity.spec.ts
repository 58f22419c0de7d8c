// Parity: the browser's probabilities (worker, shared decode + preprocess + model API) equal the trainer's
// `predict` CLI for real DICOM and PNG radiographs: within 1e-4 on wasm and cpu, 1e-3 on webgl and webgpu.
import { test, expect } from '@playwright/test';
import { AiPanel, modelRoot, openAndShow } from './support/aiPanel';
import { abnormalOutputLabel, defaultModelDir, trainerPredict, type ReferencePrediction } from './support/aiReference';
import { dataPath, missingDataReason } from '../test-support/sharedData';

const FILES = [
  dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm'),
  dataPath('dicom-cxr', 'siim-cr-chest-monochrome1.dcm'),
  dataPath('cxr-fullres', '00000001_000.png'),
  dataPath('cxr-fullres', '00000003_000.png'),
  dataPath('nih-cxr14-64', 'images', '00000013_005.png'),
];

const TOLERANCE: Record<string, number> = { wasm: 1e-4, cpu: 1e-4, webgl: 1e-3, webgpu: 1e-3 };

let reference: Map<string, ReferencePrediction>;
let dir: string;

test.describe('AI parity with the trainer predict CLI', () => {
  test.describe.configure({ timeout: 600_000 });

  test.beforeAll(async () => {
    const skip = missingDataReason('dicom-cxr') ?? missingDataReason('cxr-fullres') ?? missingDataReason('nih-cxr14-64');
    test.skip(skip !== null, skip ?? '');
    dir = defaultModelDir(await modelRoot());
    reference = trainerPredict(dir, FILES);
  });

  for (const backend of ['wasm', 'cpu', 'webgl', 'webgpu']) {
    // On SwiftShader a GPU backend is tens of times slower than wasm, and the pure-JS cpu backend is the last-resort
    // fallback: correctness on one DICOM (MONOCHROME1) and one PNG; wasm, the backend that scores here, takes all five.
    const files = backend === 'wasm' ? FILES : [FILES[1]!, FILES[2]!];
    const what = files === FILES ? '5 real radiographs (2 DICOM, 3 PNG)' : '2 real radiographs (a MONOCHROME1 DICOM, a PNG)';
    test(`${backend}: ${what} match within ${TOLERANCE[backend]}`, async ({ page }) => {
      test.slow(backend === 'webgl' || backend === 'webgpu', 'SwiftShader: correctness only, slow');
      const { app, ai } = await AiPanel.open(page, { backend });
      await ai.waitForModel(500_000);
      await expect(ai.backend).toHaveText(backend);
      for (const file of files) {
        const name = await openAndShow(app, file);
        // Scored regardless of the gate (the CLI reports the gate, it does not enforce it).
        let snap = await ai.waitForResult(name, ['done', 'not-scored'], 500_000);
        if (snap.state === 'not-scored') {
          await ai.scoreAnywayButton.click();
          snap = await ai.waitForResult(name, ['done'], 500_000);
        }
        expect(snap.state, snap.reason).toBe('done');
        expect(snap.backend).toBe(backend);
        const ref = reference.get(file)!;
        expect(ref.error, ref.error).toBeUndefined();
        const table = await ai.tableProbabilities();
        // The trainer reports every output; the table lists the findings (the "any finding" output is shown above it).
        const abnormalLabel = abnormalOutputLabel(dir);
        const labels = Object.keys(ref.probabilities).filter((l) => l !== abnormalLabel);
        expect(Object.keys(table).sort()).toEqual([...labels].sort());
        let worst = 0;
        for (const l of labels) {
          worst = Math.max(worst, Math.abs(table[l] - ref.probabilities[l]));
          expect(Math.abs(table[l] - ref.probabilities[l]), `${name} ${l}: browser ${table[l]} vs trainer ${ref.probabilities[l]}`).toBeLessThanOrEqual(
            TOLERANCE[backend],
          );
        }
        test.info().annotations.push({ type: 'parity', description: `${backend} ${name}: max |diff| ${worst.toExponential(2)}` });
      }
    });
  }
});
