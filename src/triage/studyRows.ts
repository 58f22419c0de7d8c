// A worklist row's status, score, flag and top finding from the states of its images. Pure.
import type { RowSummary, TriageItem, TriageStatus } from './types';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summariseRow(key: string, arrival: number, items: TriageItem[]): RowSummary {
  const count: Record<TriageStatus, number> = { queued: 0, scoring: 0, done: 0, 'not-scored': 0, error: 0 };
  for (const it of items) count[it.status]++;
  let score: number | null = null;
  let flagged = false;
  let top: { label: string; probability: number; positive: boolean } | null = null;
  const probabilities: Record<string, number> = {};
  for (const it of items) {
    if (it.status !== 'done' || !it.result?.scored) continue;
    for (const f of it.result.findings) {
      probabilities[f.label] = Math.max(probabilities[f.label] ?? 0, f.probability);
      if (f.critical) score = Math.max(score ?? 0, f.probability);
      if (f.flagged) flagged = true;
      const better = !top || (f.positive && !top.positive) || (f.positive === top.positive && f.probability > top.probability);
      if (better) top = { label: f.label, probability: f.probability, positive: f.positive };
    }
  }
  const pending = count.queued + count.scoring;
  const finished = count.done + count['not-scored'] + count.error;
  let status: TriageStatus;
  let reason = '';
  const firstReason = (s: TriageStatus) => items.find((i) => i.status === s)?.reason ?? '';
  if (items.length === 0) status = 'queued';
  else if (pending > 0) status = count.scoring > 0 || finished > 0 ? 'scoring' : 'queued';
  else if (count.done > 0) {
    status = 'done';
    if (count.error > 0) reason = `${plural(count.error, 'image')} failed: ${firstReason('error')}`;
    else if (count['not-scored'] > 0) reason = `${plural(count['not-scored'], 'image')} not scored: ${firstReason('not-scored')}`;
  } else if (count.error > 0) {
    status = 'error';
    reason = firstReason('error');
  } else {
    status = 'not-scored';
    reason = firstReason('not-scored');
  }
  if (status === 'scoring' && items.length > 1) reason = `${finished} of ${items.length} images`;
  return {
    key,
    status,
    reason,
    score,
    flagged,
    topFinding: top ? { label: top.label, probability: top.probability } : null,
    probabilities,
    scoredImages: count.done,
    arrival,
  };
}
