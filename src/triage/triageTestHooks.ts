// window.__statreadTriage: views of the worklist for end-to-end tests and the benchmark, plus the recovery
// test's fault injection. Nothing here changes results.
import type { WorkerFault } from '../inference/protocol';
import { useTriageStore, type BatchProgress } from '../store/triageStore';
import { longTaskEntries, type LongTaskStats } from './longTasks';
import { exportText } from './exportDownload';
import { triageInternals } from './triageQueue';

export interface TriageRowSnapshot {
  key: string;
  status: string;
  reason: string;
  score: number | null;
  flagged: boolean;
  read: boolean;
  fileNames: string[];
  topFinding: string | null;
  probabilities: Record<string, number>;
}

export interface TriageTestHooks {
  /** Rows in display order. */
  rows(): TriageRowSnapshot[];
  progress(): BatchProgress & { paused: boolean };
  longTasks(): LongTaskStats & { supported: boolean };
  /** The current batch's long tasks (performance.now() start, duration). */
  longTaskEntries(): { start: number; duration: number }[];
  /** Score requests sent to the pool's workers since the page loaded (results from IndexedDB send none). */
  scoreRequests(): number;
  pool(): { size: number; backend: string; restarts: number } | null;
  /** The next image the pool scores makes its worker crash or hang. */
  injectFault(mode: WorkerFault): void;
  /** Per-image time limit before a worker counts as hung (ms). */
  setItemTimeout(ms: number): void;
  exportText(format: 'csv' | 'json'): Promise<{ name: string; text: string }>;
}

declare global {
  interface Window {
    __statreadTriage?: TriageTestHooks;
  }
}

export function installTriageTestHooks(): void {
  const t = () => useTriageStore.getState();
  window.__statreadTriage = {
    rows() {
      const s = t();
      return s.displayOrder
        .filter((k) => s.rows[k] && s.summaries[k])
        .map((k) => {
          const m = s.summaries[k];
          return {
            key: k,
            status: m.status,
            reason: m.reason,
            score: m.score,
            flagged: m.flagged,
            read: !!s.read[k],
            fileNames: s.rows[k].fileNames,
            topFinding: m.topFinding?.label ?? null,
            probabilities: m.probabilities,
          };
        });
    },
    progress: () => ({ ...t().progress, paused: t().paused }),
    longTasks: () => t().longTasks,
    longTaskEntries: () => longTaskEntries(),
    scoreRequests: () => triageInternals.scoreRequests(),
    pool: () => t().pool,
    injectFault: (mode) => triageInternals.injectFault(mode),
    setItemTimeout: (ms) => triageInternals.setItemTimeout(ms),
    exportText: async (format) => {
      const r = await exportText(format);
      return { name: r.name, text: r.text };
    },
  };
}
