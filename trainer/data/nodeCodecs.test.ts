import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { UnsupportedError, decodeImage, decodeImageAsync } from '../../src/model/decodeImage';
import { registerNodeCodecs } from './nodeCodecs';

const wado = (f: string) => dataPath('dicom-conformance', 'cornerstone-wado-testimages', f);

describe.skipIf(missingDataReason('dicom-conformance'))('JPEG 2000 (OpenJPEG) and JPEG-LS (CharLS) through registered codecs', () => {
  it('lossless J2K decodes to exactly the uncompressed pixels; lossy J2K close; the sync decoder still refuses with a hint', async () => {
    registerNodeCodecs();
    const ref = decodeImage(readFileSync(wado('CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm')), 'ref');
    const lossless = await decodeImageAsync(readFileSync(wado('CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm')), 'j2kr.dcm');
    expect(lossless.source.transferSyntaxUID).toBe('1.2.840.10008.1.2.4.90');
    let maxDiff = 0;
    for (let i = 0; i < ref.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ref.data[i] - lossless.data[i]));
    expect(maxDiff).toBe(0);
    const lossy = await decodeImageAsync(readFileSync(wado('CTImage.dcm_JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91.dcm')), 'j2k.dcm');
    let mad = 0;
    for (let i = 0; i < ref.data.length; i++) mad += Math.abs(ref.data[i] - lossy.data[i]);
    expect(mad / ref.data.length).toBeLessThan(0.02);
    try {
      decodeImage(readFileSync(wado('CTImage.dcm_JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91.dcm')), 'j2k.dcm');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UnsupportedError);
      expect((e as Error).message).toMatch(/use decodeImageAsync/);
    }
    // JPEG-LS (CharLS): lossless equals, near-lossless close.
    const jls = await decodeImageAsync(readFileSync(wado('CTImage.dcm_JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80.dcm')), 'jls.dcm');
    expect(jls.data).toEqual(ref.data);
    const jlsLossy = await decodeImageAsync(readFileSync(wado('CTImage.dcm_JPEGLSLossyTransferSyntax_1.2.840.10008.1.2.4.81.dcm')), 'jls-lossy.dcm');
    let madLs = 0;
    for (let i = 0; i < ref.data.length; i++) madLs += Math.abs(ref.data[i] - jlsLossy.data[i]);
    expect(madLs / ref.data.length).toBeLessThan(0.02);
    // Syntaxes without any decoder still fail with the typed error in the async path (JPEG 2000 Part 2 here).
    const part2 = new Uint8Array(readFileSync(wado('CTImage.dcm_JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91.dcm')));
    const at = Buffer.from(part2).indexOf('1.2.840.10008.1.2.4.91');
    part2.set(Buffer.from('1.2.840.10008.1.2.4.93'), at);
    await expect(decodeImageAsync(part2, 'part2.dcm')).rejects.toBeInstanceOf(UnsupportedError);
  });
  it.skipIf(missingDataReason('dicom-conformance/pydicom-test-files'))('signed and colour J2K (pydicom files) decode', async () => {
    registerNodeCodecs();
    const mrRef = decodeImage(readFileSync(dataPath('dicom-conformance', 'pydicom-test-files', 'MR_small.dcm')), 'mr');
    const mr = await decodeImageAsync(readFileSync(dataPath('dicom-conformance', 'pydicom-test-files', 'MR_small_jp2klossless.dcm')), 'mr-j2k');
    expect(mr.data).toEqual(mrRef.data);
    const mrLs = await decodeImageAsync(readFileSync(dataPath('dicom-conformance', 'pydicom-test-files', 'MR_small_jpeg_ls_lossless.dcm')), 'mr-jls');
    expect(mrLs.data).toEqual(mrRef.data);
    const rgb = await decodeImageAsync(readFileSync(dataPath('dicom-conformance', 'pydicom-test-files', 'GDCMJ2K_TextGBR.dcm')), 'rgb-j2k');
    expect(rgb.source.colour).toBe(true);
  });
});
