// public/models/index.json: the list of shipped models and the default the app loads.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ModelIndex } from '../../src/model/manifest';

export function updateModelIndex(indexPath: string, entry: ModelIndex['models'][number], makeDefault: boolean): ModelIndex {
  let index: ModelIndex = { default: entry.id, models: [] };
  if (existsSync(indexPath)) {
    const parsed = JSON.parse(readFileSync(indexPath, 'utf8')) as Partial<ModelIndex>;
    index = { default: parsed.default ?? entry.id, models: Array.isArray(parsed.models) ? parsed.models : [] };
  }
  index.models = [...index.models.filter((m) => m.id !== entry.id), entry].sort((a, b) => a.id.localeCompare(b.id));
  if (makeDefault || !index.models.some((m) => m.id === index.default)) index.default = entry.id;
  mkdirSync(dirname(indexPath), { recursive: true });
  writeFileSync(indexPath, JSON.stringify(index, null, 2) + '\n');
  return index;
}
