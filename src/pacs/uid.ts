// New DICOM UIDs in the 2.25 arc (PS3.5 B.2): "2.25." followed by a random UUID read as one decimal integer.

function randomUuidBytes(): Uint8Array {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40; // version 4
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
  return b;
}

export function uuidToUid(bytes: Uint8Array): string {
  let n = 0n;
  for (const x of bytes) n = (n << 8n) | BigInt(x);
  return `2.25.${n.toString(10)}`;
}

export function newUid(): string {
  return uuidToUid(randomUuidBytes());
}
