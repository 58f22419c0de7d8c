// The SR and the secondary capture built for "Send to PACS", written as Part 10 and read back with dcmjs and,
// independently, dicom-parser: UIDs, patient/study copied, references, probabilities, pixels.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import dicomParser from 'dicom-parser';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { decodeImage } from '../model/decodeImage';
import { buildAiSr, COMPREHENSIVE_SR, decimalString } from './aiSr';
import { buildAiSc, composeOverlay, SECONDARY_CAPTURE } from './aiSc';
import { EVIDENCE_FLOOR, evidenceAlpha, evidenceColour } from '../inference/colormap';
import { readAiSr } from './readAiSr';
import { readPart10, writePart10 } from './dicomPart10';
import { newUid, uuidToUid } from './uid';
import { AI_SERIES_DESCRIPTION, type AiReport } from './aiReport';

const CXR = 'dicom-cxr';
const skip = missingDataReason(CXR);

const report: AiReport = {
  modelId: 'cxr-test-model',
  modelVersion: '1.2.3',
  backend: 'wasm',
  forced: false,
  heatmapLabel: 'Pneumothorax',
  findings: [
    { label: 'Pneumothorax', probability: 0.7312345678912345, operatingPoint: 0.41, critical: true, flagged: true },
    { label: 'Effusion', probability: 0.0123456789, operatingPoint: 0.3, critical: false, flagged: false },
    { label: 'Cardiomegaly', probability: 1e-9, operatingPoint: 0.5, critical: false, flagged: false },
  ],
};

function sourceBytes(): Uint8Array {
  return new Uint8Array(readFileSync(dataPath(CXR, 'siim-cr-chest-jpeg-baseline.dcm')));
}

describe('new UIDs', () => {
  it('are 2.25.<uuid as integer>, unique, at most 64 characters', () => {
    const a = newUid();
    const b = newUid();
    expect(a).toMatch(/^2\.25\.[1-9]\d*$/);
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(uuidToUid(new Uint8Array(16).fill(255))).toBe(`2.25.${(2n ** 128n - 1n).toString()}`);
  });
});

describe('decimalString', () => {
  it('fits DS (16 characters) and stays close to the value', () => {
    for (const x of [0.7312345678912345, 1e-9, 0, 1, 0.5, 0.12345678901234568]) {
      const s = decimalString(x);
      expect(s.length).toBeLessThanOrEqual(16);
      expect(Math.abs(Number(s) - x)).toBeLessThan(1e-6);
    }
  });
});

