// The gate in the worker's terms: the header stage is the shared src/model/headerGate.ts (the trainer's
// `predict` reports the same), the image stage is the pooled-feature distance against the trainer's statistics.
import { headerGate as sharedHeaderGate } from '../model/headerGate';
import type { ImageSourceInfo } from '../model/greyImage';
import type { GateResult } from './protocol';

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
