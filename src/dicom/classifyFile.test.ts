// Classification of real files from the shared conformance sets, including broken ones.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { withoutPart10Header, withTransferSyntax } from '../../e2e/support/viewerFixtures';
import { classifyBytes } from './classifyFile';
import { withPart10Header } from './part10';

const PYD = 'dicom-conformance/pydicom-test-files';
const WADO = 'dicom-conformance/cornerstone-wado-testimages';
const skip = missingDataReason('dicom-conformance');

function classify(rel: string) {
  return classifyBytes(new Uint8Array(readFileSync(dataPath(rel))), rel.split('/').pop()!);
}

describe.skipIf(!!skip)('classifyBytes on real files', () => {
  it('reads a Part 10 MR image header', () => {
    const c = classify(`${PYD}/MR_small.dcm`);
    expect(c.kind).toBe('dicom');
    if (c.kind !== 'dicom') return;
    expect(c.hasPart10Header).toBe(true);
    expect(c.header.modality).toBe('MR');
    expect([c.header.rows, c.header.columns]).toEqual([64, 64]);
    expect(c.header.pixelRepresentation).toBe(1);
    expect(c.header.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
  });

  it('accepts compressed, deflated and big endian syntaxes', () => {
    for (const f of [
      `${PYD}/MR_small_RLE.dcm`,
      `${PYD}/MR_small_bigendian.dcm`,
      `${PYD}/image_dfl.dcm`,
      `${PYD}/JPEG2000.dcm`,
      `${PYD}/MR_small_jpeg_ls_lossless.dcm`,
      `${WADO}/CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm`,
    ]) {
      expect(classify(f).kind, f).toBe('dicom');
    }
  });

  it('reports multi-frame files with their frame count', () => {
    const c = classify(`${PYD}/SC_rgb_rle_2frame.dcm`);
    expect(c.kind).toBe('dicom');
    if (c.kind === 'dicom') {
      expect(c.header.numberOfFrames).toBe(2);
      expect(c.header.samplesPerPixel).toBe(3);
    }
  });

  it('flags the truncated MR as bad input with a reason', () => {
    const c = classify(`${PYD}/MR_truncated.dcm`);
    expect(c.kind).toBe('error');
    if (c.kind === 'error') expect(c.reason).toMatch(/truncated|malformed|overrun/i);
  });

  it('flags a file whose meta header lacks the transfer syntax', () => {
    const c = classify(`${PYD}/meta_missing_tsyntax.dcm`);
    expect(c.kind).toBe('error');
    if (c.kind === 'error') expect(c.reason).toMatch(/0002,0010|transfer syntax/i);
  });

  it('flags non-DICOM files', () => {
    const c = classify(`${PYD}/README.txt`);
    expect(c.kind).toBe('error');
    if (c.kind === 'error') expect(c.reason).toMatch(/not a DICOM file/);
  });

  it('flags an unsupported transfer syntax by UID and name', () => {
    const bytes = withTransferSyntax(dataPath(PYD, 'JPEG2000.dcm'), '1.2.840.10008.1.2.4.91', '1.2.840.10008.1.2.4.93');
    const c = classifyBytes(bytes, 'JPEG2000-part2.dcm');
    expect(c.kind).toBe('error');
    if (c.kind === 'error') expect(c.reason).toMatch(/unsupported transfer syntax 1\.2\.840\.10008\.1\.2\.4\.93 \(JPEG 2000 Part 2/);
  });

  it('skips DICOMDIR, structured reports, RT plans and objects without pixel data, saying why', () => {
    const dicomdir = classify(`${PYD}/dicomdirtests/DICOMDIR`);
    expect(dicomdir).toMatchObject({ kind: 'skipped' });
    if (dicomdir.kind === 'skipped') expect(dicomdir.reason).toMatch(/DICOMDIR/);
    const sr = classify(`${PYD}/test-SR.dcm`);
    expect(sr.kind).toBe('skipped');
    if (sr.kind === 'skipped') expect(sr.reason).toMatch(/Structured Report/);
    expect(classify(`${PYD}/rtplan.dcm`).kind).toBe('skipped');
    const nopix = classify(`${PYD}/UN_sequence.dcm`);
    expect(nopix.kind).toBe('skipped');
    if (nopix.kind === 'skipped') expect(nopix.reason).toMatch(/no Pixel Data/);
  });

  it('reads a data set without preamble and meta header, and the wrapped copy parses the same', () => {
    const raw = withoutPart10Header(dataPath(PYD, 'MR_small_implicit.dcm'));
    expect(raw[128]).not.toBe(0x44);
    const c = classifyBytes(raw, 'MR_small_raw');
    expect(c.kind).toBe('dicom');
    if (c.kind !== 'dicom') return;
    expect(c.hasPart10Header).toBe(false);
    expect(c.header.transferSyntaxUid).toBe('1.2.840.10008.1.2');
    const wrapped = classifyBytes(withPart10Header(raw, c.header.transferSyntaxUid), 'MR_small_raw');
    expect(wrapped.kind).toBe('dicom');
    if (wrapped.kind === 'dicom') {
      expect(wrapped.hasPart10Header).toBe(true);
      expect(wrapped.header.sopInstanceUid).toBe(c.header.sopInstanceUid);
      expect([wrapped.header.rows, wrapped.header.columns]).toEqual([64, 64]);
    }
  });

  it('reads display-relevant attributes of a MONOCHROME1 CR', () => {
    const c = classify(`${PYD}/dicomdirtests/77654033/CR1/6154`);
    expect(c.kind).toBe('dicom');
    if (c.kind !== 'dicom') return;
    expect(c.header.photometricInterpretation).toBe('MONOCHROME1');
    expect(c.header.imagerPixelSpacing).toEqual([0.1, 0.1]);
    expect(c.header.pixelSpacing).toBeNull();
    expect(c.header.rescaleSlope).toBeCloseTo(0.684);
    expect(c.header.windowCenters).toEqual([1600]);
    expect(c.header.windowWidths).toEqual([2800]);
    expect(c.header.viewPosition).toBe('LL');
  });

  it('recognises PNG and JPEG by their signatures', () => {
    expect(classify('cxr-fullres/00000001_000.png')).toEqual({ kind: 'web', format: 'png' });
    expect(classify('imagenet-tflite/parrot.jpg')).toEqual({ kind: 'web', format: 'jpeg' });
  });

  it('an implicit-VR file cut inside a header value is truncated, not "no Pixel Data"', () => {
    // CTImage.dcm is implicit VR little endian; cut one byte into the first long header value: dicom-parser
    // keeps the element with a length past the end instead of throwing (found by the 100-file drop test).
    const full = new Uint8Array(readFileSync(dataPath(WADO, 'CTImage.dcm')));
    const whole = classifyBytes(full, 'CTImage.dcm');
    expect(whole.kind).toBe('dicom');
    if (whole.kind !== 'dicom') return;
    const el = Object.values(whole.dataSet.elements).find((e) => !e.tag.startsWith('x0002') && e.tag !== 'x7fe00010' && e.length >= 8 && !e.items)!;
    const c = classifyBytes(full.slice(0, el.dataOffset + 1), 'cut.dcm');
    expect(c.kind).toBe('error');
    if (c.kind === 'error') expect(c.reason).toMatch(/truncated/);
  });
});
