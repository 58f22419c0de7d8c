// Reference probabilities for the parity tests: the trainer's own CLI, `npm run trainer -- predict --model DIR
// FILE...` (one JSON line per file), run in a child process exactly as a user would run it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test-support/sharedData';
import type { ModelIndex, ModelManifest } from '../../src/model/manifest';

export interface ReferencePrediction {
  file: string;
  model: string;
  probabilities: Record<string, number>;
  flagged: string[];
  gate?: { header: { ok: boolean; reason: string }; ood: { distance: number; threshold: number; outOfDistribution: boolean } };
  error?: string;
}

/** The default model folder named by <root>/index.json. */
export function defaultModelDir(root: string): string {
  const index = JSON.parse(readFileSync(join(root, 'index.json'), 'utf8')) as ModelIndex;
  const entry = index.models.find((m) => m.id === index.default);
  if (!entry) throw new Error(`${root}/index.json: default model not listed`);
  return join(root, entry.path);
}

/** The label of the model's "any finding" output (manifest.abnormal): Node reports it, the panel's table does not. */
export function abnormalOutputLabel(modelDir: string): string | undefined {
  return readModelManifest(modelDir).abnormal?.label;
}

export function readModelManifest(modelDir: string): ModelManifest {
  return JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8')) as ModelManifest;
}

/** Runs the trainer's predict on the files (backend: the trainer's auto choice, printed on stderr). */
export function trainerPredict(modelDir: string, files: string[], backend = 'auto'): Map<string, ReferencePrediction> {
  const out = execFileSync('npx', ['tsx', 'trainer/cli.ts', 'predict', '--model', modelDir, '--backend', backend, ...files], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  const map = new Map<string, ReferencePrediction>();
  for (const line of out.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    const p = JSON.parse(t) as ReferencePrediction;
    map.set(p.file, p);
  }
  for (const f of files) if (!map.has(f)) throw new Error(`trainer predict printed no line for ${f}`);
  return map;
}
