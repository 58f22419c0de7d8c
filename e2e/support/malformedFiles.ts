// Malformed files made from real DICOM files of ../shared/data/dicom-conformance (never copied into the repo:
// written to a temp folder), each broken in a way that the app must refuse at intake with a message:
// - cut inside the Pixel Data value (the file ends before its declared pixel data);
// - cut just after the start of a header element's value (the data set ends mid-element);
// - the data set after "DICM" overwritten by seeded random bytes (absurd tags, VRs and lengths);
// - a file of seeded random bytes with a .dcm name (not DICOM at all).
// Deterministic: the same seed gives the same files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as dicomParserNs from 'dicom-parser';
import { mulberry32 } from '../../src/model/random';
import { fixtureDir } from './viewerFixtures';

const dicomParser = (dicomParserNs as unknown as { default?: typeof dicomParserNs }).default ?? dicomParserNs;

export type Breakage = 'cut-pixel-data' | 'cut-header-value' | 'garbage-dataset' | 'not-dicom';
const KINDS: Breakage[] = ['cut-pixel-data', 'cut-header-value', 'garbage-dataset', 'not-dicom'];

export interface MalformedFile {
  path: string;
  name: string;
  source: string;
  breakage: Breakage;
}

function randomBytes(n: number, rand: () => number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

function breakFile(bytes: Uint8Array, kind: Breakage, rand: () => number): Uint8Array {
  const ds = dicomParser.parseDicom(bytes);
  const px = ds.elements.x7fe00010;
  if (kind === 'cut-pixel-data') {
    if (!px || !px.length || px.length < 16) throw new Error('no pixel data to cut');
    return bytes.slice(0, px.dataOffset + Math.floor(px.length * (0.2 + 0.6 * rand())));
  }
  if (kind === 'cut-header-value') {
    // An element of the data set (not the meta group) with a value of at least 8 bytes, before the pixel data.
    const els = Object.values(ds.elements).filter((e) => !e.tag.startsWith('x0002') && e.tag !== 'x7fe00010' && (e.length ?? 0) >= 8 && !e.items);
    if (!els.length) throw new Error('no header element to cut');
    const e = els[Math.floor(rand() * els.length)];
    return bytes.slice(0, e.dataOffset + 1 + Math.floor(rand() * (e.length - 2)));
  }
  if (kind === 'garbage-dataset') {
    const meta = Object.values(ds.elements).filter((e) => e.tag.startsWith('x0002'));
    const end = Math.max(...meta.map((e) => e.dataOffset + e.length));
    const out = bytes.slice();
    out.set(randomBytes(Math.min(4096, out.length - end), rand), end);
    return out;
  }
  return randomBytes(2048 + Math.floor(rand() * 4096), rand);
}

/** Writes `count` malformed files made from `sources` (paths of DICOM files with native pixel data). */
export function makeMalformedFiles(sources: string[], count: number, seed = 20261126): MalformedFile[] {
  const rand = mulberry32(seed);
  const dir = join(fixtureDir(), 'malformed');
  mkdirSync(dir, { recursive: true });
  const out: MalformedFile[] = [];
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length];
    const breakage = KINDS[i % KINDS.length];
    const bytes = breakFile(new Uint8Array(readFileSync(source)), breakage, rand);
    const name = `bad-${String(i).padStart(3, '0')}-${breakage}-${basename(source)}`;
    const path = join(dir, name);
    writeFileSync(path, bytes);
    out.push({ path, name, source, breakage });
  }
  return out;
}
