// VOI LUT Sequence (0028,3010) support. Cornerstone3D ignores the sequence, so StatRead maps the
// Modality LUT output through the LUT itself (PS3.3 C.11.2.1.1) and displays the LUT output linearly
// over its full range (2^bits - 1), which is exactly what the standard prescribes.

export interface VoiLut {
  /** First input value mapped (descriptor value 2). */
  firstValueMapped: number;
  /** Bits per LUT output value (descriptor value 3, corrected when the data exceeds it). */
  bitsPerEntry: number;
  /** LUT output values, one per input value starting at firstValueMapped. */
  data: Uint16Array;
  explanation: string;
}

export interface VoiLutDescriptorInput {
  descriptor: [number, number, number];
  /** Raw LUT Data words (0028,3006) as unsigned 16-bit values. */
  words: ArrayLike<number>;
  /** True when the descriptor's first value mapped is signed (Modality LUT output is signed). */
  signedInput: boolean;
  /** True when LUT Data is OB/packed 8-bit bytes rather than 16-bit words. */
  packed8?: Uint8Array;
  explanation?: string;
}

/** Builds a VoiLut from the descriptor and data of one VOI LUT Sequence item. */
export function buildVoiLut(input: VoiLutDescriptorInput): VoiLut {
  const [rawEntries, rawFirst, rawBits] = input.descriptor;
  const entries = rawEntries === 0 ? 65536 : rawEntries;
  const first = input.signedInput && rawFirst > 0x7fff ? rawFirst - 0x10000 : rawFirst;
  const data = new Uint16Array(entries);
  if (input.packed8 && input.packed8.length >= entries) {
    for (let i = 0; i < entries; i++) data[i] = input.packed8[i];
  } else {
    const n = Math.min(entries, input.words.length);
    for (let i = 0; i < n; i++) data[i] = input.words[i];
    for (let i = n; i < entries; i++) data[i] = n > 0 ? data[n - 1] : 0;
  }
  let max = 0;
  for (let i = 0; i < entries; i++) if (data[i] > max) max = data[i];
  let bits = rawBits >= 8 && rawBits <= 16 ? rawBits : 16;
  // Some writers declare 16 bits for 8-bit data or vice versa; the data itself decides the range.
  while (bits < 16 && max >= 2 ** bits) bits++;
  return { firstValueMapped: first, bitsPerEntry: bits, data, explanation: input.explanation ?? '' };
}

/** LUT output for one Modality LUT output value, clamped at both ends as the standard requires. */
export function applyVoiLut(lut: VoiLut, value: number): number {
  const i = Math.round(value) - lut.firstValueMapped;
  if (i <= 0) return lut.data[0];
  if (i >= lut.data.length) return lut.data[lut.data.length - 1];
  return lut.data[i];
}

/** Maps a whole frame of Modality LUT output values through the VOI LUT. */
export function mapThroughVoiLut(lut: VoiLut, values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let k = 0; k < values.length; k++) out[k] = applyVoiLut(lut, values[k]);
  return out;
}

/** Largest LUT output value: the LUT output is displayed linearly over [0, this]. */
export function voiLutOutputMax(lut: VoiLut): number {
  return 2 ** lut.bitsPerEntry - 1;
}

/** The display grey level (0..1) for a Modality LUT output value through the VOI LUT. */
export function voiLutDisplayFraction(lut: VoiLut, value: number): number {
  return applyVoiLut(lut, value) / voiLutOutputMax(lut);
}
