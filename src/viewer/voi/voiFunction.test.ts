// VOI LUT functions against the formulas and worked values of PS3.3 C.11.2.1.2.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseDicom } from 'dicom-parser';
import { applyVoiFunction, displayValue, linear, linearExact, normaliseVoiLutFunction, rangeExcludingPadding, sigmoid } from './voiFunction';
import { dataPath, missingDataReason } from '../../../test-support/sharedData';

describe('LINEAR', () => {
  it('maps the window edges as the standard defines (c=2048, w=4096 on 12 bits)', () => {
    // x <= c - 0.5 - (w-1)/2 -> 0 ; x > c - 0.5 + (w-1)/2 -> 1
    expect(linear(0, 2048, 4096)).toBe(0);
    expect(linear(4095, 2048, 4096)).toBe(1);
    expect(linear(2047.5, 2048, 4096)).toBeCloseTo(0.5, 9);
  });
  it('is a one-level threshold when w = 1', () => {
    expect(linear(99, 100, 1)).toBe(0);
    expect(linear(100, 100, 1)).toBe(1);
  });
  it('is monotonic inside the window', () => {
    let prev = -1;
    for (let x = 0; x < 400; x++) {
      const y = linear(x, 40, 400);
      expect(y).toBeGreaterThanOrEqual(prev);
      prev = y;
    }
  });
});

describe('LINEAR_EXACT', () => {
  it('maps c - w/2 to 0, c to 0.5 and c + w/2 to 1', () => {
    expect(linearExact(-160, 40, 400)).toBe(0);
    expect(linearExact(40, 40, 400)).toBe(0.5);
    expect(linearExact(240, 40, 400)).toBe(1);
    expect(linearExact(140, 40, 400)).toBe(0.75);
  });
});

describe('SIGMOID', () => {
  it('is 0.5 at the centre and symmetric', () => {
    expect(sigmoid(40, 40, 400)).toBe(0.5);
    expect(sigmoid(140, 40, 400) + sigmoid(-60, 40, 400)).toBeCloseTo(1, 12);
  });
  it('follows 1/(1+exp(-4(x-c)/w))', () => {
    expect(sigmoid(140, 40, 400)).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
  });
});

describe('helpers', () => {
  it('normalises the function name, defaulting to LINEAR', () => {
    expect(normaliseVoiLutFunction('linear_exact')).toBe('LINEAR_EXACT');
    expect(normaliseVoiLutFunction('SIGMOID ')).toBe('SIGMOID');
    expect(normaliseVoiLutFunction('')).toBe('LINEAR');
    expect(normaliseVoiLutFunction('BOGUS')).toBe('LINEAR');
  });
  it('dispatches by name', () => {
    expect(applyVoiFunction('SIGMOID', 40, 40, 400)).toBe(0.5);
    expect(applyVoiFunction('LINEAR_EXACT', 240, 40, 400)).toBe(1);
  });
  it('inverts for MONOCHROME1 / invert', () => {
    expect(displayValue(0, false)).toBe(0);
    expect(displayValue(0, true)).toBe(255);
    expect(displayValue(0.5, false)).toBe(128);
  });
});

const CT = 'dicom-conformance/pydicom-test-files/CT_small.dcm';
describe.skipIf(!!missingDataReason(CT))('pixel padding on a real CT', () => {
  it('excludes Pixel Padding Value from the default display range', () => {
    const ds = parseDicom(new Uint8Array(readFileSync(dataPath(CT))));
    const pad = ds.int16('x00280120')!;
    const el = ds.elements.x7fe00010;
    const px = new Int16Array(ds.byteArray.buffer.slice(ds.byteArray.byteOffset + el.dataOffset, ds.byteArray.byteOffset + el.dataOffset + el.length));
    const slope = Number(ds.string('x00281053') ?? 1);
    const intercept = Number(ds.string('x00281052') ?? 0);
    const values = Array.from(px, (v) => v * slope + intercept);
    const all = rangeExcludingPadding(values, null);
    const withoutPad = rangeExcludingPadding(values, { value: pad * slope + intercept, rangeLimit: null });
    const padCount = px.filter((v) => v === pad).length;
    if (padCount > 0) {
      expect(all.min).toBe(pad * slope + intercept);
      expect(withoutPad.min).toBeGreaterThan(all.min);
    } else {
      expect(withoutPad).toEqual(all);
    }
    expect(withoutPad.max).toBe(all.max);
  });
});
