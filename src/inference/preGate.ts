// What the DICOM header alone says against scoring, on the main thread before any byte is read (same rules and
// words as the worker's header gate): a CT or a lateral view is refused without a worker.
import type { HeaderSummary } from '../images';
import type { ImageSourceInfo } from '../model/greyImage';
import { headerGate } from './gate';

export function preGate(h: HeaderSummary | null): string | null {
  if (!h) return null;
  const src = {
    format: 'dicom',
    fileName: '',
    modality: h.modality,
    viewPosition: h.viewPosition,
    colour: h.samplesPerPixel > 1 || h.photometricInterpretation === 'PALETTE COLOR',
  } as ImageSourceInfo;
  const g = headerGate(src);
  return g.pass ? null : g.reason;
}
