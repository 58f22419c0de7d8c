// First stage of the "is this a frontal chest radiograph?" gate: what the file says about itself. The second
// stage (image content) is the OOD distance in cxr-model. PNG/JPEG carry no header, so they pass this stage.
import type { ImageSourceInfo } from './greyImage';

export interface GateResult {
  ok: boolean;
  /** Why the image is not scored (empty when ok). */
  reason: string;
}

const PROJECTION_MODALITIES = new Set(['CR', 'DX', 'DR', 'RG', 'DF', 'OT', 'SC']);
const LATERAL_VIEWS = /^(LL|RL|LAT|LATERAL|LLD|RLD|XTABLE|LATERAL DECUBITUS)$/i;
const CHEST_BODY_PART = /CHEST|THORAX|LUNG|THORAC|TORSO|CHST/i;

export function headerGate(source: ImageSourceInfo): GateResult {
  if (source.format !== 'dicom') return { ok: true, reason: '' };
  const modality = (source.modality ?? '').trim().toUpperCase();
  if (modality && !PROJECTION_MODALITIES.has(modality)) {
    return { ok: false, reason: `modality ${modality} is not a projection radiograph (CR/DX expected)` };
  }
  const body = (source.bodyPart ?? '').trim();
  if (body && !CHEST_BODY_PART.test(body)) return { ok: false, reason: `body part ${body} is not the chest` };
  const view = (source.viewPosition ?? '').trim();
  if (view && LATERAL_VIEWS.test(view)) return { ok: false, reason: `view position ${view} is lateral (the model reads frontal PA/AP films)` };
  if (source.colour) return { ok: false, reason: 'colour image (radiographs are greyscale)' };
  return { ok: true, reason: '' };
}
