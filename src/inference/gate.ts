// The gate in the worker's terms: the header stage is the shared src/model/headerGate.ts (the trainer's
// `predict` reports the same), the image stage is the pooled-feature distance against the trainer's statistics.
import { headerGate as sharedHeaderGate } from '../model/headerGate';
import type { ImageSourceInfo } from '../model/greyImage';
import type { GateResult } from './protocol';
import type { PreprocessSpec } from '../model/manifest';
import { resolutionGate } from '../model/resolutionGate';

export function headerGate(src: ImageSourceInfo): GateResult {
  const g = sharedHeaderGate(src);
  return g.ok ? { pass: true, stage: null, reason: '' } : { pass: false, stage: 'header', reason: `DICOM header: ${g.reason}` };
}

export function imageGate(ood: { distance: number; threshold: number; outOfDistribution: boolean }): GateResult {
  if (!ood.outOfDistribution) return { pass: true, stage: null, reason: '' };
  return {
    pass: false,
    stage: 'image',
    reason: `image is unlike the chest radiographs the model was trained on (feature distance ${ood.distance.toFixed(1)} > threshold ${ood.threshold.toFixed(1)})`,
  };
}

/** The image is too small for the model (src/model/resolutionGate.ts): refused before the network runs. */
export function sizeGate(width: number, height: number, spec: PreprocessSpec): GateResult {
  const g = resolutionGate(width, height, spec);
  return g.ok ? { pass: true, stage: null, reason: '' } : { pass: false, stage: 'image', reason: g.reason };
}
