// Stored pixel values of a Cornerstone image. Cornerstone pre-scales (applies the Modality LUT) while
// decoding; this undoes it so tests and the pixel probe see the values stored in the file.
import type { Types } from '@cornerstonejs/core';

interface PreScale {
  scaled?: boolean;
  scalingParameters?: { rescaleSlope?: number; rescaleIntercept?: number };
}

export function rescaleOf(image: Types.IImage): { slope: number; intercept: number; scaled: boolean } {
  const pre = (image as unknown as { preScale?: PreScale }).preScale;
  if (pre?.scaled) {
    return {
      slope: pre.scalingParameters?.rescaleSlope ?? 1,
      intercept: pre.scalingParameters?.rescaleIntercept ?? 0,
      scaled: true,
    };
  }
  return { slope: image.slope ?? 1, intercept: image.intercept ?? 0, scaled: false };
}

/** Stored value at flat sample index i. */
export function storedValueAt(image: Types.IImage, i: number): number {
  const v = (image.getPixelData() as ArrayLike<number>)[i];
  const r = rescaleOf(image);
  if (!r.scaled || (r.slope === 1 && r.intercept === 0)) return v;
  return Math.round((v - r.intercept) / r.slope);
}

export function storedValues(image: Types.IImage): number[] {
  const data = image.getPixelData() as ArrayLike<number>;
  const r = rescaleOf(image);
  const out = new Array<number>(data.length);
  if (!r.scaled || (r.slope === 1 && r.intercept === 0)) {
    for (let i = 0; i < data.length; i++) out[i] = data[i];
  } else {
    for (let i = 0; i < data.length; i++) out[i] = Math.round((data[i] - r.intercept) / r.slope);
  }
  return out;
}

export function samplesPerPixelOf(image: Types.IImage): number {
  const n = (image.getPixelData() as ArrayLike<number>).length;
  return Math.max(1, Math.round(n / (image.rows * image.columns)));
}
