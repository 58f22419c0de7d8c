// Worklist order and the pinned selected row.
import { describe, expect, it } from 'vitest';
import { compareRows, layoutRows, sortRows } from './sortOrder';
import type { RowSummary } from './types';

function row(key: string, arrival: number, score: number | null, flagged = false, abnormalPositive = false): RowSummary {
  return {
    key,
    arrival,
    score,
    abnormal: score,
    abnormalPositive,
    criticalScore: null,
    flagged,
    status: score === null ? 'queued' : 'done',
    reason: '',
    topFinding: null,
    probabilities: {},
    scoredImages: score === null ? 0 : 1,
  };
}

describe('worklist sort order', () => {
  it('puts flagged studies first, then the highest critical probability, unscored last, ties by arrival', () => {
    const rows = [row('a', 0, 0.2), row('b', 1, null), row('c', 2, 0.9), row('d', 3, 0.15, true), row('e', 4, 0.3, true), row('f', 5, null), row('g', 6, 0.2)];
    expect(sortRows(rows)).toEqual(['e', 'd', 'c', 'a', 'g', 'b', 'f']);
    expect(compareRows(row('x', 0, 0.5), row('y', 1, 0.5))).toBeLessThan(0);
  });

  it('then puts studies whose "any finding" score is above its operating point before the rest', () => {
    // c has the highest score but is below the operating point of its (older) model's result; b and d are above.
    const rows = [row('a', 0, 0.3), row('b', 1, 0.5, false, true), row('c', 2, 0.9), row('d', 3, 0.7, false, true), row('e', 4, 0.1, true)];
    expect(sortRows(rows)).toEqual(['e', 'd', 'b', 'c', 'a']);
  });

  it('without a selection the display order is the sorted order', () => {
    const rows = [row('a', 0, 0.1), row('b', 1, 0.5)];
    expect(layoutRows(rows, ['a', 'b'], null)).toEqual(['b', 'a']);
  });

  it('keeps the selected row at its index while results re-sort every other row around it', () => {
    // On screen: a b c d e, the reader is on c (index 2).
    let shown = ['a', 'b', 'c', 'd', 'e'];
    let rows = [row('a', 0, null), row('b', 1, null), row('c', 2, null), row('d', 3, null), row('e', 4, null)];
    // Results arrive one by one, in an order that would move c up and down.
    const results: [string, number, boolean][] = [
      ['e', 0.9, true],
      ['c', 0.05, false],
      ['d', 0.6, false],
      ['a', 0.7, true],
      ['b', 0.01, false],
    ];
    for (const [k, score, flagged] of results) {
      rows = rows.map((r) => (r.key === k ? row(k, r.arrival, score, flagged) : r));
      shown = layoutRows(rows, shown, 'c');
      expect(shown.indexOf('c')).toBe(2);
      // Every other row is in sorted order.
      const others = shown.filter((x) => x !== 'c');
      expect(others).toEqual(sortRows(rows).filter((x) => x !== 'c'));
    }
    expect(shown).toEqual(['e', 'a', 'c', 'd', 'b']);
    // Once the reader moves on (selects another row), the new row is pinned where it is...
    const next = layoutRows(rows, shown, 'd');
    expect(next.indexOf('d')).toBe(shown.indexOf('d'));
    // ...and with no selection, c (0.05) drops below d (0.6): the plain sorted order.
    expect(layoutRows(rows, shown, null)).toEqual(['e', 'a', 'd', 'c', 'b']);
  });

  it('clamps the pinned index when rows disappear and ignores a selection that is not shown', () => {
    const rows = [row('a', 0, 0.1), row('b', 1, 0.2)];
    expect(layoutRows(rows, ['x', 'y', 'z', 'a', 'b'], 'b')).toEqual(['a', 'b']);
    expect(layoutRows(rows, ['a'], 'b')).toEqual(['b', 'a']);
  });
});
