// 12-bit CR chest radiographs in the transfer syntaxes the AI must decode like the viewer, made at run time from a
// real film (../shared/data/cxr-fullres) into a folder outside the repo: uncompressed (the reference), HTJ2K lossless
// (OpenJPH's encoder, @cornerstonejs/codec-openjph) and 12-bit extended JPEG (.51, DCMTK's dcmcjpeg +ee, with
// dcmdjpeg's decode of it as an independent reference). Used by the codec unit tests and e2e/ai-codecs.spec.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode as decodePng } from 'fast-png';
import { mulberry32 } from '../src/model/random';
import { IN_CI, dataPath, missingDataReason } from './sharedData';

const require = createRequire(import.meta.url);

export const CR_BITS_STORED = 12;
export const CR_SOURCE_IMAGE = 'cxr-fullres/00000001_000.png';

export interface CrImage {
  width: number;
  height: number;
  /** Stored values, 12 bits in 16, row-major. */
  pixels: Uint16Array;
}

/**
 * A real radiograph resampled bilinearly to size x size and stretched to 12 bits, with mild seeded quantum-like noise
 * (~N(0, 3 LSB)) so that compression behaves as on a real CR rather than on 256 flat levels.
 */
export function crFromPng(pngPath: string, size: number, seed: number): CrImage {
  const png = decodePng(readFileSync(pngPath));
  const channels = png.channels;
  const sw = png.width;
  const sh = png.height;
  const src = new Float64Array(sw * sh);
  for (let i = 0; i < sw * sh; i++) src[i] = Number(png.data[i * channels]);
  const maxIn = png.depth === 16 ? 65535 : 255;
  const rand = mulberry32(seed);
  const out = new Uint16Array(size * size);
  const maxOut = 2 ** CR_BITS_STORED - 1;
  for (let y = 0; y < size; y++) {
    const fy = ((y + 0.5) * sh) / size - 0.5;
    const y0 = Math.max(0, Math.floor(fy));
    const y1 = Math.min(sh - 1, y0 + 1);
    const wy = Math.min(1, Math.max(0, fy - y0));
    for (let x = 0; x < size; x++) {
      const fx = ((x + 0.5) * sw) / size - 0.5;
      const x0 = Math.max(0, Math.floor(fx));
      const x1 = Math.min(sw - 1, x0 + 1);
      const wx = Math.min(1, Math.max(0, fx - x0));
      const top = src[y0 * sw + x0] * (1 - wx) + src[y0 * sw + x1] * wx;
      const bottom = src[y1 * sw + x0] * (1 - wx) + src[y1 * sw + x1] * wx;
      const v = ((top * (1 - wy) + bottom * wy) / maxIn) * maxOut;
      const noise = (rand() + rand() + rand() - 1.5) * 6;
      out[y * size + x] = Math.min(maxOut, Math.max(0, Math.round(v + noise)));
    }
  }
  return { width: size, height: size, pixels: out };
}

interface J2KEncoder {
  getDecodedBuffer(info: {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
    isSigned: boolean;
    isUsingColorTransform: boolean;
  }): Uint8Array;
  setQuality(lossless: boolean, quality: number): void;
  setDecompositions(n: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete?(): void;
}

function encodeWith(encoder: J2KEncoder, image: CrImage): Uint8Array {
  try {
    const input = encoder.getDecodedBuffer({
      width: image.width,
      height: image.height,
      bitsPerSample: 16,
      componentCount: 1,
      isSigned: false,
      isUsingColorTransform: false,
    });
    input.set(new Uint8Array(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength));
    encoder.setQuality(true, 0); // reversible 5/3 wavelet
    encoder.setDecompositions(5);
    encoder.encode();
    return encoder.getEncodedBuffer().slice();
  } finally {
    encoder.delete?.();
  }
}

/** HTJ2K lossless code-stream (OpenJPH's encoder, the package whose decoder the viewer and the AI use). */
export async function encodeHtj2kLossless(image: CrImage): Promise<Uint8Array> {
  const factory = require('@cornerstonejs/codec-openjph') as (o: object) => Promise<{ HTJ2KEncoder: new () => J2KEncoder }>;
  const codec = await factory({ print: () => {}, printErr: () => {} });
  return encodeWith(new codec.HTJ2KEncoder(), image);
}

/** JPEG 2000 lossless code-stream (OpenJPEG's encoder). */
export async function encodeJ2kLossless(image: CrImage): Promise<Uint8Array> {
  const factory = require('@cornerstonejs/codec-openjpeg/wasmjs') as (o: object) => Promise<{ J2KEncoder: new () => J2KEncoder }>;
  const codec = await factory({ print: () => {}, printErr: () => {} });
  return encodeWith(new codec.J2KEncoder(), image);
}

interface DcmjsData {
  DicomMetaDictionary: { denaturalizeDataset(ds: Record<string, unknown>): Record<string, unknown>; uid(): string };
  DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(options?: Record<string, unknown>): ArrayBuffer };
}
const dcmjs = () => (require('dcmjs') as { data: DcmjsData }).data;

