import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PIXEL_BUDGET, pixelBudgetFrom, pixelBudgetProblem } from './pixelBudget';
import { UnsupportedError, decodeImage, decodeImageAsync } from './decodeImage';
import { InflateLimitError, inflateCapped } from './decode/inflate';
import { deflateBombDicom, deflateWithZeros, hugePng, hugeRleDicom } from '../../test-support/budgetFixtures';
import { dataPath, missingDataReason } from '../../test-support/sharedData';

function refusal(decode: () => unknown): UnsupportedError {
  try {
    decode();
  } catch (e) {
    return e as UnsupportedError;
  }
  throw new Error('decoded an image over the pixel budget');
}

describe('pixel budget', () => {
  it('lets real radiographs and typical multi-frame files through and refuses 30000 x 30000', () => {
    expect(pixelBudgetProblem({ rows: 4300, columns: 4300 })).toBeNull(); // 43 cm DR detector
    expect(pixelBudgetProblem({ rows: 5928, columns: 4728 })).toBeNull(); // full-field mammogram
    expect(pixelBudgetProblem({ rows: 4096, columns: 4096, samplesPerPixel: 3 })).toBeNull();
    expect(pixelBudgetProblem({ rows: 512, columns: 512, frames: 500 })).toBeNull(); // enhanced CT
    expect(pixelBudgetProblem({ rows: 600, columns: 800, frames: 180, samplesPerPixel: 3 })).toBeNull();
    expect(pixelBudgetProblem({ rows: 30000, columns: 30000 })).toBe('30000x30000 pixels exceeds the limit of 67108864 samples per frame');
    expect(pixelBudgetProblem({ rows: 600, columns: 800, frames: 600, samplesPerPixel: 3 })).toBe(
      '800x600 pixels x 3 samples x 600 frames exceeds the limit of 268435456 samples',
    );
  });

  it('takes ?maxPixels= as the file limit (and the frame limit never above it)', () => {
    const b = pixelBudgetFrom('1000000');
    expect(b).toEqual({ ...DEFAULT_PIXEL_BUDGET, maxSamples: 1_000_000, maxFrameSamples: 1_000_000 });
    expect(pixelBudgetProblem({ rows: 1001, columns: 1000 }, b)).toMatch(/1000x1001 pixels exceeds the limit of 1000000/);
    expect(pixelBudgetFrom('nonsense')).toEqual(DEFAULT_PIXEL_BUDGET);
    expect(pixelBudgetFrom(null)).toEqual(DEFAULT_PIXEL_BUDGET);
  });
});

describe('decoders refuse what is over the budget before decoding (worker and trainer)', () => {
  it('a valid 30000 x 30000 PNG (875 KB)', async () => {
    const png = hugePng();
    expect(png.length).toBeLessThan(1_000_000);
    const e = refusal(() => decodeImage(png, 'huge.png'));
    expect(e).toBeInstanceOf(UnsupportedError);
    expect(e.feature).toBe('image-too-large');
    expect(e.message).toBe('huge.png: 30000x30000 pixels exceeds the limit of 67108864 samples per frame');
    await expect(decodeImageAsync(png, 'huge.png')).rejects.toThrow(/30000x30000 pixels exceeds the limit/);
  });

  it('a 30000 x 30000 RLE DICOM', async () => {
    const e = refusal(() => decodeImage(hugeRleDicom(), 'huge-rle.dcm'));
    expect(e.feature).toBe('image-too-large');
    expect(e.message).toBe('huge-rle.dcm: 30000x30000 pixels exceeds the limit of 67108864 samples per frame');
    await expect(decodeImageAsync(hugeRleDicom(), 'huge-rle.dcm')).rejects.toThrow(/30000x30000 pixels exceeds/);
  });

  it('a deflated DICOM bomb (~3 MB inflating to 3 GiB) is stopped at the inflation cap', () => {
    const bomb = deflateBombDicom();
    expect(bomb.length).toBeLessThan(4_000_000);
    const started = performance.now();
    const e = refusal(() => decodeImage(bomb, 'bomb.dcm'));
    expect(e.feature).toBe('image-too-large');
    expect(e.message).toBe(
      `bomb.dcm: the deflated data set inflates to more than ${DEFAULT_PIXEL_BUDGET.maxInflatedBytes} bytes (the limit); refused as a possible deflate bomb`,
    );
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('capped inflation', () => {
  it('inflates exactly what a stream holds up to the cap, and refuses one byte past it', () => {
    const prefix = new Uint8Array([1, 2, 3, 4, 5]);
    const stream = deflateWithZeros(prefix, 40_000_000);
    const head = new Uint8Array([9, 9]);
    const full = inflateCapped(new Uint8Array([...head, ...stream]), 2, 40_000_005);
    expect(full.length).toBe(2 + 40_000_005);
    expect([...full.subarray(0, 7)]).toEqual([9, 9, 1, 2, 3, 4, 5]);
    expect(full.subarray(7).every((v) => v === 0)).toBe(true);
    expect(() => inflateCapped(new Uint8Array([...head, ...stream]), 2, 40_000_004)).toThrow(InflateLimitError);
  });
});

const skip = missingDataReason('dicom-conformance');
describe.skipIf(skip !== null)('valid deflated files still decode', () => {
  const wado = (f: string) => new Uint8Array(readFileSync(dataPath('dicom-conformance', 'cornerstone-wado-testimages', f)));
  it('the deflated CT equals its uncompressed original', () => {
    const ref = decodeImage(wado('CTImage.dcm_LittleEndianImplicitTransferSyntax_1.2.840.10008.1.2.dcm'), 'ref.dcm');
    const img = decodeImage(wado('CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm'), 'deflated.dcm');
    expect(img.width).toBe(ref.width);
    expect(img.data).toEqual(ref.data);
  });
  it('the dicom-parser deflated image decodes', () => {
    const bytes = new Uint8Array(readFileSync(dataPath('dicom-conformance', 'dicomparser-testimages', 'deflate', 'image_dfl')));
    const img = decodeImage(bytes, 'image_dfl');
    expect(img.width * img.height).toBeGreaterThan(0);
    expect(img.data.some((v) => v > 0)).toBe(true);
  });
});
