// Class activation maps (Zhou et al. 2016) for a network ending in global average pooling + Dense head:
// cam_k(y,x) = sum_c F(y,x,c) * W(c,k) (+ b_k). The mean of cam_k over positions equals the logit of class k.
import { bilinear } from './resample';

/** Last convolutional features of one image, HWC row-major (what the model's second output holds for batch 1). */
export interface FeatureMap {
  height: number;
  width: number;
  channels: number;
  data: Float32Array;
}

/** Dense head weights: kernel C x K row-major (tfjs Dense kernel layout), bias length K. */
export interface DenseHead {
  kernel: Float32Array;
  bias?: Float32Array;
  inputs: number;
  units: number;
}

/** Raw CAM (logit contribution per position) for class k: height*width values, row-major. */
export function classActivationMap(fm: FeatureMap, head: DenseHead, k: number, includeBias = true): Float32Array {
  if (fm.channels !== head.inputs) throw new Error(`feature map has ${fm.channels} channels, head expects ${head.inputs}`);
  if (k < 0 || k >= head.units) throw new Error(`class ${k} out of range 0..${head.units - 1}`);
  const n = fm.height * fm.width;
  const C = fm.channels;
  const K = head.units;
  const b = includeBias && head.bias ? head.bias[k] : 0;
  const out = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    let acc = 0;
    const base = p * C;
    for (let c = 0; c < C; c++) acc += fm.data[base + c] * head.kernel[c * K + k];
    out[p] = acc + b;
  }
  return out;
}

/** Global average pooling of a feature map: the pooled feature vector (length C). */
export function globalAveragePool(fm: FeatureMap): Float32Array {
  const n = fm.height * fm.width;
  const C = fm.channels;
  const acc = new Float64Array(C);
  for (let p = 0; p < n; p++) for (let c = 0; c < C; c++) acc[c] += fm.data[p * C + c];
  const out = new Float32Array(C);
  for (let c = 0; c < C; c++) out[c] = acc[c] / n;
  return out;
}

/**
 * Maps a CAM to [0,1] for display. 'positive' (default): negative evidence is 0, the strongest positive
 * evidence 1 (all zeros when nothing is positive). 'min-max': full range stretch.
 */
export function normaliseCam(map: Float32Array, mode: 'positive' | 'min-max' = 'positive'): Float32Array {
  const out = new Float32Array(map.length);
  let min = Infinity;
  let max = -Infinity;
  for (const v of map) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (mode === 'positive') {
    if (!(max > 0)) return out;
    for (let i = 0; i < map.length; i++) out[i] = map[i] > 0 ? map[i] / max : 0;
    return out;
  }
  const range = max - min;
  if (!(range > 0)) return out;
  for (let i = 0; i < map.length; i++) out[i] = (map[i] - min) / range;
  return out;
}

/** Smooth bilinear upsampling of a height x width map to outWidth x outHeight (half-pixel centres). */
export function upsampleCam(map: Float32Array, width: number, height: number, outWidth: number, outHeight: number): Float32Array {
  return bilinear(map, width, height, outWidth, outHeight);
}

/**
 * Registers a CAM (covering the square the network saw) onto an imageWidth x imageHeight image, undoing the
 * preprocessing fit: 'stretch' upsamples straight to the image size; 'pad' upsamples to the padded square and cuts
 * the image out of it; 'center-crop' upsamples to the cropped square and leaves the cut-off margins at 0.
 */
export function registerCamToImage(
  map: Float32Array,
  width: number,
  height: number,
  imageWidth: number,
  imageHeight: number,
  fit: 'stretch' | 'pad' | 'center-crop',
): Float32Array {
  if (fit === 'stretch' || imageWidth === imageHeight) return bilinear(map, width, height, imageWidth, imageHeight);
  const side = fit === 'pad' ? Math.max(imageWidth, imageHeight) : Math.min(imageWidth, imageHeight);
  const square = bilinear(map, width, height, side, side);
  const out = new Float32Array(imageWidth * imageHeight);
  if (fit === 'pad') {
    const ox = Math.floor((side - imageWidth) / 2);
    const oy = Math.floor((side - imageHeight) / 2);
    for (let y = 0; y < imageHeight; y++) out.set(square.subarray((y + oy) * side + ox, (y + oy) * side + ox + imageWidth), y * imageWidth);
  } else {
    const ox = Math.floor((imageWidth - side) / 2);
    const oy = Math.floor((imageHeight - side) / 2);
    for (let y = 0; y < side; y++) out.set(square.subarray(y * side, (y + 1) * side), (y + oy) * imageWidth + ox);
  }
  return out;
}
