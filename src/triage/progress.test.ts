// Batch progress: the pausable clock and the time left.
import { describe, expect, it } from 'vitest';
import { ActiveClock, estimateRemainingMs, formatDuration } from './progress';

describe('ActiveClock', () => {
  it('does not count paused time', () => {
    let t = 1000;
    const c = new ActiveClock(() => t);
    c.start();
    t += 500;
    c.stop();
    t += 10_000; // paused
    c.start();
    t += 250;
    expect(c.elapsed()).toBe(750);
    c.reset();
    expect(c.elapsed()).toBe(0);
  });
});

describe('estimateRemainingMs', () => {
  it('is unknown until two completions, then remaining x the recent time per item', () => {
    expect(estimateRemainingMs([], 10)).toBeNull();
    expect(estimateRemainingMs([400], 10)).toBeNull();
    // Completions every 200 ms (e.g. two workers at 400 ms each): 10 left -> 2 s.
    expect(estimateRemainingMs([400, 600, 800, 1000], 10)).toBe(2000);
    expect(estimateRemainingMs([400, 600], 0)).toBe(0);
  });

  it('follows the recent rate (a window of the last completions)', () => {
    const slowThenFast = [0, 1000, 2000, 3000, 3100, 3200, 3300];
    expect(estimateRemainingMs(slowThenFast, 5, 4)).toBeCloseTo(500, 6);
  });

  it('formats the time left', () => {
    expect(formatDuration(null)).toBe('estimating…');
    expect(formatDuration(4_400)).toBe('4 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });
});
