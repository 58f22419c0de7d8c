// Worklist order: flagged studies first, then those whose "any finding" score is at or above its operating point,
// then by the row's score (the highest "any finding" probability; for results without one, the highest
// critical-finding probability), unscored last, ties in arrival order. As results arrive the order is recomputed, but the row the reader is on (the anchor) keeps its
// place on screen: every other row is sorted around it. Pure.
import type { RowSummary } from './types';

export function compareRows(a: RowSummary, b: RowSummary): number {
  if (a.flagged !== b.flagged) return a.flagged ? -1 : 1;
  if (a.abnormalPositive !== b.abnormalPositive) return a.abnormalPositive ? -1 : 1;
  const sa = a.score ?? -1;
  const sb = b.score ?? -1;
  if (sa !== sb) return sb - sa;
  return a.arrival - b.arrival;
}

export function sortRows(rows: RowSummary[]): string[] {
  return [...rows].sort(compareRows).map((r) => r.key);
}

/**
 * The display order: the sorted order, except that `anchor` (the selected row) stays at the index it had in
 * `previous` (clamped to the list), so it neither moves under the reader nor scrolls away.
 */
export function layoutRows(rows: RowSummary[], previous: readonly string[], anchor: string | null): string[] {
  const sorted = sortRows(rows);
  if (!anchor) return sorted;
  const was = previous.indexOf(anchor);
  const at = sorted.indexOf(anchor);
  if (was < 0 || at < 0) return sorted;
  const rest = sorted.filter((k) => k !== anchor);
  rest.splice(Math.min(was, rest.length), 0, anchor);
  return rest;
}
