// Pointing game and energy-inside-box measures on hand-made maps, and the reader on the real NIH box table.
import { describe, expect, it } from 'vitest';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { boxCases, energyInside, localisation, peakOf, readBoxes, type Box } from './localisation';

const box = (x: number, y: number, w: number, h: number): Box => ({ imageId: 'a.png', label: 'Nodule', x, y, w, h });

function mapWithPeak(px: number, py: number, side = 10): { map: Float32Array; width: number; height: number } {
  const map = new Float32Array(side * side);
  map[py * side + px] = 1;
  return { map, width: side, height: side };
}

describe('localisation measures', () => {
  it('finds the peak and scores a hit only inside a box of that image', () => {
    const m = mapWithPeak(1, 8);
    expect(peakOf(m)).toEqual({ x: 0.15, y: 0.85 });
    const r = localisation([
      { imageId: 'a.png', label: 'Nodule', boxes: [box(0.1, 0.8, 0.1, 0.1)], map: m },
      { imageId: 'b.png', label: 'Nodule', boxes: [box(0.6, 0.1, 0.2, 0.2)], map: m },
    ]);
    expect(r.pointingGame.numerator).toBe(1);
    expect(r.pointingGame.denominator).toBe(2);
    expect(r.centreBaseline.numerator).toBe(0);
    expect(r.meanEnergyInside).toBe(0.5);
  });

  it('gives a uniform map the boxes area share, and the centre baseline a hit for a central box', () => {
    const u = { map: new Float32Array(100).fill(2), width: 10, height: 10 };
    expect(energyInside(u, [box(0, 0, 0.5, 0.5)])).toBeCloseTo(0.25, 10);
    const r = localisation([{ imageId: 'a.png', label: 'Cardiomegaly', boxes: [box(0.3, 0.3, 0.4, 0.4)], map: u }]);
    expect(r.uniformBaseline).toBeCloseTo(0.16, 10);
    expect(r.centreBaseline.numerator).toBe(1);
  });
});

const reason = missingDataReason('nih-labels/BBox_List_2017.csv');
if (reason) console.warn(`skipping readBoxes on the NIH table: ${reason}`);

describe.skipIf(!!reason)('readBoxes on the NIH table', () => {
  const path = dataPath('nih-labels', 'BBox_List_2017.csv');
  it('reads 984 boxes of 8 findings in image fractions, Infiltrate named Infiltration', () => {
    const boxes = readBoxes(path);
    expect(boxes).toHaveLength(984);
    expect(new Set(boxes.map((b) => b.label))).toEqual(
      new Set(['Atelectasis', 'Cardiomegaly', 'Effusion', 'Infiltration', 'Mass', 'Nodule', 'Pneumonia', 'Pneumothorax']),
    );
    expect(boxes.every((b) => b.x >= 0 && b.y >= 0 && b.x + b.w <= 1.01 && b.y + b.h <= 1.01)).toBe(true);
    expect(boxes[0]).toMatchObject({ imageId: '00013118_008.png', label: 'Atelectasis' });
    expect(boxes[0]!.x).toBeCloseTo(225.084745762712 / 1024, 12);
    expect(boxCases(boxes, new Set(['00013118_008.png']))).toHaveLength(1);
  });
});
