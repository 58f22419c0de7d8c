import { describe, expect, it } from 'vitest';
import { affineFromCorners, heatmapRectInImage } from './heatmapPlacement';
import { CONTOUR_LEVEL, contourSegments, EVIDENCE_FLOOR, evidenceAlpha, evidenceColour, evidenceRgba } from './colormap';
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
  it('leaves everything at or below the floor fully transparent and lets alpha grow with the value', () => {
    const f = EVIDENCE_FLOOR;
    const rgba = evidenceRgba(new Float32Array([0, f / 2, f - 0.001, f + (1 - f) / 4, f + (1 - f) / 2, 1]));
    const alpha = [3, 7, 11, 15, 19, 23].map((i) => rgba[i]);
    expect(alpha.slice(0, 3)).toEqual([0, 0, 0]);
    expect(alpha[3]).toBeGreaterThan(0);
    // Strictly increasing above the floor, opaque only at the maximum.
    expect(alpha[4]).toBeGreaterThan(alpha[3]);
    expect(alpha[5]).toBeGreaterThan(alpha[4]);
    expect(alpha[5]).toBe(255);
    // Just above the floor the colour is barely there (a ramp, not a step to a wash).
    expect(evidenceAlpha(EVIDENCE_FLOOR + 0.05)).toBeLessThan(0.05);
    const [r, , b] = evidenceColour(1);
    expect(r).toBeGreaterThan(b);
  });

  it('a typical CAM (a broad plateau with one hot spot) leaves most of the image clear', () => {
    // 64x64: a smooth bump over a background at 0.35 of the max, as min-max normalised CAMs look.
    const n = 64;
    const map = new Float32Array(n * n);
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) map[y * n + x] = 0.35 + 0.65 * Math.exp(-((x - 40) ** 2 + (y - 20) ** 2) / 60);
    const rgba = evidenceRgba(map);
    let tinted = 0;
    for (let i = 3; i < rgba.length; i += 4) if (rgba[i] > 0) tinted++;
    expect(tinted / (n * n)).toBeLessThan(0.1);
  });
});

describe('heatmap outline', () => {
  it('encloses a square region at the level, closed, in map pixel coordinates', () => {
    // 6x6 map: 1 inside the 2x2 block at columns/rows 2-3, 0 elsewhere.
    const w = 6;
    const map = new Float32Array(w * w);
    for (const [x, y] of [
      [2, 2],
      [3, 2],
      [2, 3],
      [3, 3],
    ])
      map[y * w + x] = 1;
    const seg = contourSegments(map, w, w, 0.5);
    expect(seg.length % 4).toBe(0);
    const points: [number, number][] = [];
    for (let i = 0; i < seg.length; i += 2) points.push([seg[i], seg[i + 1]]);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    // Pixel centres of the block are at 2.5 and 3.5; the level 0.5 is crossed halfway to the neighbours.
    expect(Math.min(...xs)).toBeCloseTo(2, 6);
    expect(Math.max(...xs)).toBeCloseTo(4, 6);
    expect(Math.min(...ys)).toBeCloseTo(2, 6);
    expect(Math.max(...ys)).toBeCloseTo(4, 6);
    // Closed: every end point is shared by exactly two segment ends.
    const key = (p: [number, number]) => `${p[0].toFixed(4)},${p[1].toFixed(4)}`;
    const ends = new Map<string, number>();
    for (const p of points) ends.set(key(p), (ends.get(key(p)) ?? 0) + 1);
    for (const c of ends.values()) expect(c).toBe(2);
  });

  it('closes a region that touches the border just outside it, and draws nothing for a flat map', () => {
    const map = new Float32Array([1, 1, 0, 1, 1, 0, 0, 0, 0]);
    const seg = contourSegments(map, 3, 3, CONTOUR_LEVEL);
    const xs = Array.from(seg).filter((_, i) => i % 2 === 0);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.min(...xs)).toBeLessThan(0.5);
    expect(contourSegments(new Float32Array(9).fill(0.2), 3, 3, CONTOUR_LEVEL)).toHaveLength(0);
    expect(contourSegments(new Float32Array(9).fill(1), 3, 3, CONTOUR_LEVEL).length).toBeGreaterThan(0);
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
