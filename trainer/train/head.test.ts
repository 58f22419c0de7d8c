// Head training on synthetic features: learns a separable signal, repeats exactly with the same seed, and a run
// interrupted and resumed from its checkpoint ends with the same weights as an uninterrupted one.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainHead, type FeatureSet, type HeadOptions } from './head';
import { Interrupt } from './interrupt';
import { JsonlLog } from './jsonlLog';
import { Rng } from './rng';

function synthetic(n: number, seed: number): FeatureSet {
  const c = 16;
  const k = 3;
  const rng = new Rng(seed);
  const x = new Float32Array(n * c);
  const y = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) y[i * k + j] = rng.next() < (j === 2 ? 0.1 : 0.4) ? 1 : 0;
    for (let f = 0; f < c; f++) x[i * c + f] = rng.normal() + (f < k ? 1.5 * y[i * k + f]! : 0);
  }
  return { x, y, n, c, k };
}

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'statread-head-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = (over: Partial<HeadOptions>): HeadOptions => ({
  epochs: 6,
  patience: 100,
  batchSize: 32,
  lr: 0.05,
  l2: 1e-4,
  loss: 'wbce',
  seed: 7,
  checkpointDir: null,
  resume: false,
  log: new JsonlLog(null),
  interrupt: null,
  progress: false,
  ...over,
});

describe('trainHead', () => {
  const train = synthetic(300, 1);
  const val = synthetic(120, 2);

  it('learns: loss falls and validation AUC is high', async () => {
    const logPath = join(dir, 'log.jsonl');
    const r = await trainHead(train, val, base({ log: new JsonlLog(logPath) }));
    expect(r.lastLoss).toBeLessThan(r.firstLoss);
    expect(r.bestScore).toBeGreaterThan(0.8);
    const lines = readFileSync(logPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string });
    expect(lines.filter((l) => l.kind === 'epoch')).toHaveLength(6);
    expect(lines.some((l) => l.kind === 'step')).toBe(true);
  });

  it('repeats exactly with the same seed, differs with another', async () => {
    const a = await trainHead(train, val, base({}));
    const b = await trainHead(train, val, base({}));
    const c = await trainHead(train, val, base({ seed: 8 }));
    expect(Array.from(b.kernel)).toEqual(Array.from(a.kernel));
    expect(Array.from(c.kernel)).not.toEqual(Array.from(a.kernel));
  });

  it('resumes from a mid-epoch interrupt to the same weights as an uninterrupted run', async () => {
    const full = await trainHead(train, val, base({}));
    const ck = join(dir, 'ck');
    const interrupt = new Interrupt();
    // Ctrl-C in the middle of epoch 3 (after its 4th step of 10).
    const log = new JsonlLog(null);
    const orig = log.write.bind(log);
    log.write = (rec) => {
      if (rec.kind === 'step' && rec.epoch === 3 && rec.step === 4) interrupt.requested = true;
      orig(rec);
    };
    const part = await trainHead(train, val, base({ checkpointDir: ck, interrupt, log }));
    expect(part.interrupted).toBe(true);
    expect(part.epochsRun).toBe(2);
    const resumed = await trainHead(train, val, base({ checkpointDir: ck, resume: true }));
    expect(resumed.interrupted).toBe(false);
    expect(resumed.epochsRun).toBe(6);
    const maxDiff = Math.max(...Array.from(full.kernel, (v, i) => Math.abs(v - resumed.kernel[i]!)));
    expect(maxDiff).toBeLessThan(1e-6);
  });
});
