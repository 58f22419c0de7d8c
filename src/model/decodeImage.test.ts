import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { DecodeError, UnsupportedError, decodeImage, greyFromPixels, sniffFormat, windowLevel } from './decodeImage';

const wado = (f: string) => dataPath('dicom-conformance', 'cornerstone-wado-testimages', f);
const pydicom = (f: string) => dataPath('dicom-conformance', 'pydicom-test-files', f);
const read = (p: string) => readFileSync(p);

describe('windowLevel (PS3.3 C.11.2.1.2)', () => {
  it('LINEAR, LINEAR_EXACT and SIGMOID match the standard formulas', () => {
    // LINEAR c=40 w=400: bounds 40-0.5-199.5 = -160, 239; x=40 -> (40-39.5)/399 + 0.5
    expect(windowLevel(40, 40, 400, 'LINEAR')).toBeCloseTo(0.5 + 0.5 / 399, 12);
    expect(windowLevel(-160, 40, 400, 'LINEAR')).toBe(0);
    expect(windowLevel(239.5, 40, 400, 'LINEAR')).toBe(1);
    expect(windowLevel(40, 40, 400, 'LINEAR_EXACT')).toBe(0.5);
    expect(windowLevel(140, 40, 400, 'LINEAR_EXACT')).toBe(0.75);
    expect(windowLevel(40, 40, 400, 'SIGMOID')).toBe(0.5);
    expect(windowLevel(140, 40, 400, 'SIGMOID')).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
  });
});

describe('decodeImage: errors name the file and the reason', () => {
  it('rejects empty and unknown input with typed errors', () => {
    expect(() => decodeImage(new Uint8Array(0), 'empty.png')).toThrow(/empty\.png: the file is empty/);
    const junk = new TextEncoder().encode('Image Index,Finding Labels\n');
    try {
      decodeImage(junk, 'labels.csv');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).code).toBe('unknown-format');
      expect((e as DecodeError).message).toContain('labels.csv');
    }
    expect(sniffFormat(junk, 'x.dcm')).toBe('dicom');
    expect(() => decodeImage(junk, 'x.dcm')).toThrow(DecodeError);
  });
});

