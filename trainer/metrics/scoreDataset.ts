// Runs a chest model over dataset samples in batches through the shared decode -> preprocess -> cxr-model path.
// Files that cannot be decoded are skipped with their reason, never abort the run.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CxrModel } from '../../src/model/cxrModel';
import { decodeImageAsync } from '../../src/model/decodeImage';
import { registerNodeCodecs } from '../data/nodeCodecs';
import type { GreyImage } from '../../src/model/greyImage';
import type { Sample } from '../data/sample';

export interface ScoredSample {
  sample: Sample;
  probabilities: Record<string, number>;
  oodDistance: number;
  outOfDistribution: boolean;
  /** Heatmaps asked for with opts.maps (label -> map at the network's input size, min-max normalised). */
  maps?: Record<string, { width: number; height: number; data: Float32Array }>;
}

export async function scoreSamples(
  model: CxrModel,
  samples: Sample[],
  opts: { batchSize?: number; onProgress?: (done: number) => void; maps?: (sample: Sample) => string[] } = {},
): Promise<{ scored: ScoredSample[]; skipped: { file: string; reason: string }[] }> {
  registerNodeCodecs();
  const batchSize = opts.batchSize ?? 16;
  // Maps at the network's input size, as the trainer's localisation measures them.
  const side = model.manifest.preprocessing.inputSize;
  const scored: ScoredSample[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (let i = 0; i < samples.length; i += batchSize) {
    const chunk = samples.slice(i, i + batchSize);
    const ok: { sample: Sample; img: GreyImage }[] = [];
    for (const sample of chunk) {
      try {
        ok.push({ sample, img: await decodeImageAsync(await readFile(sample.path), basename(sample.path)) });
      } catch (err) {
        skipped.push({ file: sample.path, reason: (err as Error).message });
      }
    }
    const results = await model.inferBatch(ok.map((o) => o.img));
    results.forEach((r, k) => {
      const wanted = opts.maps?.(ok[k].sample) ?? [];
      const maps = wanted.length ? Object.fromEntries(wanted.map((l) => [l, r.cam(l, { normalise: 'min-max', width: side, height: side })])) : undefined;
      scored.push({
        sample: ok[k].sample,
        probabilities: r.probabilities,
        oodDistance: r.ood.distance,
        outOfDistribution: r.ood.outOfDistribution,
        ...(maps ? { maps } : {}),
      });
    });
    opts.onProgress?.(Math.min(i + batchSize, samples.length));
  }
  return { scored, skipped };
}
