// The one preprocessing path (trainer and browser): GreyImage -> network input, following the manifest's
// PreprocessSpec. fit to a square -> area-average to canonicalSize -> bilinear to inputSize -> x*scale+offset
// -> replicate to `channels`. Output: Float32Array, NHWC for one image (inputSize * inputSize * channels).
import type { GreyImage } from './greyImage';
import type { PreprocessSpec } from './manifest';
import { bilinear, resample } from './resample';
import type { ResampleFilter } from './resample';

export interface GreyPlane {
  width: number;
  height: number;
  data: Float32Array;
}

/** Makes the image square: 'stretch' leaves it (the resize stretches), 'pad' centres it on black, 'center-crop' cuts the middle. */
export function fitSquare(img: GreyPlane, fit: PreprocessSpec['fit']): GreyPlane {
  const { width, height, data } = img;
  if (fit === 'stretch' || width === height) return { width, height, data };
  const side = fit === 'pad' ? Math.max(width, height) : Math.min(width, height);
  const out = new Float32Array(side * side);
  if (fit === 'pad') {
    const ox = Math.floor((side - width) / 2);
    const oy = Math.floor((side - height) / 2);
    for (let y = 0; y < height; y++) out.set(data.subarray(y * width, (y + 1) * width), (y + oy) * side + ox);
  } else {
    const ox = Math.floor((width - side) / 2);
    const oy = Math.floor((height - side) / 2);
    for (let y = 0; y < side; y++) out.set(data.subarray((y + oy) * width + ox, (y + oy) * width + ox + side), y * side);
  }
  return { width: side, height: side, data: out };
}

/**
 * The canonical image: fitted, then area-averaged to canonicalSize x canonicalSize (grey levels in [0,1]).
 * This is what makes a 1000-3000 px radiograph look like its 64 px training counterpart.
 */
export function canonicalise(img: GreyPlane, spec: Pick<PreprocessSpec, 'canonicalSize' | 'fit'>, filter: ResampleFilter = 'area'): GreyPlane {
  const fitted = fitSquare(img, spec.fit);
  const n = spec.canonicalSize;
  if (fitted.width === n && fitted.height === n) return { width: n, height: n, data: Float32Array.from(fitted.data) };
  return { width: n, height: n, data: resample(fitted.data, fitted.width, fitted.height, n, n, filter) };
}

/** Canonical plane -> network input (NHWC, one image). */
export function toNetworkInput(canonical: GreyPlane, spec: PreprocessSpec): Float32Array {
  const s = spec.inputSize;
  const sized = canonical.width === s && canonical.height === s ? canonical.data : bilinear(canonical.data, canonical.width, canonical.height, s, s);
  const c = spec.channels;
  const out = new Float32Array(s * s * c);
  for (let i = 0; i < s * s; i++) {
    const v = sized[i] * spec.scale + spec.offset;
    for (let k = 0; k < c; k++) out[i * c + k] = v;
  }
  return out;
}

/** GreyImage -> Float32Array of length inputSize*inputSize*channels in NHWC order. */
export function preprocess(img: GreyPlane | GreyImage, spec: PreprocessSpec): Float32Array {
  return toNetworkInput(canonicalise(img, spec), spec);
}

/** Shape of the tensor preprocess() fills, for one image: [1, inputSize, inputSize, channels]. */
export function inputShape(spec: PreprocessSpec): [number, number, number, number] {
  return [1, spec.inputSize, spec.inputSize, spec.channels];
}
