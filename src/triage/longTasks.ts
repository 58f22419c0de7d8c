// Main-thread long tasks (over 50 ms, the browser's 'longtask' entries) counted while a batch runs.
export interface LongTaskStats {
  count: number;
  totalMs: number;
  maxMs: number;
}

type Listener = (s: LongTaskStats) => void;

let observer: PerformanceObserver | null = null;
let stats: LongTaskStats = { count: 0, totalMs: 0, maxMs: 0 };
let counting = false;
let listener: Listener | null = null;
/** The batch's long tasks (start, duration in ms; at most MAX_ENTRIES), for the benchmark's breakdown. */
let entries: { start: number; duration: number }[] = [];
const MAX_ENTRIES = 5000;

export function longTasksSupported(): boolean {
  return typeof PerformanceObserver !== 'undefined' && (PerformanceObserver.supportedEntryTypes ?? []).includes('longtask');
}

/** Starts counting from zero (a new batch). */
export function startCountingLongTasks(onChange: Listener): void {
  stats = { count: 0, totalMs: 0, maxMs: 0 };
  entries = [];
  counting = true;
  listener = onChange;
  if (!observer && longTasksSupported()) {
    observer = new PerformanceObserver((list) => {
      if (!counting) return;
      for (const e of list.getEntries()) {
        stats = { count: stats.count + 1, totalMs: stats.totalMs + e.duration, maxMs: Math.max(stats.maxMs, e.duration) };
        if (entries.length < MAX_ENTRIES) entries.push({ start: e.startTime, duration: e.duration });
      }
      listener?.(stats);
    });
    observer.observe({ type: 'longtask' });
  }
  onChange(stats);
}

export function stopCountingLongTasks(): LongTaskStats {
  counting = false;
  return stats;
}

export function longTaskEntries(): { start: number; duration: number }[] {
  return [...entries];
}
