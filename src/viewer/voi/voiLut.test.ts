// VOI LUT Sequence: building, clamping, and reading a real file with an inserted LUT.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseDicom } from 'dicom-parser';
import { applyVoiLut, buildVoiLut, mapThroughVoiLut, voiLutDisplayFraction, voiLutOutputMax } from './voiLut';
import { readVoiLutSequence } from './readVoiLutSequence';
import { withVoiLutSequence } from '../../../e2e/support/viewerFixtures';
import { dataPath, missingDataReason } from '../../../test-support/sharedData';

describe('buildVoiLut / applyVoiLut', () => {
  const lut = buildVoiLut({ descriptor: [4, 10, 8], words: [0, 50, 200, 255], signedInput: false });
  it('maps values from the first value mapped', () => {
    expect([10, 11, 12, 13].map((v) => applyVoiLut(lut, v))).toEqual([0, 50, 200, 255]);
  });
  it('clamps below and above the LUT as PS3.3 C.11.2.1.1 requires', () => {
    expect(applyVoiLut(lut, -1000)).toBe(0);
    expect(applyVoiLut(lut, 9)).toBe(0);
    expect(applyVoiLut(lut, 14)).toBe(255);
    expect(applyVoiLut(lut, 60000)).toBe(255);
  });
  it('reads a descriptor entry count of 0 as 65536', () => {
    const big = buildVoiLut({ descriptor: [0, 0, 16], words: [1, 2, 3], signedInput: false });
    expect(big.data.length).toBe(65536);
  });
  it('reads a signed first value mapped when the Modality LUT output is signed', () => {
    const s = buildVoiLut({ descriptor: [3, 0xfc18, 12], words: [0, 2048, 4095], signedInput: true });
    expect(s.firstValueMapped).toBe(-1000);
    expect(applyVoiLut(s, -999)).toBe(2048);
  });
  it('reads packed 8-bit LUT data', () => {
    const p = buildVoiLut({ descriptor: [3, 0, 8], words: [], packed8: new Uint8Array([5, 6, 7, 0]), signedInput: false });
    expect(Array.from(p.data)).toEqual([5, 6, 7]);
  });
  it('widens the output range when the data exceeds the declared bits', () => {
    const w = buildVoiLut({ descriptor: [2, 0, 8], words: [0, 1000], signedInput: false });
    expect(w.bitsPerEntry).toBe(10);
    expect(voiLutOutputMax(w)).toBe(1023);
  });
  it('maps a frame and gives display fractions', () => {
    expect(Array.from(mapThroughVoiLut(lut, [9, 11, 13, 20]))).toEqual([0, 50, 255, 255]);
    expect(voiLutDisplayFraction(lut, 13)).toBe(1);
  });
});

const MR = 'dicom-conformance/pydicom-test-files/MR_small.dcm';
describe.skipIf(!!missingDataReason(MR))('readVoiLutSequence on a real MR with an inserted VOI LUT Sequence', () => {
  it('reads back the LUT that was written', () => {
    const fx = withVoiLutSequence(dataPath(MR));
    const ds = parseDicom(fx.bytes);
    const luts = readVoiLutSequence(ds, ds.uint16('x00280103') === 1);
    expect(luts).toHaveLength(1);
    expect(luts[0].firstValueMapped).toBe(fx.first);
    expect(luts[0].bitsPerEntry).toBe(8);
    expect(luts[0].explanation).toBe('SQRT TEST LUT');
    expect(Array.from(luts[0].data)).toEqual(fx.lut);
    // The pixel data is still intact after the insertion.
    const original = parseDicom(new Uint8Array(readFileSync(dataPath(MR))));
    expect(ds.elements.x7fe00010.length).toBe(original.elements.x7fe00010.length);
    expect(ds.int16('x7fe00010', 100)).toBe(original.int16('x7fe00010', 100));
  });
});
