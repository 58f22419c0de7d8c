// Intake's pixel budget on DICOM headers: over-budget files are refused from the header, before any pixel data
// is read or decoded, and deflated data sets are inflated with a cap; valid deflated files still open.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deflateBombDicom, hugeRleDicom } from '../../test-support/budgetFixtures';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { DEFAULT_PIXEL_BUDGET, pixelBudgetFrom } from '../model/pixelBudget';
import { classifyBytes } from './classifyFile';

describe('classifyBytes and the pixel budget', () => {
  it('refuses a 30000 x 30000 RLE DICOM from its header', () => {
    expect(classifyBytes(hugeRleDicom(), 'huge-rle.dcm')).toEqual({
      kind: 'error',
      reason: '30000x30000 pixels exceeds the limit of 67108864 samples per frame',
    });
  });

  it('refuses a deflate bomb (~3 MB declaring 3 GiB) at the inflation cap', () => {
    const c = classifyBytes(deflateBombDicom(), 'bomb.dcm');
    expect(c).toEqual({
      kind: 'error',
      reason: `the deflated data set inflates to more than ${DEFAULT_PIXEL_BUDGET.maxInflatedBytes} bytes (the limit); refused as a possible deflate bomb`,
    });
  });

  it('follows ?maxPixels= (a lower file limit)', () => {
    const small = hugeRleDicom(2000);
    expect(classifyBytes(small, 'a.dcm', pixelBudgetFrom('5000000')).kind).toBe('dicom');
    expect(classifyBytes(small, 'a.dcm', pixelBudgetFrom('1000000'))).toEqual({
      kind: 'error',
      reason: '2000x2000 pixels exceeds the limit of 1000000 samples per frame',
    });
  });
});

const skip = missingDataReason('dicom-conformance');
describe.skipIf(skip !== null)('valid deflated files open', () => {
  for (const rel of [
    ['cornerstone-wado-testimages', 'CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm'],
    ['dicomparser-testimages', 'deflate', 'image_dfl'],
    ['pydicom-test-files', 'image_dfl.dcm'],
  ]) {
    it(rel[rel.length - 1], () => {
      const bytes = new Uint8Array(readFileSync(dataPath('dicom-conformance', ...rel)));
      const c = classifyBytes(bytes, rel[rel.length - 1]);
      expect(c.kind).toBe('dicom');
      if (c.kind !== 'dicom') return;
      // The data set is the inflated one: offsets (and the truncation checks) are against it, not the file.
      expect(c.dataSet.byteArray.length).toBeGreaterThan(bytes.length);
      expect(c.header.rows * c.header.columns).toBeGreaterThan(0);
    });
  }
});
