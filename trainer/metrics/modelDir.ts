// A chest model folder as the trainer exports it (public/models/<id>/): manifest.json next to model.json + weights.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadCxrModel } from '../../src/model/cxrModel';
import type { CxrModel } from '../../src/model/cxrModel';
import type { ModelManifest } from '../../src/model/manifest';
import { validateManifest } from '../../src/model/validateManifest';
import { loadLayersModelFrom } from '../io/fileIo';

export function manifestPath(dirOrFile: string): string {
  return dirOrFile.endsWith('.json') && !dirOrFile.endsWith('model.json') ? dirOrFile : join(dirOrFile, 'manifest.json');
}

export function hasManifest(dirOrFile: string): boolean {
  return existsSync(manifestPath(dirOrFile));
}

export function readManifest(dirOrFile: string): ModelManifest {
  const p = manifestPath(dirOrFile);
  if (!existsSync(p)) throw new Error(`${p}: no manifest.json (is this a chest model folder exported by train?)`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(p, 'utf8'));
  } catch (err) {
    throw new Error(`${p}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  return validateManifest(json);
}

/** Loads manifest + LayersModel (modelUrl relative to the manifest) through the shared cxr-model API. */
export async function loadCxrModelDir(dirOrFile: string): Promise<CxrModel> {
  const p = resolve(manifestPath(dirOrFile));
  const manifest = readManifest(p);
  return loadCxrModel(manifest, () => loadLayersModelFrom(join(dirname(p), manifest.modelUrl)));
}
