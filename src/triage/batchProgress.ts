// The worklist's batch: the images added since the list was last finished, counted as they finish (computed,
// refused at once by the header, read back from IndexedDB, failed), with a clock that stops while paused, the
// time left from the rate of recent completions (progress.ts), and the main thread's long tasks meanwhile.
import { useStore } from '../store';
import { startCountingLongTasks, stopCountingLongTasks, longTasksSupported } from './longTasks';
import { ActiveClock, estimateRemainingMs } from './progress';
import { useTriageStore } from './triageStore';
import type { TriageItem } from './types';

const tri = () => useTriageStore.getState();
const clock = new ActiveClock();
/** Active-clock times of the computed completions of this batch. */
const completions: number[] = [];

export type FinishKind = 'computed' | 'instant' | 'cache' | 'failed';

/** Adds `n` images to the batch (starting one when none runs). */
export function addToBatch(n: number): void {
  if (!tri().progress.running) {
    completions.length = 0;
    clock.reset();
    if (!tri().paused) clock.start();
    tri().setProgress({ total: 0, finished: 0, fromCache: 0, failed: 0, etaMs: null, running: true, activeMs: 0 });
    startCountingLongTasks((st) => tri().setLongTasks({ ...st, supported: longTasksSupported() }));
  }
  tri().setProgress({ total: tri().progress.total + n });
}

export function updateProgress(): void {
  const t = tri();
  if (!t.progress.running) return;
  const pending = Object.values(t.items).filter((i) => i.status === 'queued' || i.status === 'scoring').length;
  const finished = Math.max(0, t.progress.total - pending);
  if (pending === 0 && useStore.getState().intakeBusy) {
    // Files of the same drop are still being read: the batch goes on (results found in IndexedDB can finish
    // every row listed so far before the next file is listed, which would split one drop into several batches).
    t.setProgress({ finished, etaMs: null, activeMs: clock.elapsed() });
    return;
  }
  if (pending === 0) {
    clock.stop();
    stopCountingLongTasks();
    t.setProgress({ finished, etaMs: 0, running: false, activeMs: clock.elapsed() });
    return;
  }
  t.setProgress({ finished, etaMs: estimateRemainingMs(completions, pending), activeMs: clock.elapsed() });
}

/** Settles an item and counts it for the batch. */
export function finishItem(imageId: string, patch: Partial<TriageItem>, how: FinishKind): void {
  if (!tri().items[imageId]) return;
  tri().updateItems([{ imageId, patch }]);
  const p = tri().progress;
  if (how === 'cache') tri().setProgress({ fromCache: p.fromCache + 1 });
  if (how === 'failed') tri().setProgress({ failed: p.failed + 1 });
  if (how === 'computed') completions.push(clock.elapsed());
  updateProgress();
}

/** The clock does not count paused time. */
export function pauseClock(paused: boolean): void {
  if (paused) clock.stop();
  else if (tri().progress.running) clock.start();
  updateProgress();
}
