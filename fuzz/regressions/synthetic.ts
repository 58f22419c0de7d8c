// Tiny DICOM files built from a description (no shared data): explicit VR little endian Part 10 with a pixel
// module and native or encapsulated pixel data. Regression fixtures for inputs that once hurt the decoders.
export interface SyntheticSpec {
  transferSyntax?: string;
  rows: number;
  columns: number;
  bitsAllocated: number;
  samplesPerPixel?: number;
  numberOfFrames?: string;
  photometric?: string;
  /** Native pixel data of this many bytes (value = index & 0xff). */
  pixelBytes?: number;
  /** Encapsulated pixel data: one fragment per entry (empty basic offset table). */
  fragments?: Uint8Array[];
}

const LONG = new Set(['OB', 'OW', 'SQ', 'UN', 'UT']);

class Writer {
  private parts: number[] = [];
  u16(v: number) {
    this.parts.push(v & 0xff, (v >> 8) & 0xff);
  }
  u32(v: number) {
    this.u16(v & 0xffff);
    this.u16(v >>> 16);
  }
  raw(b: ArrayLike<number>) {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i]);
  }
  element(group: number, el: number, vr: string, value: Uint8Array, undefinedLength = false) {
    this.u16(group);
    this.u16(el);
    this.raw([vr.charCodeAt(0), vr.charCodeAt(1)]);
    if (LONG.has(vr)) {
      this.u16(0);
      this.u32(undefinedLength ? 0xffffffff : value.length);
    } else this.u16(value.length);
    this.raw(value);
  }
  get length() {
    return this.parts.length;
  }
  bytes() {
    return Uint8Array.from(this.parts);
  }
}

function text(s: string, pad = ' '): Uint8Array {
  const t = s.length % 2 ? s + pad : s;
  return Uint8Array.from(t, (c) => c.charCodeAt(0));
}

function us(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff, (v >> 8) & 0xff);
}

export function buildDicom(spec: SyntheticSpec): Uint8Array {
  const ts = spec.transferSyntax ?? '1.2.840.10008.1.2.1';
  const meta = new Writer();
  meta.element(0x0002, 0x0001, 'OB', Uint8Array.of(0, 1));
  meta.element(0x0002, 0x0002, 'UI', text('1.2.840.10008.5.1.4.1.1.7', '\0'));
  meta.element(0x0002, 0x0003, 'UI', text('1.2.3.4.5', '\0'));
  meta.element(0x0002, 0x0010, 'UI', text(ts, '\0'));
  const body = new Writer();
  body.element(0x0008, 0x0016, 'UI', text('1.2.840.10008.5.1.4.1.1.7', '\0'));
  body.element(0x0008, 0x0060, 'CS', text('OT'));
  body.element(0x0028, 0x0002, 'US', us(spec.samplesPerPixel ?? 1));
  body.element(0x0028, 0x0004, 'CS', text(spec.photometric ?? 'MONOCHROME2'));
  if (spec.numberOfFrames !== undefined) body.element(0x0028, 0x0008, 'IS', text(spec.numberOfFrames));
  body.element(0x0028, 0x0010, 'US', us(spec.rows));
  body.element(0x0028, 0x0011, 'US', us(spec.columns));
  body.element(0x0028, 0x0100, 'US', us(spec.bitsAllocated));
  body.element(0x0028, 0x0101, 'US', us(spec.bitsAllocated));
  body.element(0x0028, 0x0102, 'US', us(spec.bitsAllocated - 1));
  body.element(0x0028, 0x0103, 'US', us(0));
  if (spec.fragments) {
    const px = new Writer();
    px.u16(0xfffe);
    px.u16(0xe000);
    px.u32(0); // empty basic offset table
    for (const f of spec.fragments) {
      px.u16(0xfffe);
      px.u16(0xe000);
      px.u32(f.length);
      px.raw(f);
    }
    px.u16(0xfffe);
    px.u16(0xe0dd);
    px.u32(0);
    body.element(0x7fe0, 0x0010, 'OB', px.bytes(), true);
  } else {
    const n = spec.pixelBytes ?? 0;
    body.element(
      0x7fe0,
      0x0010,
      spec.bitsAllocated > 8 ? 'OW' : 'OB',
      Uint8Array.from({ length: n + (n % 2) }, (_, i) => i & 0xff),
    );
  }
  const metaBytes = meta.bytes();
  const out = new Writer();
  out.raw(new Uint8Array(128));
  out.raw(text('DICM'));
  out.element(0x0002, 0x0000, 'UL', Uint8Array.of(metaBytes.length & 0xff, (metaBytes.length >> 8) & 0xff, 0, 0));
  out.raw(metaBytes);
  out.raw(body.bytes());
  return out.bytes();
}

/** A JPEG lossless (SOF3) header claiming a width x height frame, followed by nothing decodable. */
export function jpegLosslessHeader(width: number, height: number): Uint8Array {
  return Uint8Array.of(
    0xff,
    0xd8, // SOI
    0xff,
    0xc3,
    0x00,
    0x0b,
    0x10,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x01,
    0x01,
    0x11,
    0x00, // SOF3, 16-bit, 1 component
    0xff,
    0xc4,
    0x00,
    0x14,
    0x00,
    0x00,
    0x01,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00, // DHT
    0xff,
    0xda,
    0x00,
    0x08,
    0x01,
    0x01,
    0x00,
    0x01,
    0x00,
    0x00, // SOS
    0x00,
    0x00,
    0xff,
    0xd9,
  );
}

/** An RLE frame header with one segment and a few PackBits bytes. */
export function rleFrame(): Uint8Array {
  const f = new Uint8Array(64 + 4);
  const v = new DataView(f.buffer);
  v.setUint32(0, 1, true);
  v.setUint32(4, 64, true);
  f.set([0x81, 0x00, 0x00, 0x00], 64); // repeat 0 x128
  return f;
}
