// Reads the VOI LUT Sequence (0028,3010) of a data set into VoiLut objects.
import type { DataSet } from 'dicom-parser';
import { characterSetsOf, textValue } from '../../model/dicomText';
import { buildVoiLut, type VoiLut } from './voiLut';

export function readVoiLutSequence(ds: DataSet, signedInput: boolean): VoiLut[] {
  const items = ds.elements.x00283010?.items ?? [];
  const luts: VoiLut[] = [];
  const characterSets = characterSetsOf(ds);
  items.forEach((item, idx) => {
    const it = item.dataSet;
    if (!it?.elements.x00283002 || !it.elements.x00283006) return;
    const descriptor: [number, number, number] = [it.uint16('x00283002', 0) ?? 0, it.uint16('x00283002', 1) ?? 0, it.uint16('x00283002', 2) ?? 16];
    const entries = descriptor[0] === 0 ? 65536 : descriptor[0];
    const el = it.elements.x00283006;
    let packed8: Uint8Array | undefined;
    const words: number[] = [];
    if (descriptor[2] === 8 && el.length === entries + (entries % 2)) {
      packed8 = new Uint8Array(it.byteArray.buffer, it.byteArray.byteOffset + el.dataOffset, entries);
    } else {
      const n = Math.floor(el.length / 2);
      for (let i = 0; i < n; i++) words.push(it.uint16('x00283006', i) ?? 0);
    }
    luts.push(
      buildVoiLut({
        descriptor,
        words,
        packed8,
        signedInput,
        explanation: textValue(it, 'x00283003', 'LO', characterSetsOf(it, characterSets)) || `VOI LUT ${idx + 1}`,
      }),
    );
  });
  return luts;
}
