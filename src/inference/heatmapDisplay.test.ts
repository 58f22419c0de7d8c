import { describe, expect, it } from 'vitest';
import { affineFromCorners, heatmapRectInImage } from './heatmapPlacement';
import { colourOf, heatmapRgba } from './colormap';
import { headerGate, imageGate } from './gate';

describe('heatmap placement', () => {
  it('covers the whole image when stretched, the padded square when padded, the middle when cropped', () => {
    expect(heatmapRectInImage(2000, 1000, 'stretch')).toEqual({ x: 0, y: 0, width: 2000, height: 1000 });
    expect(heatmapRectInImage(2000, 1000, 'pad')).toEqual({ x: 0, y: -500, width: 2000, height: 2000 });
    expect(heatmapRectInImage(2000, 1000, 'center-crop')).toEqual({ x: 500, y: 0, width: 1000, height: 1000 });
  });
  it('maps heatmap corners onto the given canvas points (rotation and flip included)', () => {
    const apply = (m: number[], u: number, v: number) => [m[0] * u + m[2] * v + m[4], m[1] * u + m[3] * v + m[5]];
    // Image rotated 90 degrees clockwise and shown at 2x: top-left lands top-right.
    const m = affineFromCorners(10, 10, [40, 0], [40, 20], [20, 0]);
    expect(apply(m, 0, 0)).toEqual([40, 0]);
    expect(apply(m, 10, 0)).toEqual([40, 20]);
    expect(apply(m, 0, 10)).toEqual([20, 0]);
    expect(apply(m, 10, 10)).toEqual([20, 20]);
  });
});

describe('heatmap colours', () => {
  it('leaves weak evidence transparent and makes strong evidence opaque and red', () => {
    const rgba = heatmapRgba(new Float32Array([0, 0.1, 0.5, 1]));
    expect(rgba[3]).toBe(0);
    expect(rgba[7]).toBe(0);
    expect(rgba[11]).toBeGreaterThan(0);
    expect(rgba[15]).toBe(255);
    const [r, , b] = colourOf(1);
    expect(r).toBeGreaterThan(b);
  });
});

describe('gate', () => {
  const base = { fileName: 'x.dcm', colour: false, voi: { kind: 'full-range' as const, maxValue: 255 } };
  it('rejects CT, non-chest body parts and lateral views from the header, with the reason', () => {
    const ct = headerGate({ ...base, format: 'dicom', modality: 'CT' });
    expect(ct.pass).toBe(false);
    expect(ct.stage).toBe('header');
    expect(ct.reason).toMatch(/CT/);
    expect(headerGate({ ...base, format: 'dicom', modality: 'DX', bodyPart: 'KNEE' }).pass).toBe(false);
    expect(headerGate({ ...base, format: 'dicom', modality: 'CR', bodyPart: 'CHEST', viewPosition: 'LL' }).pass).toBe(false);
  });
  it('passes frontal chest radiographs and header-less images', () => {
    expect(headerGate({ ...base, format: 'dicom', modality: 'CR', bodyPart: 'CHEST', viewPosition: 'PA' }).pass).toBe(true);
    expect(headerGate({ ...base, format: 'png' }).pass).toBe(true);
  });
  it('rejects images whose features lie beyond the threshold', () => {
    expect(imageGate({ distance: 40, threshold: 20, outOfDistribution: true })).toMatchObject({ pass: false, stage: 'image' });
    expect(imageGate({ distance: 10, threshold: 20, outOfDistribution: false }).pass).toBe(true);
  });
});
