// Which pixel spacing a length measurement uses: Pixel Spacing first, then Imager Pixel Spacing.
import type { HeaderSummary } from '../../images';

export function lengthCalibration(header: HeaderSummary | null): {
  source: 'PixelSpacing' | 'ImagerPixelSpacing' | null;
  spacing: [number, number] | null;
} {
  if (header?.pixelSpacing) return { source: 'PixelSpacing', spacing: header.pixelSpacing };
  if (header?.imagerPixelSpacing) return { source: 'ImagerPixelSpacing', spacing: header.imagerPixelSpacing };
  return { source: null, spacing: null };
}
