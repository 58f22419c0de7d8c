// Pixel Spacing as real archives write it: unusable values count as absent, valid ones are kept exactly.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { missingDataReason } from '../../test-support/sharedData';
import { writeCrCopies } from '../../e2e/support/crCopies';
import { classifyBytes } from './classifyFile';

const skip = missingDataReason('dicom-cxr');

function spacingsOf(values: Record<string, string[]>) {
  const names = Object.keys(values);
  const paths = writeCrCopies(names, (dict, name) => {
    dict.dict['00280030'] = { vr: 'DS', Value: values[name] };
    dict.dict['00181164'] = { vr: 'DS', Value: values[name] };
  });
  return paths.map((p, i) => {
    const c = classifyBytes(new Uint8Array(readFileSync(p)), names[i]);
    if (c.kind !== 'dicom') throw new Error(`${names[i]} was not read as DICOM`);
    return [c.header.pixelSpacing, c.header.imagerPixelSpacing];
  });
}

describe.skipIf(!!skip)('pixel spacing of the SIIM chest CR, rewritten', () => {
  it('keeps valid spacings', () => {
    expect(spacingsOf({ 'ok.dcm': ['0.168', '0.143'], 'exp.dcm': ['1.5e-1', '.15'] })).toEqual([
      [
        [0.168, 0.143],
        [0.168, 0.143],
      ],
      [
        [0.15, 0.15],
        [0.15, 0.15],
      ],
    ]);
  });

  it('treats zero, negative, NaN, text and single values as absent', () => {
    const bad = {
      'zero.dcm': ['0.000', '0.000'],
      'negative.dcm': ['-0.168', '0.168'],
      'nan.dcm': ['NaN', 'NaN'],
      'text.dcm': ['abc', '0.168'],
      'suffix.dcm': ['0.168mm', '0.168'],
      'single.dcm': ['0.168'],
      'infinite.dcm': ['Infinity', '0.168'],
    };
    for (const pair of spacingsOf(bad)) expect(pair).toEqual([null, null]);
  });
});
