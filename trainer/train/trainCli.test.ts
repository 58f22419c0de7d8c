// The train command's contract: --help documents every option it parses (with its default), defaults are the
// documented ones, and the recorded reproducing command is the command line minus --resume.
import { describe, expect, it } from 'vitest';
import { HELP, parseTrainArgs, TRAIN_OPTIONS } from '../commands/train';

describe('train CLI', () => {
  it('documents every option in --help', () => {
    for (const name of Object.keys(TRAIN_OPTIONS)) expect(HELP).toContain(`--${name}`);
  });

  it('has the documented defaults and records the command without --resume', () => {
    const c = parseTrainArgs(['--data', 'D', '--backbone', 'B', '--resume', '--hflip']);
    expect(c).toMatchObject({
      grey: 'fold',
      inputSize: 128,
      canonicalSize: 64,
      fit: 'stretch',
      seed: 42,
      epochs: 60,
      lr: 1e-4,
      l2: 1e-3,
      patience: 10,
      loss: 'wbce',
      augCopies: 4,
      unfreeze: 0,
      quantize: 'float16',
      critical: ['Pneumothorax', 'Pneumonia', 'Consolidation', 'Edema', 'Effusion'],
      abnormalOutput: true,
      abnormalSensitivity: 0.9,
      boxes: null,
      radiologistLabels: null,
      resume: true,
      cv: 0,
    });
    expect(c.augment.hflip).toBe(true);
    expect(parseTrainArgs(['--data', 'D', '--backbone', 'B']).augment.hflip).toBe(false);
    expect(c.command).toBe('npm run trainer -- train --data D --backbone B --hflip');
    expect(parseTrainArgs(['--data', 'D', '--backbone', 'B', '--unfreeze', 'all']).unfreeze).toBe(Infinity);
  });

  it('rejects bad values with a message', () => {
    expect(() => parseTrainArgs(['--backbone', 'B'])).toThrow(/--data/);
    expect(() => parseTrainArgs(['--data', 'D', '--backbone', 'B', '--grey', 'sepia'])).toThrow(/--grey/);
    expect(() => parseTrainArgs(['--data', 'D', '--backbone', 'B', '--grey', 'distill'])).toThrow(/--natural/);
    expect(() => parseTrainArgs(['--data', 'D', '--backbone', 'B', '--epochs', 'ten'])).toThrow(/--epochs/);
    expect(() => parseTrainArgs(['--data', 'D', '--backbone', 'B', '--bogus'])).toThrow();
  });
});
