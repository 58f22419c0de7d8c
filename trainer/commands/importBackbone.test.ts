// The import-backbone command as a user runs it: `tsx trainer/cli.ts import-backbone ...`.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath, missingDataReason, REPO_ROOT } from '../../test-support/sharedData';

const run = promisify(execFile);
const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const cli = (...args: string[]) => run(tsx, ['trainer/cli.ts', ...args], { cwd: REPO_ROOT, timeout: 60_000 });

describe('npm run trainer -- import-backbone', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'statread-cli-'));
  });
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('--help documents the options', async () => {
    const { stdout } = await cli('import-backbone', '--help');
    for (const opt of ['--tflite', '--model', '--out', '--labels', '--backend']) expect(stdout).toContain(opt);
  });

  it('fails with usage when --out or the source is missing', async () => {
    await expect(cli('import-backbone', '--out', tmp)).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/exactly one of --tflite or --model/) });
  });

  const skip = missingDataReason('imagenet-tflite');
  it.skipIf(!!skip)('imports a TFLite MobileNet into model.json + shards + imagenet.json, printing the backend', async () => {
    const out = join(tmp, 'v1');
    const { stdout, stderr } = await cli(
      'import-backbone',
      '--tflite',
      dataPath('imagenet-tflite', 'mobilenet_v1_0.25_128_quant.tflite'),
      '--out',
      out,
      '--backend',
      'wasm',
    );
    expect(stderr).toMatch(/^backend: wasm/m);
    const summary = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(summary).toMatchObject({ inputShape: [128, 128, 3], numClasses: 1001, featureLayer: 'Conv2d_13_pointwise_relu6', backend: 'wasm' });
    const files = await readdir(out);
    expect(files).toEqual(expect.arrayContaining(['model.json', 'imagenet.json', 'group1-shard1of1.bin']));
    const info = JSON.parse(await readFile(join(out, 'imagenet.json'), 'utf8'));
    expect(info.labels).toHaveLength(1001);
    expect(info.labels[0]).toBe('background');

    // And the same folder re-imported as a tfjs model (--model PATH).
    const out2 = join(tmp, 'v1-copy');
    const again = await cli('import-backbone', '--model', out, '--out', out2, '--backend', 'cpu');
    expect(JSON.parse(again.stdout.trim().split('\n').pop()!)).toMatchObject({ numClasses: 1001, backend: 'cpu' });
  });
});
