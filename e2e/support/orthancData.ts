/// <reference path="../../src/pacs/dcmjs.d.ts" />
// Test studies for the PACS end-to-end tests, made from the shared data into a temporary folder (never into the
// repo): the SIIM chest CR (JPEG baseline) re-labelled as several patients/studies, and NIH 1024-px PNGs wrapped
// as uncompressed DX images. UIDs are derived from fixed names (2.25.<hash>), so uploading twice is harmless.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { decode as decodePng } from 'fast-png';
import { dataPath } from '../../test-support/sharedData';

export interface TestStudy {
  key: string;
  patientName: string;
  patientId: string;
  studyDate: string;
  accession: string;
  modality: 'CR' | 'DX' | 'CT';
  source: 'siim' | string; // 'siim' or a cxr-fullres PNG name
  studyUid: string;
  seriesUid: string;
  sopUid: string;
}

/** A stable UID in the 2.25 arc from a name. */
export function stableUid(name: string): string {
  const h = createHash('sha256').update(`statread-e2e/${name}`).digest().subarray(0, 16);
  h[6] = (h[6] & 0x0f) | 0x40;
  h[8] = (h[8] & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${h.toString('hex')}`).toString(10)}`;
}

const PLAN: [string, string, TestStudy['modality'], string][] = [
  ['ADAMS', '20250301', 'CR', 'siim'],
  ['BAKER', '20250302', 'DX', '00000001_000.png'],
  ['CLARK', '20250303', 'CR', 'siim'],
  ['DAVIS', '20250304', 'DX', '00000002_000.png'],
  ['EVANS', '20250305', 'CR', 'siim'],
  ['FOSTER', '20250306', 'DX', '00000003_000.png'],
  ['GREEN', '20250307', 'CT', 'siim'],
];

/** One study; `family` "PACSE2E" is the shared set the search spec counts, per-test studies use another. */
export function testStudy(key: string, name: string, date: string, modality: TestStudy['modality'], source: string, i: number, family = 'PACSE2E'): TestStudy {
  return {
    key,
    patientName: `${family}^${name}`,
    patientId: family === 'PACSE2E' ? `E2E-${String(i).padStart(3, '0')}` : `${family}-${key}`,
    studyDate: date,
    accession: `E2E-A${String(i).padStart(3, '0')}`,
    modality,
    source,
    studyUid: stableUid(`${key}/study`),
    seriesUid: stableUid(`${key}/series`),
    sopUid: stableUid(`${key}/sop`),
  };
}

export const TEST_STUDIES: TestStudy[] = PLAN.map(([name, date, mod, src], i) => testStudy(name, name, date, mod, src, i + 1));
/** The CR/DX studies (what the default modality filter finds). */
export const CR_DX_STUDIES = TEST_STUDIES.filter((s) => s.modality !== 'CT');

function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

function quietly<T>(fn: () => T): T {
  // dcmjs warns "Invalid length for fixed length tag" about the source's 4-byte PatientAge (replaced here).
  dcmjs.log.setLevel?.('silent');
  try {
    return fn();
  } finally {
    dcmjs.log.setLevel?.('warn');
  }
}

function relabelSiim(s: TestStudy): Uint8Array {
  const buf = readFileSync(dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm'));
  return quietly(() => {
    const dict = dcmjs.data.DicomMessage.readFile(toArrayBuffer(buf), { ignoreErrors: true });
    const set = (tag: string, vr: string, value: unknown) => {
      dict.dict[tag] = { vr, Value: [value] };
    };
    set('00100010', 'PN', { Alphabetic: s.patientName });
    set('00100020', 'LO', s.patientId);
    set('00101010', 'AS', '062Y');
    set('0020000D', 'UI', s.studyUid);
    set('0020000E', 'UI', s.seriesUid);
    set('00080018', 'UI', s.sopUid);
    set('00080020', 'DA', s.studyDate);
    set('00080050', 'SH', s.accession);
    set('00080060', 'CS', s.modality);
    set('00081030', 'LO', `E2E chest ${s.modality}`);
    (dict.meta as Record<string, unknown>)['00020003'] = { vr: 'UI', Value: [s.sopUid] };
    return new Uint8Array(dict.write());
  });
}

function dxFromPng(s: TestStudy): Uint8Array {
  const png = decodePng(readFileSync(dataPath('cxr-fullres', s.source)));
  if (png.channels !== 1 || png.depth !== 8) throw new Error(`${s.source}: expected 8-bit greyscale`);
  const pixels = new Uint8Array(png.data.buffer, png.data.byteOffset, png.width * png.height);
  const ds = {
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
    SOPInstanceUID: s.sopUid,
    StudyInstanceUID: s.studyUid,
    SeriesInstanceUID: s.seriesUid,
    PatientName: [{ Alphabetic: s.patientName }],
    PatientID: s.patientId,
    PatientBirthDate: '',
    PatientSex: 'M',
    StudyDate: s.studyDate,
    StudyTime: '080000',
    AccessionNumber: s.accession,
    ReferringPhysicianName: '',
    StudyID: s.key,
    StudyDescription: `E2E chest ${s.modality}`,
    Modality: 'DX',
    SeriesNumber: 1,
    SeriesDescription: 'PA',
    InstanceNumber: 1,
    BodyPartExamined: 'CHEST',
    ViewPosition: 'PA',
    ImageType: ['ORIGINAL', 'PRIMARY'],
    PresentationIntentType: 'FOR PRESENTATION',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: png.height,
    Columns: png.width,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    WindowCenter: 128,
    WindowWidth: 256,
    PixelData: [pixels.slice().buffer],
    _vrMap: { PixelData: 'OB' },
    _meta: { TransferSyntaxUID: { Value: ['1.2.840.10008.1.2.1'] } },
  };
  return quietly(() => new Uint8Array(dcmjs.data.datasetToDict(ds).write()));
}

export function buildTestStudy(s: TestStudy): Uint8Array {
  return s.source === 'siim' ? relabelSiim(s) : dxFromPng(s);
}

/** Writes every test study as a .dcm file into a fresh temporary folder; returns the file paths. */
export function writeTestStudies(studies: TestStudy[] = TEST_STUDIES): string[] {
  const dir = join(tmpdir(), `statread-pacs-e2e-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return studies.map((s) => {
    const file = join(dir, `${s.key}.dcm`);
    writeFileSync(file, buildTestStudy(s));
    return file;
  });
}
