// Moving through the worklist: next/previous row, opening a row's study in the viewer, the next unread
// flagged study. Used by the worklist's own keys (when it has focus) and by the global J/K/N shortcuts.
import { useStore } from '../store';
import { useTriageStore } from './triageStore';

const tri = () => useTriageStore.getState();

/** Moves the selection by `delta` rows in display order (from nothing: the first row). Returns the new key. */
export function moveSelection(delta: number): string | null {
  const t = tri();
  const order = t.displayOrder;
  if (order.length === 0) return null;
  const at = t.selectedKey ? order.indexOf(t.selectedKey) : -1;
  const next = at < 0 ? 0 : Math.min(order.length - 1, Math.max(0, at + delta));
  const key = order[next];
  if (key !== t.selectedKey) t.select(key);
  return key;
}

/** Shows the row's study in the viewer (its first image) and marks it read. */
export function openRow(key: string): boolean {
  const t = tri();
  const row = t.rows[key];
  if (!row) return false;
  if (t.selectedKey !== key) t.select(key);
  t.markRead(key);
  const s = useStore.getState();
  const first = row.imageIds[0];
  const series = Object.values(s.series).find((r) => r.imageIds.includes(first));
  if (!series) return false;
  if (s.activeSeriesKey !== series.key || s.activeImageIndex !== series.imageIds.indexOf(first)) s.selectSeries(series.key, series.imageIds.indexOf(first));
  return true;
}

export function openSelected(): boolean {
  const k = tri().selectedKey;
  return k ? openRow(k) : false;
}

/** The next unread flagged study after the selection (in display order, wrapping), or null. */
export function nextUnreadFlagged(): string | null {
  const t = tri();
  const order = t.displayOrder;
  const start = t.selectedKey ? order.indexOf(t.selectedKey) : -1;
  for (let i = 1; i <= order.length; i++) {
    const k = order[(start + i + order.length) % order.length];
    if (t.summaries[k]?.flagged && !t.read[k]) return k;
  }
  return null;
}

export function openNextUnreadFlagged(): boolean {
  const k = nextUnreadFlagged();
  return k ? openRow(k) : false;
}

/** Global J/K: open the next/previous study of the worklist. */
export function openAdjacent(delta: number): boolean {
  const k = moveSelection(delta);
  return k ? openRow(k) : false;
}
