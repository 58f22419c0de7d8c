// Repeatability of the whole `train` pipeline on real data: the same --seed gives byte-identical exported
// weights, and a run stopped mid-training (as Ctrl-C does) and continued with --resume ends with the same weights
// as an uninterrupted run.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { parseTrainArgs } from '../commands/train';
import type { Interrupt } from './interrupt';
import { runTraining, type TrainOutcome } from './pipeline';
import { tinyBackboneDir } from './testBackbone';

const reason = missingDataReason('nih-cxr14-64') ?? missingDataReason('imagenet-tflite');
if (reason) console.warn(`skipping train repeat/resume: ${reason}`);

function weightsHash(dir: string): string {
  const h = createHash('sha256');
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.bin'))
    .sort())
    h.update(readFileSync(join(dir, f)));
  return h.digest('hex');
}

describe.skipIf(!!reason)('train is repeatable and resumable', () => {
  let root: string;
  let backbone: string;
  const args = (name: string, seed = '7', extra: string[] = []): string[] => [
    '--data',
    dataPath('nih-cxr14-64'),
    '--backbone',
    backbone,
    '--out',
    join(root, name, 'model'),
    '--work',
    join(root, name, 'work'),
    '--index',
    join(root, name, 'index.json'),
    '--backend',
    'wasm',
    '--limit',
    '48',
    '--input-size',
    '64',
    '--epochs',
    '6',
    '--batch-size',
    '16',
    '--lr',
    '0.01',
    '--patience',
    '100',
    '--aug-copies',
    '1',
    '--ood-components',
    '4',
    '--seed',
    seed,
    '--no-progress',
    ...extra,
  ];
  let a: TrainOutcome;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'statread-train-repeat-'));
    backbone = await tinyBackboneDir();
    a = await runTraining(parseTrainArgs(args('a')), null);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('gives byte-identical weights with the same seed (features recomputed) and different ones with another', async () => {
    const b = await runTraining(parseTrainArgs(args('b')), null);
    expect(weightsHash(b.outDir!)).toBe(weightsHash(a.outDir!));
    expect(b.manifest!.operatingPoints).toEqual(a.manifest!.operatingPoints);
    const c = await runTraining(parseTrainArgs(args('c', '8')), null);
    expect(weightsHash(c.outDir!)).not.toBe(weightsHash(a.outDir!));
  });

  it('continues an interrupted run with --resume to the same weights', async () => {
    // Stops like Ctrl-C would, in the middle of head epoch 3 (the flag rises once the log shows its 2nd step).
    const logPath = join(root, 'r', 'work', 'train-log.jsonl');
    const interrupt = {
      get requested() {
        return existsSync(logPath) && readFileSync(logPath, 'utf8').includes('"kind":"step","stage":"head","epoch":3,"step":2,');
      },
    } as unknown as Interrupt;
    const stopped = await runTraining(parseTrainArgs(args('r')), interrupt);
    expect(stopped.interrupted).toBe(true);
    expect(stopped.outDir).toBeNull();
    const log = readFileSync(join(root, 'r', 'work', 'train-log.jsonl'), 'utf8');
    expect(log).toContain('"kind":"interrupted","stage":"head","epoch":3,"step":2');
    const resumed = await runTraining(parseTrainArgs(args('r', '7', ['--resume'])), null);
    expect(resumed.interrupted).toBe(false);
    expect(resumed.head!.epochsRun).toBe(6);
    expect(readFileSync(join(root, 'r', 'work', 'train-log.jsonl'), 'utf8')).toContain('"kind":"resume"');
    expect(weightsHash(resumed.outDir!)).toBe(weightsHash(a.outDir!));
  });
});
