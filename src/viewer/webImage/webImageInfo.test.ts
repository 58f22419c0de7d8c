// PNG/JPEG size and channels from the header must be what the decoder gives.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeWebImage } from './decodeWebImage';
import { readJpegInfo, readPngInfo } from './webImageInfo';
import { dataPath, missingDataReason } from '../../../test-support/sharedData';

describe('webImageInfo', () => {
  const reason = missingDataReason('cxr-fullres') ?? missingDataReason('imagenet-tflite');
  it.skipIf(reason !== null)('PNG header info equals the decoded image (16/8-bit grey, colour)', () => {
    const files = [
      ...readdirSync(dataPath('cxr-fullres'))
        .filter((f) => f.endsWith('.png'))
        .slice(0, 3)
        .map((f) => dataPath('cxr-fullres', f)),
      ...readdirSync(dataPath('nih-cxr14-64', 'images'))
        .slice(0, 3)
        .map((f) => dataPath('nih-cxr14-64', 'images', f)),
    ];
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(f));
      const d = decodeWebImage(bytes, 'png');
      expect(readPngInfo(bytes), f).toEqual({ width: d.width, height: d.height, samplesPerPixel: d.samplesPerPixel, bitsStored: d.bitsStored });
    }
  });

  it.skipIf(reason !== null)('JPEG frame header gives the size and components', () => {
    for (const f of readdirSync(dataPath('imagenet-tflite')).filter((x) => x.endsWith('.jpg'))) {
      const bytes = new Uint8Array(readFileSync(dataPath('imagenet-tflite', f)));
      const d = decodeWebImage(bytes, 'jpeg');
      const j = readJpegInfo(bytes);
      expect([j.width, j.height], f).toEqual([d.width, d.height]);
      expect(j.components, f).toBe(3);
    }
  });

  it.skipIf(reason !== null)('a truncated PNG or JPEG is refused at the header', () => {
    const png = new Uint8Array(readFileSync(dataPath('cxr-fullres', '00000001_000.png')));
    expect(() => readPngInfo(png.subarray(0, png.length - 100))).toThrow(/truncated/);
    expect(() => readPngInfo(png.subarray(0, 20))).toThrow();
    const jpg = new Uint8Array(readFileSync(dataPath('imagenet-tflite', 'hot_dog.jpg')));
    expect(() => readJpegInfo(jpg.subarray(0, jpg.length - 500))).toThrow(/truncated/);
    expect(() => readJpegInfo(new Uint8Array([1, 2, 3, 4]))).toThrow(/not a JPEG/);
  });
});
