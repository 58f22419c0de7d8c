// An image smaller than the model's canonical size cannot show what the model looks for: the preprocessing would
// only enlarge it (a 64 px thumbnail for a model that reads 224 px). Such images are refused before the network runs,
// with a reason a reader understands; "Score anyway" still scores them, marked as forced.
import type { PreprocessSpec } from './manifest';

export function resolutionGate(width: number, height: number, spec: PreprocessSpec): { ok: boolean; reason: string } {
  const side = Math.min(width, height);
  if (side >= spec.canonicalSize) return { ok: true, reason: '' };
  return {
    ok: false,
    reason: `image is ${width}x${height} px, smaller than the ${spec.canonicalSize} px the model reads: too small to show what it looks for`,
  };
}
