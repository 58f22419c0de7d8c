import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dataPath, missingDataReason } from '../../test-support/shared-data';
import { classifyBytes } from './classifyFile';

const PYDICOM = 'dicom-conformance/pydicom-test-files';
const skip = missingDataReason(PYDICOM);

function classify(rel: string) {
  const path = dataPath(PYDICOM, rel);
  return classifyBytes(new Uint8Array(readFileSync(path)), rel.split('/').pop()!);
}

describe.skipIf(!!skip)('classifyBytes on pydicom test files', () => {
  it('prints every classification (debug)', () => {
    const dir = dataPath(PYDICOM);
    for (const f of readdirSync(dir)) {
      if (!statSync(join(dir, f)).isFile()) continue;
      const c = classify(f);
      console.log(f, c.kind, c.kind === 'dicom' ? `${c.header.transferSyntaxUid} ${c.header.photometricInterpretation}` : 'reason' in c ? c.reason : c.format);
    }
    expect(true).toBe(true);
  });
});
