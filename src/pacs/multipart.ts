// multipart/related bodies (PS3.18 §8.6): parsing WADO-RS answers with @remix-run/multipart-parser (a maintained,
// dependency-light streaming parser for any multipart/* type), and building STOW-RS requests (concatenation).
import { getMultipartBoundary, parseMultipart } from '@remix-run/multipart-parser';

export interface MimePart {
  contentType: string;
  bytes: Uint8Array;
}

/** Limits far above one radiograph instance but finite, so a broken server cannot exhaust memory. */
const MAX_PART = 1024 * 1024 * 1024;
const MAX_TOTAL = 2 * 1024 * 1024 * 1024 - 1;

/** Parses a multipart/* body; throws an Error naming the problem for anything else. */
export function parseMultipartRelated(body: Uint8Array, contentType: string): MimePart[] {
  if (!/^multipart\//i.test(contentType.trim())) throw new Error(`expected a multipart answer, got "${contentType || 'no content type'}"`);
  const boundary = getMultipartBoundary(contentType);
  if (!boundary) throw new Error('the multipart answer has no boundary');
  const parts: MimePart[] = [];
  for (const part of parseMultipart(body, { boundary, maxFileSize: MAX_PART, maxTotalSize: MAX_TOTAL, maxParts: 100_000 })) {
    parts.push({ contentType: part.headers['content-type'] ?? '', bytes: part.bytes });
  }
  return parts;
}

function randomBoundary(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return `statread-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * A multipart/related body of `type` parts (STOW-RS: application/dicom). The boundary is random and checked not
 * to occur in any part.
 */
export function buildMultipartRelated(parts: Uint8Array[], type = 'application/dicom', boundary = randomBoundary()): { body: Uint8Array; contentType: string } {
  const enc = new TextEncoder();
  const marker = enc.encode(`--${boundary}`);
  for (const p of parts) if (indexOf(p, marker) >= 0) throw new Error('multipart boundary occurs in a part');
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    chunks.push(enc.encode(`--${boundary}\r\nContent-Type: ${type}\r\n\r\n`), p, enc.encode('\r\n'));
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  const size = chunks.reduce((n, c) => n + c.length, 0);
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.length;
  }
  return { body, contentType: `multipart/related; type="${type}"; boundary=${boundary}` };
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    if (hay[i] !== needle[0]) continue;
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
