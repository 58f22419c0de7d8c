// Gives a preamble-less DICOM data set (no "DICM", no File Meta Information) the Part 10 header the
// image loader needs, carrying the transfer syntax StatRead inferred from the data set itself.
export function part10Header(transferSyntaxUid: string): Uint8Array {
  let uid = transferSyntaxUid;
  if (uid.length % 2) uid += '\0';
  const out = new Uint8Array(128 + 4 + 8 + uid.length);
  out.set([0x44, 0x49, 0x43, 0x4d], 128); // "DICM"
  const view = new DataView(out.buffer);
  let p = 132;
  view.setUint16(p, 0x0002, true);
  view.setUint16(p + 2, 0x0010, true);
  out[p + 4] = 0x55; // 'U'
  out[p + 5] = 0x49; // 'I'
  view.setUint16(p + 6, uid.length, true);
  p += 8;
  for (let i = 0; i < uid.length; i++) out[p + i] = uid.charCodeAt(i);
  return out;
}

export function withPart10Header(bytes: Uint8Array, transferSyntaxUid: string): Uint8Array {
  const head = part10Header(transferSyntaxUid);
  const out = new Uint8Array(head.length + bytes.length);
  out.set(head, 0);
  out.set(bytes, head.length);
  return out;
}
