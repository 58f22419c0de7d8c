// The seed corpus: every file under ../shared/data/dicom-conformance that dicom-parser can walk (Part 10 or a raw
// data set), read once. Files are never copied into the repository; fuzz cases are derived from them in memory.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dataPath } from '../test-support/sharedData';
import { walkStructure } from './structure';
import type { FileStructure } from './structure';

export interface SeedFile {
  /** Path relative to the dicom-conformance folder (used as the file name given to the decoders). */
  name: string;
  bytes: Uint8Array;
  structure: FileStructure;
}

export const CORPUS_SUBDIR = 'dicom-conformance';
const SKIP = /\.(md|txt|json|sh|dump|icc|gz|dat)$|(^|\/)(LICENSE|README|metadata)$/i;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

export function loadCorpus(dir = dataPath(CORPUS_SUBDIR), maxBytes = 4 * 1024 * 1024): SeedFile[] {
  const seeds: SeedFile[] = [];
  for (const path of listFiles(dir)) {
    const name = relative(dir, path);
    if (SKIP.test(name) || statSync(path).size > maxBytes) continue;
    const bytes = new Uint8Array(readFileSync(path));
    const structure = walkStructure(bytes);
    if (structure && structure.elements.length > 0) seeds.push({ name, bytes, structure });
  }
  return seeds;
}
