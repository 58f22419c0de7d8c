// Header summaries and parsed data sets by Cornerstone image id (filled by file intake), for metadata
// providers, annotations, the pixel probe and the tag browser.
import type { DataSet } from 'dicom-parser';
import type { HeaderSummary } from '../dicom/headerSummary';

export interface ImageSource {
  imageId: string;
  fileName: string;
  path: string;
  frame: number;
  header: HeaderSummary | null;
  dataSet: DataSet | null;
}

const sources = new Map<string, ImageSource>();

export function setImageSource(src: ImageSource): void {
  sources.set(src.imageId, src);
}

/** Forgets an image's header and parsed data set (its study was closed: src/dicom/releaseImages.ts). */
export function removeImageSource(imageId: string): void {
  sources.delete(imageId);
}

export function getImageSource(imageId: string | undefined | null): ImageSource | undefined {
  if (!imageId) return undefined;
  return sources.get(imageId);
}

/** Which pixel spacing a length measurement uses (PixelSpacing first, then ImagerPixelSpacing). */
export function lengthCalibration(header: HeaderSummary | null): {
  source: 'PixelSpacing' | 'ImagerPixelSpacing' | null;
  spacing: [number, number] | null;
} {
  if (header?.pixelSpacing) return { source: 'PixelSpacing', spacing: header.pixelSpacing };
  if (header?.imagerPixelSpacing) return { source: 'ImagerPixelSpacing', spacing: header.imagerPixelSpacing };
  return { source: null, spacing: null };
}
