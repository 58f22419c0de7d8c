import { describe, expect, it } from 'vitest';
import { classActivationMap, globalAveragePool, normaliseCam, registerCamToImage, upsampleCam } from './cam';

// 2x2 feature map, 2 channels (HWC), head 2 inputs x 3 classes.
const fm = { height: 2, width: 2, channels: 2, data: Float32Array.from([1, 0, 2, 1, 0, 3, 4, 2]) };
const head = { inputs: 2, units: 3, kernel: Float32Array.from([1, -1, 0.5, 2, 1, 0]), bias: Float32Array.from([0.5, 0, -1]) };

describe('CAM math, hand-computed', () => {
  it('weights each position by the class kernel column, plus bias', () => {
    // class 0: W[:,0] = [1, 2]: positions (1,0)->1, (2,1)->4, (0,3)->6, (4,2)->8; + 0.5
    expect(Array.from(classActivationMap(fm, head, 0))).toEqual([1.5, 4.5, 6.5, 8.5]);
    // class 1: W[:,1] = [-1, 1]: -1, -1, 3, -2
    expect(Array.from(classActivationMap(fm, head, 1))).toEqual([-1, -1, 3, -2]);
    expect(Array.from(classActivationMap(fm, head, 2, false))).toEqual([0.5, 1, 0, 2]);
  });
  it('averages to the logit of the pooled features (GAP + Dense)', () => {
    const pooled = globalAveragePool(fm);
    expect(Array.from(pooled)).toEqual([1.75, 1.5]);
    for (let k = 0; k < 3; k++) {
      const cam = classActivationMap(fm, head, k);
      const mean = cam.reduce((a, b) => a + b, 0) / cam.length;
      const logit = pooled[0] * head.kernel[k] + pooled[1] * head.kernel[3 + k] + head.bias[k];
      expect(mean).toBeCloseTo(logit, 6);
    }
  });
  it('normalises positive evidence to [0,1] and upsamples smoothly', () => {
    expect(Array.from(normaliseCam(Float32Array.from([-1, -1, 3, -2])))).toEqual([0, 0, 1, 0]);
    expect(Array.from(normaliseCam(Float32Array.from([-2, -1])))).toEqual([0, 0]);
    expect(Array.from(normaliseCam(Float32Array.from([2, 4, 6]), 'min-max'))).toEqual([0, 0.5, 1]);
    const up = upsampleCam(Float32Array.from([0, 1, 0, 1]), 2, 2, 4, 4);
    expect(Array.from(up.subarray(0, 4))).toEqual([0, 0.25, 0.75, 1]);
    expect(() => classActivationMap(fm, head, 3)).toThrow(/out of range/);
  });
});

describe('registerCamToImage undoes the preprocessing fit', () => {
  // 2x2 map [a b; c d] over the square the network saw.
  const map = Float32Array.from([0, 1, 0, 1]);
  it('stretch: straight upsampling to the image size', () => {
    expect(Array.from(registerCamToImage(map, 2, 2, 4, 2, 'stretch'))).toEqual(Array.from(upsampleCam(map, 2, 2, 4, 2)));
  });
  it('pad: the image is cut out of the padded square', () => {
    // 4x2 image padded to 4x4 (1 row of padding above and below): rows 1-2 of the 4x4 upsampled map
    const square = upsampleCam(map, 2, 2, 4, 4);
    expect(Array.from(registerCamToImage(map, 2, 2, 4, 2, 'pad'))).toEqual(Array.from(square.subarray(4, 12)));
  });
  it('center-crop: the map covers the central square, margins stay 0', () => {
    // 4x2 image cropped to its central 2x2 (columns 1-2)
    const out = registerCamToImage(map, 2, 2, 4, 2, 'center-crop');
    expect(Array.from(out)).toEqual([0, 0, 1, 0, 0, 0, 1, 0]);
  });
});
