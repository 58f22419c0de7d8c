import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { decodeImage } from './decodeImage';
import { headerGate } from './headerGate';

describe('headerGate', () => {
  it('passes frontal chest CR/DX and header-less images; stops other modalities, body parts and lateral views', () => {
    const base = { format: 'dicom' as const, fileName: 'x.dcm', colour: false, voi: { kind: 'min-max' as const, min: 0, max: 1 } };
    expect(headerGate({ ...base, modality: 'CR', bodyPart: 'CHEST', viewPosition: 'PA' }).ok).toBe(true);
    expect(headerGate({ ...base, modality: 'DX' }).ok).toBe(true);
    expect(headerGate({ ...base, format: 'png' }).ok).toBe(true);
    expect(headerGate({ ...base, modality: 'CT' }).reason).toMatch(/modality CT/);
    expect(headerGate({ ...base, modality: 'DX', bodyPart: 'KNEE' }).reason).toMatch(/body part KNEE/);
    expect(headerGate({ ...base, modality: 'CR', bodyPart: 'CHEST', viewPosition: 'LL' }).reason).toMatch(/lateral/);
  });
  it.skipIf(missingDataReason('dicom-conformance') ?? missingDataReason('dicom-cxr'))('on real files: the chest CR passes, CT/MR/US do not', () => {
    const read = (...p: string[]) => decodeImage(readFileSync(dataPath(...p)), p[p.length - 1]);
    expect(headerGate(read('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm').source).ok).toBe(true);
    for (const p of [
      ['dicom-conformance', 'cornerstone-wado-testimages', 'CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm'],
      ['dicom-conformance', 'pydicom-test-files', 'MR_small.dcm'],
      ['dicom-conformance', 'pydicom-test-files', 'examples_rgb_color.dcm'],
    ]) {
      expect(headerGate(read(...p).source).ok, p[2]).toBe(false);
    }
  });
});
