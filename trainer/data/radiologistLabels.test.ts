import { describe, expect, it } from 'vitest';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { readRadiologistLabels } from './radiologistLabels';

const reason = missingDataReason('nih-labels/google2019_nih-chest-xray-labels.csv');
if (reason) console.warn(`skipping radiologist labels: ${reason}`);

describe.skipIf(!!reason)('readRadiologistLabels on the Google 2019 table', () => {
  it('reads 4,376 adjudicated images with YES/NO per finding', () => {
    const t = readRadiologistLabels(dataPath('nih-labels', 'google2019_nih-chest-xray-labels.csv'));
    expect(t.size).toBe(4376);
    // First row of the published file: 00000013_008.png, Fracture NO, Pneumothorax NO, Airspace opacity YES, Nodule or mass NO.
    expect(t.get('00000013_008.png')).toEqual({ Fracture: 0, Pneumothorax: 0, 'Airspace opacity': 1, 'Nodule or mass': 0 });
  });
});
