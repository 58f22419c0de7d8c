// Augmentation that keeps chest anatomy plausible. Applied to the canonical square grey image (values in [0,1],
// after src/model/preprocess's area-averaging step and before resizing to the network input), so the browser's
// preprocessing path is unchanged and only the training data varies.
//
// Geometric: small rotation, isotropic scale and translation (one affine map, bilinear sampling, edge pixels
// replicated). NO left-right flip unless asked: situs (heart on the left) is anatomy, and a flipped film is a
// different, rare, clinically meaningful image. Photometric: brightness, contrast and gamma, the ways exposure and
// window settings differ between sites.
import type { Rng } from './rng';

export interface AugmentOptions {
  /** Max rotation, degrees (uniform in +-). */
  rotateDeg: number;
  /** Max relative scale change (scale uniform in [1-s, 1+s]). */
  scale: number;
  /** Max translation as a fraction of the side (uniform in +-, each axis). */
  translate: number;
  /** Max brightness shift (added, in grey units). */
  brightness: number;
  /** Max relative contrast change (about the mean). */
  contrast: number;
  /** Max |log gamma| (gamma = exp(uniform(-g, g))). */
  gamma: number;
  /** Allow a left-right flip with probability 0.5. Off by default (anatomy is not mirror-symmetric). */
  hflip: boolean;
}

export const DEFAULT_AUGMENT: AugmentOptions = {
  rotateDeg: 7,
  scale: 0.08,
  translate: 0.06,
  brightness: 0.06,
  contrast: 0.12,
  gamma: 0.15,
  hflip: false,
};

export const NO_AUGMENT: AugmentOptions = {
  rotateDeg: 0,
  scale: 0,
  translate: 0,
  brightness: 0,
  contrast: 0,
  gamma: 0,
  hflip: false,
};

/** The random parameters drawn for one image (exposed for tests and logging). */
export interface AugmentDraw {
  angle: number;
  scale: number;
  tx: number;
  ty: number;
  flip: boolean;
  brightness: number;
  contrast: number;
  gamma: number;
}

export function drawAugment(opts: AugmentOptions, rng: Rng): AugmentDraw {
  return {
    angle: (rng.uniform(-opts.rotateDeg, opts.rotateDeg) * Math.PI) / 180,
    scale: 1 + rng.uniform(-opts.scale, opts.scale),
    tx: rng.uniform(-opts.translate, opts.translate),
    ty: rng.uniform(-opts.translate, opts.translate),
    flip: opts.hflip ? rng.next() < 0.5 : false,
    brightness: rng.uniform(-opts.brightness, opts.brightness),
    contrast: 1 + rng.uniform(-opts.contrast, opts.contrast),
    gamma: Math.exp(rng.uniform(-opts.gamma, opts.gamma)),
  };
}

/**
 * Augments a square grey image (row-major, side x side, values in [0,1]) and returns a new array.
 * The geometric map is about the image centre; output pixel p samples input at A^-1 (p - c - t) + c.
 */
export function augmentSquare(src: Float32Array, side: number, d: AugmentDraw): Float32Array {
  const out = new Float32Array(side * side);
  const c = (side - 1) / 2;
  const cos = Math.cos(d.angle) / d.scale;
  const sin = Math.sin(d.angle) / d.scale;
  const tx = d.tx * side;
  const ty = d.ty * side;
  const last = side - 1;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const dx = (d.flip ? last - x : x) - c - tx;
      const dy = y - c - ty;
      let sx = cos * dx + sin * dy + c;
      let sy = -sin * dx + cos * dy + c;
      sx = sx < 0 ? 0 : sx > last ? last : sx;
      sy = sy < 0 ? 0 : sy > last ? last : sy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = x0 < last ? x0 + 1 : last;
      const y1 = y0 < last ? y0 + 1 : last;
      const fx = sx - x0;
      const fy = sy - y0;
      const top = src[y0 * side + x0]! * (1 - fx) + src[y0 * side + x1]! * fx;
      const bot = src[y1 * side + x0]! * (1 - fx) + src[y1 * side + x1]! * fx;
      out[y * side + x] = top * (1 - fy) + bot * fy;
    }
  }
  let mean = 0;
  for (let i = 0; i < out.length; i++) mean += out[i]!;
  mean /= out.length;
  for (let i = 0; i < out.length; i++) {
    let v = (out[i]! - mean) * d.contrast + mean + d.brightness;
    v = v < 0 ? 0 : v > 1 ? 1 : v;
    out[i] = Math.pow(v, d.gamma);
  }
  return out;
}
