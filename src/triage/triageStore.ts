// Triage worklist state (a zustand store of its own): items per image, rows per study, the display order
// (sortOrder.ts: the selected row keeps its place while results re-sort the rest), read marks, pause, the batch's
// progress and long tasks. Rows come from worklistRows.ts, results from poolClient.ts (the scoring service).
import { create } from 'zustand';
import { summariseRow } from './studyRows';
import { layoutRows } from './sortOrder';
import type { RowSummary, TriageItem, TriageRowInfo } from './types';
import type { LongTaskStats } from './longTasks';

export interface BatchProgress {
  /** Images in the current batch (since the queue was last empty), and how many of them are finished. */
  total: number;
  finished: number;
  /** Of the finished: read back from IndexedDB, and failed. */
  fromCache: number;
  failed: number;
  /** Estimated time left (ms), null while unknown. */
  etaMs: number | null;
  running: boolean;
  /** Active (not paused) ms since the batch began. */
  activeMs: number;
}

export interface TriageStore {
  items: Record<string, TriageItem>;
  rows: Record<string, TriageRowInfo>;
  summaries: Record<string, RowSummary>;
  displayOrder: string[];
  selectedKey: string | null;
  read: Record<string, boolean>;
  paused: boolean;
  includeIdentifiers: boolean;
  progress: BatchProgress;
  longTasks: LongTaskStats & { supported: boolean };
  /** Which tab the left panel shows. */
  panelTab: 'studies' | 'worklist';
  setPanelTab: (t: 'studies' | 'worklist') => void;
  /** Replaces the row set (grouping changed) and adds/removes items; keeps the states of known items. */
  setRowsAndItems: (rows: Record<string, TriageRowInfo>, items: Record<string, TriageItem>) => void;
  updateItems: (patches: { imageId: string; patch: Partial<TriageItem> }[]) => void;
  select: (key: string | null) => void;
  markRead: (key: string, read?: boolean) => void;
  setPaused: (paused: boolean) => void;
  setIncludeIdentifiers: (v: boolean) => void;
  setProgress: (p: Partial<BatchProgress>) => void;
  setLongTasks: (s: LongTaskStats & { supported: boolean }) => void;
}

function summarise(rows: Record<string, TriageRowInfo>, items: Record<string, TriageItem>, keys: Iterable<string>, into: Record<string, RowSummary>): void {
  for (const k of keys) {
    const info = rows[k];
    if (!info) continue;
    into[k] = summariseRow(k, info.arrival, info.imageIds.map((id) => items[id]).filter(Boolean));
  }
}

export const useTriageStore = create<TriageStore>()((set) => ({
  items: {},
  rows: {},
  summaries: {},
  displayOrder: [],
  selectedKey: null,
  read: {},
  paused: false,
  includeIdentifiers: false,
  progress: { total: 0, finished: 0, fromCache: 0, failed: 0, etaMs: null, running: false, activeMs: 0 },
  longTasks: { count: 0, totalMs: 0, maxMs: 0, supported: false },
  panelTab: 'studies',
  setPanelTab: (panelTab) => set({ panelTab }),
  setRowsAndItems: (rows, items) =>
    set((s) => {
      // Only rows whose info or items changed get a new summary object (the table memoises rows on it).
      const summaries: Record<string, RowSummary> = {};
      const changed: string[] = [];
      for (const k of Object.keys(rows)) {
        const prev = s.summaries[k];
        const same = prev && s.rows[k] === rows[k] && rows[k].imageIds.every((id) => s.items[id] === items[id]);
        if (same) summaries[k] = prev;
        else changed.push(k);
      }
      summarise(rows, items, changed, summaries);
      const selectedKey = s.selectedKey && rows[s.selectedKey] ? s.selectedKey : null;
      const displayOrder = layoutRows(Object.values(summaries), s.displayOrder, selectedKey);
      return { rows, items, summaries, selectedKey, displayOrder };
    }),
  updateItems: (patches) =>
    set((s) => {
      const items = { ...s.items };
      const touched = new Set<string>();
      for (const { imageId, patch } of patches) {
        const it = items[imageId];
        if (!it) continue;
        items[imageId] = { ...it, ...patch };
        touched.add(it.rowKey);
      }
      if (touched.size === 0) return {};
      const summaries = { ...s.summaries };
      summarise(s.rows, items, touched, summaries);
      const displayOrder = layoutRows(Object.values(summaries), s.displayOrder, s.selectedKey);
      return { items, summaries, displayOrder };
    }),
  select: (selectedKey) =>
    set((s) => ({
      selectedKey,
      // Leaving a row lets it take its sorted place; the new selection is pinned where it is.
      displayOrder: layoutRows(Object.values(s.summaries), s.displayOrder, selectedKey),
    })),
  markRead: (key, read = true) => set((s) => (s.read[key] === read ? {} : { read: { ...s.read, [key]: read } })),
  setPaused: (paused) => set({ paused }),
  setIncludeIdentifiers: (includeIdentifiers) => set({ includeIdentifiers }),
  setProgress: (p) => set((s) => ({ progress: { ...s.progress, ...p } })),
  setLongTasks: (longTasks) => set({ longTasks }),
}));