describe.skipIf(missingDataReason('dicom-conformance'))('decodeImage: DICOM conformance files', () => {
  it('decodes CT stored values -> rescale -> window exactly like an independent reading with dcmjs', async () => {
    // dcmjs ships no type declarations: load it untyped (an independent DICOM reader, not dicom-parser).
    const dcmjsName = 'dcmjs';
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const dcmjs: any = (await import(/* @vite-ignore */ dcmjsName)).default;
    const bytes = read(wado('CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm'));
    const img = decodeImage(bytes, 'ct.dcm');
    expect([img.width, img.height]).toEqual([512, 512]);
    expect(img.source).toMatchObject({ modality: 'CT', photometric: 'MONOCHROME2', voi: { kind: 'window', center: 40, width: 400, fn: 'LINEAR' } });
    const dict = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
    const stored = new Int16Array(ds.PixelData[0] as ArrayBuffer);
    let checked = 0;
    for (let i = 0; i < stored.length; i += 997) {
      const hu = stored[i] * Number(ds.RescaleSlope) + Number(ds.RescaleIntercept);
      expect(img.data[i]).toBeCloseTo(windowLevel(hu, 40, 400, 'LINEAR'), 6);
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
    // The same pipeline on pixels decoded elsewhere (as the browser gets them from Cornerstone) gives the same bits,
    // whether it applies the rescale itself or receives modality values already.
    const viaPixels = greyFromPixels({
      width: 512,
      height: 512,
      data: stored,
      photometric: 'MONOCHROME2',
      modality: { kind: 'rescale', slope: Number(ds.RescaleSlope), intercept: Number(ds.RescaleIntercept) },
      voi: { center: 40, width: 400 },
    });
    expect(viaPixels.data).toEqual(img.data);
    const hu = Float32Array.from(stored, (v) => v * Number(ds.RescaleSlope) + Number(ds.RescaleIntercept));
    expect(greyFromPixels({ width: 512, height: 512, data: hu, photometric: 'MONOCHROME2', voi: { center: 40, width: 400 } }).data).toEqual(img.data);
    const inverted = greyFromPixels({ width: 512, height: 512, data: hu, photometric: 'MONOCHROME1' });
    const lo = hu.reduce((a, b) => Math.min(a, b));
    const hi = hu.reduce((a, b) => Math.max(a, b));
    expect(inverted.source.voi).toEqual({ kind: 'min-max', min: lo, max: hi });
    expect(inverted.data[1000]).toBeCloseTo(1 - (hu[1000] - lo) / (hi - lo), 6);
    // The window clips: soft tissue is mid-grey, air black, bone white.
    expect(Math.min(...img.data.subarray(0, 5000))).toBe(0);
  });

  it('inverts MONOCHROME2 with Presentation LUT Shape INVERSE (file rewritten with dcmjs)', async () => {
    const dcmjsName = 'dcmjs';
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const dcmjs: any = (await import(/* @vite-ignore */ dcmjsName)).default;
    const bytes = read(pydicom('MR_small.dcm'));
    const dict = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    dict.dict['20500020'] = { vr: 'CS', Value: ['INVERSE'] };
    const inverse = new Uint8Array(dict.write());
    const a = decodeImage(bytes, 'mr.dcm');
    const b = decodeImage(inverse, 'mr-inverse.dcm');
    for (let i = 0; i < a.data.length; i++) expect(b.data[i]).toBeCloseTo(1 - a.data[i], 6);
  });

  it('gives identical pixels for every supported transfer syntax of the same CT image', () => {
    const ref = decodeImage(read(wado('CTImage.dcm_LittleEndianImplicitTransferSyntax_1.2.840.10008.1.2.dcm')), 'ref');
    for (const f of [
      'CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm',
      'CTImage.dcm_BigEndianExplicitTransferSyntax_1.2.840.10008.1.2.2.dcm',
      'CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm',
      'CTImage.dcm_RLELosslessTransferSyntax_1.2.840.10008.1.2.5.dcm',
      'CTImage.dcm_JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70.dcm',
      'CTImage.dcm_JPEGProcess14TransferSyntax_1.2.840.10008.1.2.4.57.dcm',
    ]) {
      const img = decodeImage(read(wado(f)), f);
      expect(img.data, f).toEqual(ref.data);
    }
    // JPEG baseline is lossy and 8-bit (different rescale): close, not equal.
    const lossy = decodeImage(read(wado('CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm')), 'jpeg');
    let mad = 0;
    for (let i = 0; i < lossy.data.length; i++) mad += Math.abs(lossy.data[i] - ref.data[i]);
    expect(mad / lossy.data.length).toBeLessThan(0.03);
  });

  it('throws UnsupportedError naming the syntax for JPEG 2000 / JPEG-LS / 12-bit JPEG', () => {
    const cases: [string, string][] = [
      ['CTImage.dcm_JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91.dcm', '1.2.840.10008.1.2.4.91'],
      ['CTImage.dcm_JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80.dcm', '1.2.840.10008.1.2.4.80'],
      ['CTImage.dcm_JPEGProcess2_4TransferSyntax_1.2.840.10008.1.2.4.51.dcm', '1.2.840.10008.1.2.4.51'],
    ];
    for (const [f, syntax] of cases) {
      try {
        decodeImage(read(wado(f)), f);
        expect.unreachable(f);
      } catch (e) {
        expect(e, f).toBeInstanceOf(UnsupportedError);
        expect((e as UnsupportedError).feature).toBe(syntax);
        expect((e as Error).message).toContain(f);
      }
    }
  });

  it('never throws anything but DecodeError on truncated or corrupted files (or decodes them)', () => {
    const files = [
      wado('CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm'),
      wado('CTImage.dcm_BigEndianExplicitTransferSyntax_1.2.840.10008.1.2.2.dcm'),
      wado('CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm'),
      wado('CTImage.dcm_RLELosslessTransferSyntax_1.2.840.10008.1.2.5.dcm'),
      wado('CTImage.dcm_JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70.dcm'),
      wado('CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm'),
      pydicom('SC_rgb_rle_2frame.dcm'),
      pydicom('examples_palette.dcm'),
      dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm'),
      dataPath('cxr-fullres', '00000001_000.png'),
      dataPath('imagenet-tflite', 'parrot.jpg'),
      dataPath('imagenet-tflite', 'cat.bmp'),
    ].filter((f) => !missingDataReason(f.slice(dataPath('').length)));
    let seed = 9;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    let decoded = 0;
    let refused = 0;
    for (const f of files) {
      const bytes = new Uint8Array(read(f));
      for (let k = 0; k < 8; k++) {
        let m: Uint8Array;
        if (k < 5) m = bytes.slice(0, Math.floor(bytes.length * rand()));
        else {
          m = bytes.slice();
          for (let j = 0; j < 40; j++) m[Math.floor(rand() * m.length)] = Math.floor(rand() * 256);
        }
        try {
          const img = decodeImage(m, 'fuzzed');
          expect(img.data.length).toBe(img.width * img.height);
          decoded++;
        } catch (e) {
          if (!(e instanceof DecodeError)) throw new Error(`${f} variant ${k}: ${(e as Error)?.name}: ${(e as Error)?.message}`, { cause: e });
          expect((e as DecodeError).message.startsWith('fuzzed: ')).toBe(true);
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(files.length * 3);
    expect(decoded + refused).toBe(files.length * 8);
  });

  it('reports files without pixel data and truncated files as typed errors', () => {
    expect(() => decodeImage(read(wado('no-pixel-data.dcm')), 'sr.dcm')).toThrow(expect.objectContaining({ code: 'no-pixel-data' }));
    expect(() => decodeImage(read(pydicom('MR_truncated.dcm')), 'mr.dcm')).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  it('reads MR in every byte order identically, colour images as luminance, and multi-frame frames on request', () => {
    const ref = decodeImage(read(pydicom('MR_small.dcm')), 'mr');
    for (const f of ['MR_small_bigendian.dcm', 'MR_small_implicit.dcm', 'MR_small_RLE.dcm']) {
      expect(decodeImage(read(pydicom(f)), f).data).toEqual(ref.data);
    }
    const rgb = decodeImage(read(pydicom('SC_rgb_rle.dcm')), 'rgb');
    expect(rgb.source.colour).toBe(true);
    const rgbNative = decodeImage(read(pydicom('SC_rgb_jpeg_dcmd.dcm')), 'rgbnative');
    expect(rgbNative.source.colour).toBe(true);
    const second = decodeImage(read(pydicom('SC_rgb_rle_2frame.dcm')), 'f2', { frame: 1 });
    expect(second.source.frame).toBe(1);
    expect(() => decodeImage(read(pydicom('SC_rgb_rle_2frame.dcm')), 'f2', { frame: 2 })).toThrow(expect.objectContaining({ code: 'frame-out-of-range' }));
  });
});

describe.skipIf(missingDataReason('dicom-cxr'))('decodeImage: chest CR (JPEG baseline DICOM)', () => {
  it('reads header metadata, stretches min-max, and inverts MONOCHROME1 exactly', () => {
    const m2 = decodeImage(read(dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm')), 'm2.dcm');
    const m1 = decodeImage(read(dataPath('dicom-cxr', 'siim-cr-chest-monochrome1.dcm')), 'm1.dcm');
    expect(m2.source).toMatchObject({ format: 'dicom', modality: 'CR', bodyPart: 'CHEST', viewPosition: 'PA', photometric: 'MONOCHROME2' });
    expect(m2.source.sopInstanceUID).toMatch(/^[0-9.]+$/);
    expect(m1.source.photometric).toBe('MONOCHROME1');
    expect([m2.width, m2.height]).toEqual([1024, 1024]);
    expect(m2.source.voi.kind).toBe('min-max');
    let maxDiff = 0;
    for (let i = 0; i < m2.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(m1.data[i] - (1 - m2.data[i])));
    expect(maxDiff).toBeLessThan(1e-6);
    // A PA chest film: lungs dark, mediastinum and edges bright; mean grey well inside (0.3, 0.8).
    const mean = m2.data.reduce((a, b) => a + b, 0) / m2.data.length;
    expect(mean).toBeGreaterThan(0.3);
    expect(mean).toBeLessThan(0.8);
  });
});

describe.skipIf(missingDataReason('nih-cxr14-64'))('decodeImage: PNG, JPEG, BMP', () => {
  it('reads 8-bit PNGs as k/255 grey levels', () => {
    const img = decodeImage(read(dataPath('nih-cxr14-64', 'images', '00000001_000.png')), '00000001_000.png');
    expect([img.width, img.height, img.source.format, img.source.colour]).toEqual([64, 64, 'png', false]);
    for (const v of img.data.subarray(0, 200)) expect(Math.abs(v * 255 - Math.round(v * 255))).toBeLessThan(1e-4);
  });
  it.skipIf(missingDataReason('imagenet-tflite'))('reads colour photos (BMP, JPEG) as luminance', () => {
    const bmp = decodeImage(read(dataPath('imagenet-tflite', 'grace_hopper.bmp')), 'grace_hopper.bmp');
    expect([bmp.width, bmp.height, bmp.source.format, bmp.source.colour]).toEqual([512, 600, 'bmp', true]);
    const jpg = decodeImage(read(dataPath('imagenet-tflite', 'parrot.jpg')), 'parrot.jpg');
    expect([jpg.source.format, jpg.source.colour]).toEqual(['jpeg', true]);
    for (const img of [bmp, jpg]) for (const v of img.data) if (v < 0 || v > 1) throw new Error(`grey ${v} out of range`);
  });
});