describe.skipIf(skip !== null)('AI result SR and secondary capture', () => {
  it('SR: Comprehensive SR in the source study, referencing the source image, probabilities exact', () => {
    const src = readPart10(sourceBytes());
    const uids = { seriesInstanceUid: newUid(), sopInstanceUid: newUid() };
    const bytes = writePart10(buildAiSr({ header: src }, report, uids, new Date(2026, 10, 26, 3, 4, 5)));
    // dicom-parser (independent reader) sees a valid Part 10 file with the header values.
    const ds = dicomParser.parseDicom(bytes);
    expect(ds.string('x00080016')).toBe(COMPREHENSIVE_SR);
    expect(ds.string('x00080018')).toBe(uids.sopInstanceUid);
    expect(ds.string('x0020000e')).toBe(uids.seriesInstanceUid);
    expect(ds.string('x0020000d')).toBe(src.StudyInstanceUID);
    expect(ds.string('x00100020')).toBe(src.PatientID);
    expect(ds.string('x00100010')).toBe('16d7f894-55d7-4d95-8957-d18987f0e981');
    expect(ds.string('x00080060')).toBe('SR');
    expect(ds.string('x00080021')).toBe('20261126');
    expect(ds.string('x00020010')).toBe('1.2.840.10008.1.2.1');
    // The series description is stored as written.
    expect(
      new TextDecoder().decode(bytes.subarray(ds.elements.x0008103e.dataOffset, ds.elements.x0008103e.dataOffset + ds.elements.x0008103e.length)).trim(),
    ).toBe(AI_SERIES_DESCRIPTION);
    const back = readAiSr(bytes)!;
    expect(back).not.toBeNull();
    expect(back.modelId).toBe('cxr-test-model');
    expect(back.modelVersion).toBe('1.2.3');
    expect(back.source).toEqual({ sopClassUid: src.SOPClassUID, sopInstanceUid: src.SOPInstanceUID });
    expect(back.findings.map((f) => f.label)).toEqual(report.findings.map((f) => f.label));
    for (const [i, f] of back.findings.entries()) {
      expect(f.probability).toBe(report.findings[i].probability); // FloatingPointValue: exact double
      expect(f.operatingPoint).toBe(report.findings[i].operatingPoint);
      expect(f.critical).toBe(report.findings[i].critical);
      expect(f.flagged).toBe(report.findings[i].flagged);
    }
    expect(back.text).toContain('not for diagnostic use');
    expect(back.text).toContain('Pneumothorax 73.1% (critical finding, FLAGGED)');
  });

  it('SR: a data set that is not a StatRead SR reads as null', () => {
    expect(readAiSr(sourceBytes())).toBeNull();
    expect(readAiSr(new Uint8Array([1, 2, 3]))).toBeNull();
  });

  it('SC: RGB secondary capture with the overlay, marked as AI output, same study, new UIDs', () => {
    const bytes = sourceBytes();
    const src = readPart10(bytes);
    const grey = decodeImage(bytes, 'cxr.dcm');
    // A heatmap hot in its top-left quarter only.
    const hm = { label: 'Pneumothorax', width: 8, height: 8, data: new Float32Array(64) };
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) hm.data[y * 8 + x] = 1;
    const rgb = composeOverlay(grey, hm, 'stretch', 0.5);
    expect([rgb.width, rgb.height]).toEqual([grey.width, grey.height]);
    // Top-left pixel: grey blended with the hottest colour; bottom-right: plain grey (r = g = b).
    const tl = [rgb.data[0], rgb.data[1], rgb.data[2]];
    const g0 = Math.round(grey.data[0] * 255);
    const [hr, , hb] = evidenceColour(1);
    expect(tl[0]).toBe(Math.round(g0 * 0.5 + hr * 0.5));
    expect(tl[2]).toBe(Math.round(g0 * 0.5 + hb * 0.5));
    const last = (rgb.width * rgb.height - 1) * 3;
    expect(rgb.data[last]).toBe(rgb.data[last + 1]);
    expect(rgb.data[last]).toBe(Math.round(grey.data[grey.width * grey.height - 1] * 255));
    const uids = { seriesInstanceUid: newUid(), sopInstanceUid: newUid() };
    const file = writePart10(buildAiSc({ header: src }, report, rgb, uids));
    const ds = dicomParser.parseDicom(file);
    expect(ds.string('x00080016')).toBe(SECONDARY_CAPTURE);
    expect(ds.string('x00080018')).toBe(uids.sopInstanceUid);
    expect(ds.string('x0020000d')).toBe(src.StudyInstanceUID);
    expect(ds.string('x00280004')).toBe('RGB');
    expect(ds.uint16('x00280002')).toBe(3);
    expect(ds.uint16('x00280010')).toBe(rgb.height);
    expect(ds.string('x00080008')).toBe('DERIVED\\SECONDARY');
    expect(ds.string('x00204000')).toBe(
      'StatRead AI output. Research prototype: not for diagnostic use. Heatmap: Pneumothorax 73.1% (critical finding, FLAGGED). Flagged: Pneumothorax.',
    );
    expect(ds.string('x00082111')).toContain('heatmap of Pneumothorax 73.1%');
    const px = ds.elements.x7fe00010;
    expect(px.length).toBe(rgb.data.length);
    expect(Array.from(file.subarray(px.dataOffset, px.dataOffset + 6))).toEqual(Array.from(rgb.data.subarray(0, 6)));
    // The re-decoded SC (shared decoder: RGB -> luminance) is the source where no heat was drawn.
    const again = decodeImage(file, 'sc.dcm');
    expect(again.width).toBe(grey.width);
    const i = grey.width * grey.height - 1;
    expect(Math.abs(again.data[i] - grey.data[i])).toBeLessThan(1 / 255 + 1e-6);
  });

  it('overlay alpha follows the on-screen ramp (weak evidence leaves the film as it is)', () => {
    const grey = { width: 4, height: 1, data: new Float32Array(4).fill(0.5) };
    const hm = { label: 'Pneumothorax', width: 4, height: 1, data: new Float32Array([0, EVIDENCE_FLOOR - 0.01, 0.8, 1]) };
    const rgb = composeOverlay(grey, hm, 'stretch', 1);
    const px = (i: number) => Array.from(rgb.data.subarray(i * 3, i * 3 + 3));
    // Below and at the floor: plain grey.
    expect(px(0)).toEqual([128, 128, 128]);
    expect(px(1)).toEqual([128, 128, 128]);
    // Above it: blended with the ramp's alpha, fully the ramp's colour at the maximum.
    const a = evidenceAlpha(Math.fround(0.8));
    expect(a).toBeGreaterThan(0);
    expect(a).toBeLessThan(0.5);
    expect(px(2)[0]).toBe(Math.round(127.5 * (1 - a) + evidenceColour(Math.fround(0.8))[0] * a));
    expect(px(3)).toEqual(evidenceColour(1).map(Math.round));
  });

  it('large sources are reduced by an integer factor to at most 2048 px', () => {
    const grey = { width: 4100, height: 10, data: new Float32Array(41000).fill(0.5) };
    const rgb = composeOverlay(grey, null, 'stretch', 0.5);
    expect(rgb.width).toBe(1366);
    expect(rgb.height).toBe(3);
    expect(rgb.data[0]).toBe(128);
  });
});
