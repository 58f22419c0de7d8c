// Progress of a batch: a clock that stops while the batch is paused, and the time left from the recent rate of
// completions (which already reflects how many workers run in parallel). Pure (the clock's source is injected).

export class ActiveClock {
  private started: number | null = null;
  private accumulated = 0;
  constructor(private readonly now: () => number = () => performance.now()) {}

  get running(): boolean {
    return this.started !== null;
  }

  start(): void {
    if (this.started === null) this.started = this.now();
  }

  stop(): void {
    if (this.started === null) return;
    this.accumulated += this.now() - this.started;
    this.started = null;
  }

  /** Active milliseconds so far (paused time not counted). */
  elapsed(): number {
    return this.accumulated + (this.started === null ? 0 : this.now() - this.started);
  }

  reset(): void {
    this.started = null;
    this.accumulated = 0;
  }
}

/**
 * Milliseconds left for `remaining` items, from the active-clock times of the most recent completions (computed
 * ones only: results read back from storage say nothing about speed). null until two completions are known.
 */
export function estimateRemainingMs(completions: readonly number[], remaining: number, window = 20): number | null {
  if (remaining <= 0) return 0;
  if (completions.length < 2) return null;
  const recent = completions.slice(-window);
  const perItem = (recent[recent.length - 1] - recent[0]) / (recent.length - 1);
  if (!Number.isFinite(perItem) || perItem < 0) return null;
  return remaining * perItem;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return 'estimating…';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