export const newUid = (): string => dcmjs().DicomMetaDictionary.uid();

/** The identifying and descriptive tags of one CR (patient, study, series, instance); the pixel module is added. */
export interface CrTags {
  PatientName: string;
  PatientID: string;
  StudyInstanceUID: string;
  SeriesInstanceUID: string;
  SOPInstanceUID: string;
  StudyDescription: string;
  SeriesDescription: string;
  AccessionNumber?: string;
  [tag: string]: unknown;
}

/** The image pixel module of a 12-bit-in-16 MONOCHROME2 CR, with a full-range window and identity rescale. */
export function crPixelModule(image: { width: number; height: number }): Record<string, unknown> {
  return {
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: image.height,
    Columns: image.width,
    BitsAllocated: 16,
    BitsStored: CR_BITS_STORED,
    HighBit: CR_BITS_STORED - 1,
    PixelRepresentation: 0,
    WindowCenter: 2048,
    WindowWidth: 4096,
    RescaleIntercept: 0,
    RescaleSlope: 1,
    RescaleType: 'US',
  };
}

/** A CR chest PA data set (dcmjs naturalised) around `pixelData` (raw little-endian words, or one encapsulated frame). */
export function crDataset(image: CrImage, tags: CrTags, pixelData: ArrayBuffer, encapsulated: boolean): Record<string, unknown> {
  return {
    _meta: {},
    SpecificCharacterSet: 'ISO_IR 100',
    ImageType: ['ORIGINAL', 'PRIMARY'],
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.1',
    StudyDate: '20260101',
    StudyTime: '120000',
    Modality: 'CR',
    Manufacturer: 'StatRead test generator',
    PatientBirthDate: '19700101',
    PatientSex: 'O',
    PatientAge: '056Y',
    BodyPartExamined: 'CHEST',
    ViewPosition: 'PA',
    ImagerPixelSpacing: [0.14, 0.14],
    PixelSpacing: [0.14, 0.14],
    StudyID: '1',
    SeriesNumber: 1,
    InstanceNumber: 1,
    PatientOrientation: ['L', 'F'],
    ...crPixelModule(image),
    ...tags,
    PixelData: [pixelData],
    _vrMap: { PixelData: encapsulated ? 'OB' : 'OW' },
  };
}

/** DICOM Part 10 bytes (dcmjs), with the given transfer syntax in the meta header. */
export function writePart10(dataset: Record<string, unknown>, transferSyntax: string, implementationVersion = 'STATREAD_TEST'): Uint8Array {
  const { DicomMetaDictionary, DicomDict } = dcmjs();
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: transferSyntax,
    ImplementationClassUID: '2.25.80302813137786398554742050926734630921',
    ImplementationVersionName: implementationVersion,
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write({ fragmentMultiframe: false }));
}

const bufferOf = (a: Uint8Array | Uint16Array): ArrayBuffer => a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength) as ArrayBuffer;

