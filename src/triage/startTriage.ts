// Starts the worklist (once per page, from App.tsx): it follows the studies store, where every opened image lands
// whatever brought it (drop, file pick, PACS), turns it into rows and items (worklistRows.ts), scores new items
// through the scoring service (poolClient.ts), counts the batch (batchProgress.ts) and keeps read marks
// (readMarks.ts): opening a study in the viewer, other than the first image a drop shows by itself, marks it read.
import { useStore, type StoreState } from '../store';
import { addToBatch, updateProgress } from './batchProgress';
import { isAutomaticOpen } from '../store/openIntent';
import { dropItems, scoreItems } from './poolClient';
import { startReadMarks, syncReadMarks } from './readMarks';
import { useTriageStore } from './triageStore';
import { syncRows } from './worklistRows';

const tri = () => useTriageStore.getState();
let started = false;

function syncFromStudies(s: StoreState): void {
  const { rows, items, added, removed } = syncRows(s, tri().rows, tri().items);
  if (removed.length) dropItems(removed);
  tri().setRowsAndItems(rows, items);
  void syncReadMarks();
  if (added.length) {
    addToBatch(added.length);
    scoreItems(added);
  }
  updateProgress();
}

function followViewer(s: StoreState, prev: StoreState): void {
  if (s.activeSeriesKey === prev.activeSeriesKey && s.activeImageIndex === prev.activeImageIndex) return;
  if (isAutomaticOpen() || !s.activeSeriesKey) return;
  const id = s.series[s.activeSeriesKey]?.imageIds[s.activeImageIndex];
  const row = id ? tri().items[id]?.rowKey : undefined;
  if (row) tri().markRead(row);
}

export function startTriage(): void {
  if (started) return;
  started = true;
  startReadMarks();
  syncFromStudies(useStore.getState());
  useStore.subscribe((s, prev) => {
    if (s.series !== prev.series || s.images !== prev.images) syncFromStudies(s);
    if (prev.intakeBusy && !s.intakeBusy) updateProgress();
    followViewer(s, prev);
  });
}
