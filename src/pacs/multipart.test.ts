import { describe, expect, it } from 'vitest';
import { buildMultipartRelated, parseMultipartRelated } from './multipart';

const enc = new TextEncoder();

function bytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 7) & 0xff;
  return b;
}

describe('multipart/related', () => {
  it('round-trips binary parts (CR LF and dashes inside the data stay intact)', () => {
    const a = bytes(1000, 1);
    a.set(enc.encode('\r\n--not-the-boundary\r\n'), 100);
    const b = bytes(3, 2);
    const { body, contentType } = buildMultipartRelated([a, b]);
    expect(contentType).toMatch(/^multipart\/related; type="application\/dicom"; boundary=statread-[0-9a-f]{32}$/);
    const parts = parseMultipartRelated(body, contentType);
    expect(parts).toHaveLength(2);
    expect(parts[0].contentType).toBe('application/dicom');
    expect(parts[0].bytes).toEqual(a);
    expect(parts[1].bytes).toEqual(b);
  });

  it('parses an answer as Orthanc writes it (quoted type, part headers, Content-Length)', () => {
    const boundary = '0ff85b23-4540-45d2-937b';
    const payload = bytes(257, 3);
    const body = new Uint8Array([
      ...enc.encode(`--${boundary}\r\nContent-Type: application/dicom\r\nContent-Length: ${payload.length}\r\nMIME-Version: 1.0\r\n\r\n`),
      ...payload,
      ...enc.encode(`\r\n--${boundary}--\r\n`),
    ]);
    const parts = parseMultipartRelated(body, `multipart/related; type="application/dicom"; boundary=${boundary}`);
    expect(parts).toHaveLength(1);
    expect(parts[0].bytes).toEqual(payload);
    // Quoted boundary parameter.
    expect(parseMultipartRelated(body, `multipart/related; boundary="${boundary}"; type="application/dicom"`)[0].bytes).toEqual(payload);
  });

  it('refuses non-multipart answers and a missing boundary with a reason', () => {
    expect(() => parseMultipartRelated(new Uint8Array(4), 'application/json')).toThrow(/expected a multipart answer/);
    expect(() => parseMultipartRelated(new Uint8Array(4), 'multipart/related; type="application/dicom"')).toThrow(/no boundary/);
  });

  it('an empty multipart body gives no parts; a truncated one throws', () => {
    expect(parseMultipartRelated(enc.encode('--b--\r\n'), 'multipart/related; boundary=b')).toEqual([]);
    expect(() => parseMultipartRelated(enc.encode('--b\r\nContent-Type: application/dicom\r\n\r\nabc'), 'multipart/related; boundary=b')).toThrow();
  });

  it('a boundary that occurs inside a part is refused', () => {
    expect(() => buildMultipartRelated([enc.encode('x--fixed y')], 'application/dicom', 'fixed')).toThrow(/boundary occurs/);
  });
});