/** DCMTK (dcmcjpeg/dcmdjpeg) is on the PATH; scripts/ensure-dcmtk.sh installs it. */
export function hasDcmtk(): boolean {
  try {
    execFileSync('dcmcjpeg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Reason to skip the 12-bit JPEG fixtures (null when they can be made); in CI a missing DCMTK is an error. */
export function missingDcmtkReason(): string | null {
  if (hasDcmtk()) return null;
  const msg = "DCMTK is not installed (dcmcjpeg makes the 12-bit JPEG test files): run 'bash scripts/ensure-dcmtk.sh' or 'sudo apt-get install -y dcmtk'";
  if (IN_CI) throw new Error(`CI requires ${msg}`);
  return msg;
}

/** Reason to skip the codec fixtures: the source film or DCMTK missing (CI: thrown instead). */
export function missingCodecFixtureReason(): string | null {
  return missingDataReason(CR_SOURCE_IMAGE) ?? missingDcmtkReason();
}

export interface CodecFixtures {
  /** Explicit VR little endian, the reference pixels. */
  uncompressed: string;
  /** HTJ2K lossless (1.2.840.10008.1.2.4.201). */
  htj2k: string;
  /** 12-bit JPEG extended (1.2.840.10008.1.2.4.51), lossy. */
  jpeg12: string;
  /** dcmdjpeg's decode of `jpeg12` (IJG, the library that encoded it), explicit VR little endian. */
  jpeg12Dcmtk: string;
  image: CrImage;
  /** The folder holding them (the caller may remove it). */
  dir: string;
}

export const CODEC_SYNTAX = { uncompressed: '1.2.840.10008.1.2.1', htj2k: '1.2.840.10008.1.2.4.201', jpeg12: '1.2.840.10008.1.2.4.51' } as const;

/**
 * Writes the fixtures for one film into `dir` (default: a new folder under the OS temp dir). Each file
 * is its own patient and study, so the viewer and the worklist list them apart.
 */
export async function makeCodecFixtures(opts: { size?: number; dir?: string } = {}): Promise<CodecFixtures> {
  const size = opts.size ?? 1024;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'statread-codec-fixtures-'));
  mkdirSync(dir, { recursive: true });
  const image = crFromPng(dataPath(CR_SOURCE_IMAGE), size, 1024);
  const tags = (name: string, description: string): CrTags => ({
    PatientName: `StatRead^${name}`,
    PatientID: `CODEC-${name.toUpperCase()}`,
    AccessionNumber: `CODEC${name.toUpperCase()}`.slice(0, 16),
    StudyInstanceUID: newUid(),
    SeriesInstanceUID: newUid(),
    SOPInstanceUID: newUid(),
    StudyDescription: `CHEST PA (${description})`,
    SeriesDescription: `CR ${size}x${size} ${description}`,
  });
  const files = {
    uncompressed: join(dir, 'cr-uncompressed.dcm'),
    htj2k: join(dir, 'cr-htj2k-lossless.dcm'),
    jpeg12: join(dir, 'cr-jpeg12-extended.dcm'),
    jpeg12Dcmtk: join(dir, 'cr-jpeg12-extended.dcmdjpeg.dcm'),
  };
  const raw = bufferOf(image.pixels);
  writeFileSync(files.uncompressed, writePart10(crDataset(image, tags('Uncompressed', 'uncompressed'), raw, false), CODEC_SYNTAX.uncompressed));
  const ht = await encodeHtj2kLossless(image);
  writeFileSync(files.htj2k, writePart10(crDataset(image, tags('Htj2k', 'HTJ2K lossless'), bufferOf(ht), true), CODEC_SYNTAX.htj2k));
  // dcmcjpeg needs its own patient/study: write a second uncompressed file with those tags and encode it.
  const jpegSource = join(dir, 'cr-jpeg12-source.dcm');
  writeFileSync(jpegSource, writePart10(crDataset(image, tags('Jpeg12', '12-bit JPEG'), raw, false), CODEC_SYNTAX.uncompressed));
  execFileSync('dcmcjpeg', ['+ee', jpegSource, files.jpeg12], { stdio: 'pipe' });
  execFileSync('dcmdjpeg', [files.jpeg12, files.jpeg12Dcmtk], { stdio: 'pipe' });
  for (const f of Object.values(files)) if (!existsSync(f)) throw new Error(`fixture not written: ${f}`);
  return { ...files, image, dir };
}
