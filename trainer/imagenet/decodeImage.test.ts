// Colour decoding for ImageNet photos: a hand-built BMP (bottom-up rows with padding), the real BMP/JPEG files.
import { encode as encodePng } from 'fast-png';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { decodeBmp } from './bmp';
import { decodeImageBytes, decodeImageFile } from './decodeImage';

/** 24-bit BMP, 3x2 pixels, bottom-up: each 9-byte row is padded to 12 bytes. */
function tinyBmp(topDown = false): Uint8Array {
  const rows = [
    [
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
    ], // top row: red green blue
    [
      [10, 20, 30],
      [40, 50, 60],
      [70, 80, 90],
    ],
  ];
  const stride = 12;
  const buf = new Uint8Array(54 + stride * 2);
  const dv = new DataView(buf.buffer);
  buf[0] = 0x42;
  buf[1] = 0x4d;
  dv.setUint32(2, buf.length, true);
  dv.setUint32(10, 54, true);
  dv.setUint32(14, 40, true);
  dv.setInt32(18, 3, true);
  dv.setInt32(22, topDown ? -2 : 2, true);
  dv.setUint16(26, 1, true);
  dv.setUint16(28, 24, true);
  for (let y = 0; y < 2; y++) {
    const fileRow = topDown ? y : 1 - y;
    for (let x = 0; x < 3; x++) {
      const [r, g, b] = rows[y][x];
      buf.set([b, g, r], 54 + fileRow * stride + x * 3);
    }
  }
  return buf;
}

describe('colour image decoding', () => {
  it('reads 24-bit BMP rows bottom-up and top-down, BGR to RGBA', () => {
    for (const topDown of [false, true]) {
      const img = decodeBmp(tinyBmp(topDown));
      expect([img.width, img.height]).toEqual([3, 2]);
      expect(Array.from(img.data.subarray(0, 12))).toEqual([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]);
      expect(Array.from(img.data.subarray(12, 16))).toEqual([10, 20, 30, 255]);
    }
  });

  it('rejects truncated and unknown data with a reason', () => {
    expect(() => decodeBmp(tinyBmp().subarray(0, 60))).toThrow(/truncated/);
    expect(() => decodeImageBytes(new Uint8Array([1, 2, 3, 4]))).toThrow(/unrecognised image format/);
  });

  it('reads RGBA, RGB, grey and 16-bit PNG (fast-png) into RGBA', () => {
    const rgb = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 8, 7]);
    const a = decodeImageBytes(encodePng({ width: 2, height: 2, data: rgb, channels: 3, depth: 8 }));
    expect(Array.from(a.data)).toEqual([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 9, 8, 7, 255]);
    const grey = decodeImageBytes(encodePng({ width: 2, height: 1, data: new Uint16Array([0, 65535]), channels: 1, depth: 16 }));
    expect(Array.from(grey.data)).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
    const rgba = decodeImageBytes(encodePng({ width: 1, height: 1, data: new Uint8Array([1, 2, 3, 4]), channels: 4, depth: 8 }));
    expect(Array.from(rgba.data)).toEqual([1, 2, 3, 4]);
  });

  const skip = missingDataReason('imagenet-tflite');
  it.skipIf(!!skip)('decodes the ImageNet sample photos (BMP and JPEG)', async () => {
    const bmp = await decodeImageFile(dataPath('imagenet-tflite', 'grace_hopper.bmp'));
    expect([bmp.width, bmp.height]).toEqual([512, 600]);
    const jpg = await decodeImageFile(dataPath('imagenet-tflite', 'parrot.jpg'));
    expect([jpg.width, jpg.height]).toEqual([512, 929]);
    // A real photo: not constant, alpha opaque.
    const raw = new Uint8Array(await readFile(dataPath('imagenet-tflite', 'grace_hopper.bmp')));
    expect(decodeImageBytes(raw).data[3]).toBe(255);
    const reds = new Set(Array.from({ length: 100 }, (_, i) => bmp.data[i * 4 * 997]));
    expect(reds.size).toBeGreaterThan(10);
  });
});
