// DICOM RLE Lossless (1.2.840.10008.1.2.5, PS3.5 Annex G): a 64-byte header of segment offsets, one PackBits
// segment per byte plane (sample by sample, most significant byte first). Returns samples as unsigned
// integers, interleaved (pixel by pixel, sample by sample).

export function decodeRleFrame(frame: Uint8Array, rows: number, columns: number, samplesPerPixel: number, bitsAllocated: number): Uint32Array {
  const pixels = rows * columns;
  const bytesPerSample = bitsAllocated / 8;
  if (!Number.isInteger(bytesPerSample) || bytesPerSample < 1 || bytesPerSample > 4) {
    throw new Error(`RLE with ${bitsAllocated} bits allocated is not supported`);
  }
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (frame.byteLength < 64) throw new Error('RLE frame shorter than its 64-byte header');
  const segments = view.getUint32(0, true);
  const expected = samplesPerPixel * bytesPerSample;
  if (segments !== expected) throw new Error(`RLE header names ${segments} segments, expected ${expected}`);
  // PackBits expands 2 bytes to at most 128: refuse, before allocating, a frame too short for the declared size.
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : frame.byteLength;
    if (end > start && (end - start) * 64 < pixels) {
      throw new Error(`RLE segment ${s + 1} has ${end - start} bytes, too few for ${columns}x${rows} pixels`);
    }
  }
  const out = new Uint32Array(pixels * samplesPerPixel);
  const plane = new Uint8Array(pixels);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : frame.byteLength;
    if (start < 64 || start > frame.byteLength || end > frame.byteLength || end < start) {
      throw new Error(`RLE segment ${s + 1} offsets out of range`);
    }
    plane.fill(0);
    let p = start;
    let o = 0;
    while (p < end && o < pixels) {
      const n = (frame[p++] << 24) >> 24; // signed byte
      if (n >= 0) {
        const count = n + 1;
        for (let k = 0; k < count && o < pixels && p < end; k++) plane[o++] = frame[p++];
      } else if (n > -128) {
        const count = 1 - n;
        const v = frame[p++];
        for (let k = 0; k < count && o < pixels; k++) plane[o++] = v;
      }
      // n === -128: no-op
    }
    const sample = Math.floor(s / bytesPerSample);
    const shift = 8 * (bytesPerSample - 1 - (s % bytesPerSample));
    for (let i = 0; i < pixels; i++) out[i * samplesPerPixel + sample] += plane[i] * 2 ** shift;
  }
  return out;
}
