// window.__statreadTriage: views of the worklist for end-to-end tests and the benchmark, plus the recovery test's
// fault injection (test builds only: installed from src/testing/installTestHooks.ts). Nothing here changes results.
import type { WorkerFault } from '../inference/protocol';
import { useScoreStore } from '../inference/scoreStore';
import { scoringService } from '../inference/scoringService';
import { exportText } from './exportDownload';
import { longTaskEntries, type LongTaskStats } from './longTasks';
import { poolClientInternals } from './poolClient';
import { useTriageStore, type BatchProgress } from './triageStore';

export interface TriageRowSnapshot {
  key: string;
  status: string;
  reason: string;
  /** The sort score (data-score): highest "any finding" probability, else highest critical probability. */
  score: number | null;
  abnormal: number | null;
  abnormalPositive: boolean;
  criticalScore: number | null;
  flagged: boolean;
  read: boolean;
  fileNames: string[];
  /** The row's reason finding (the flagged one, else the most probable one above its operating point), or null. */
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
  /**
   * Worker score requests behind the results the worklist has taken in since the page loaded: an image scored for
   * the panel counts once its result reaches the worklist; results from IndexedDB count none.
   */
  scoreRequests(): number;
  /** The workers that score in the background: how many, their backend, how many were restarted. */
  pool(): { size: number; backend: string; restarts: number } | null;
  /** The next image the worklist asks for is scored by a worker that crashes or hangs on it. */
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
            abnormal: m.abnormal,
            abnormalPositive: m.abnormalPositive,
            criticalScore: m.criticalScore,
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
    scoreRequests: () => poolClientInternals.scoreRequests(),
    pool: () => useScoreStore.getState().pool,
    injectFault: (mode) => poolClientInternals.armFault(mode),
    setItemTimeout: (ms) => scoringService.setItemTimeout(ms),
    exportText: async (format) => {
      const r = await exportText(format);
      return { name: r.name, text: r.text };
    },
  };
}
