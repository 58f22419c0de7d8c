// The regression fixtures: inputs that once ended in something other than success or a typed error. Each is built
// from a tiny description (synthetic) or replayed from a fuzz case id over the shared corpus (fuzz), never copied.
import { buildDicom, jpegLosslessHeader, rleFrame } from './synthetic';

export interface SyntheticFixture {
  name: string;
  /** What went wrong before the fix. */
  was: string;
  /** The typed outcome now expected from decodeImageAsync ('ok' or an error label). */
  expect: string;
  build: () => Uint8Array;
  /** Set while the bug is open in code this harness may not change: the test then expects it to still fail. */
  knownOpen?: string;
}

export interface ReplayFixture {
  /** Fuzz run seed and case id: `npm run fuzz -- --seed S --ids ID` replays it. */
  seed: number;
  id: string;
  was: string;
  knownOpen?: string;
}

export const SYNTHETIC: SyntheticFixture[] = [
  {
    name: 'bits1-huge-declared',
    was: '1-bit image declaring 46000x46000 allocated a 8.5 GB sample buffer before checking the 16 pixel-data bytes',
    expect: 'UnsupportedError',
    build: () => buildDicom({ rows: 46000, columns: 46000, bitsAllocated: 1, pixelBytes: 16 }),
  },
  {
    name: 'bits1-short-pixel-data',
    was: 'control (typed before the fix too): 1-bit image whose pixel data is shorter than rows x columns',
    expect: 'DecodeError:malformed',
    build: () => buildDicom({ rows: 4000, columns: 4000, bitsAllocated: 1, pixelBytes: 16 }),
  },
  {
    name: 'rle-huge-declared',
    was: 'RLE image declaring 40000x40000 RGB asked for a 19 GB output buffer for a 68-byte frame (RangeError there; smaller absurd sizes allocate)',
    expect: 'UnsupportedError',
    build: () =>
      buildDicom({
        transferSyntax: '1.2.840.10008.1.2.5',
        rows: 40000,
        columns: 40000,
        bitsAllocated: 8,
        samplesPerPixel: 3,
        photometric: 'RGB',
        fragments: [rleFrame()],
      }),
  },
  {
    name: 'jpeg-lossless-frame-larger-than-header',
    was: 'JPEG lossless frame header claiming 65535x65535 made the decoder allocate 8 GB although the DICOM header says 16x16',
    expect: 'DecodeError:malformed',
    build: () =>
      buildDicom({ transferSyntax: '1.2.840.10008.1.2.4.70', rows: 16, columns: 16, bitsAllocated: 16, fragments: [jpegLosslessHeader(65535, 65535)] }),
  },
  {
    name: 'native-huge-declared-frames',
    was: 'control: 65535 frames of 65535x65535 16-bit declared over 16 bytes',
    expect: 'UnsupportedError',
    build: () => buildDicom({ rows: 65535, columns: 65535, bitsAllocated: 16, numberOfFrames: '65535', pixelBytes: 16 }),
  },
  {
    name: 'samples-per-pixel-zero',
    was: 'Samples per Pixel = 0 "decoded" to a 16x16 image holding no values (fuzz seed 1 r1585, r1789, r2548, r3625, r618, r4779)',
    expect: 'DecodeError:malformed',
    build: () => buildDicom({ rows: 16, columns: 16, bitsAllocated: 16, samplesPerPixel: 0, pixelBytes: 512 }),
  },
  {
    name: 'rle-frame-short-for-declared-size',
    was: 'RLE frame of 68 bytes declared as 4096x4096: decoded 16.7 M pixels of zeros (seed 1 r1111: >10 s, killed as a hang)',
    expect: 'DecodeError:malformed',
    build: () => buildDicom({ transferSyntax: '1.2.840.10008.1.2.5', rows: 4096, columns: 4096, bitsAllocated: 8, fragments: [rleFrame()] }),
  },
  {
    name: 'classify-raw-dataset-ends-in-us-value',
    was: 'classifyBytes throws the string "littleEndianByteArrayParser.readUint16: attempt to read past end of buffer" for a raw implicit data set whose last element, (0028,0002) US, has its header but no value (seed 1 r7112)',
    expect: 'DecodeError:malformed',
    build: () => Uint8Array.of(0x28, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00),
  },
  {
    name: 'zero-rows',
    was: 'control: Rows = 0',
    expect: 'DecodeError:malformed',
    build: () => buildDicom({ rows: 0, columns: 16, bitsAllocated: 16, pixelBytes: 512 }),
  },
];

/** Fuzz cases (seed + id over ../shared/data/dicom-conformance) that failed in a run before their fix. */
export const REPLAYS: ReplayFixture[] = [
  ...['r618', 'r1585', 'r1789', 'r2548', 'r3625', 'r4779', 'r5959', 'r6148'].map((id) => ({
    seed: 1,
    id,
    was: 'Samples per Pixel = 0: an image with no values',
  })),
  { seed: 1, id: 'r1111', was: 'RLE, Columns = 32768: >10 s decoding zeros (hang)' },
  { seed: 1, id: 'r2279', was: 'RLE, Columns = 32768: >10 s decoding zeros (hang)' },
  // Truncation sweep (`--sweep`): JPEG-LS files cut between fragments kept CharLS busy ~30 s per frame.
  ...['t32:1206', 't41:1770', 't41:1836'].map((id) => ({ seed: 1, id, was: 'truncated JPEG-LS frame: CharLS ran ~30 s (hang)' })),
  {
    seed: 1,
    id: 'r7112',
    was: 'classifyBytes threw a string (value read past the end of a truncated raw data set)',
  },
];
