// A worklist row's status, score, flag and reason finding from the states of its images. Pure.
import type { Finding } from '../model/cxrModel';
import type { RowSummary, TriageItem, TriageStatus } from './types';

type Pick = { label: string; probability: number };

/** The more probable of the two (the earlier one on a tie: images and findings keep their order). */
function better(best: Pick | null, f: Finding): Pick {
  return !best || f.probability > best.probability ? { label: f.label, probability: f.probability } : best;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summariseRow(key: string, arrival: number, items: TriageItem[]): RowSummary {
  const count: Record<TriageStatus, number> = { queued: 0, scoring: 0, done: 0, 'not-scored': 0, error: 0 };
  for (const it of items) count[it.status]++;
  let critical: number | null = null;
  let abnormal: number | null = null;
  let abnormalPositive = false;
  let flaggedTop: Pick | null = null;
  let aboveTop: Pick | null = null;
  const probabilities: Record<string, number> = {};
  for (const it of items) {
    if (it.status !== 'done' || !it.result?.scored) continue;
    const a = it.result.abnormal;
    if (a) {
      abnormal = Math.max(abnormal ?? 0, a.probability);
      if (a.positive) abnormalPositive = true;
    }
    for (const f of it.result.findings) {
      probabilities[f.label] = Math.max(probabilities[f.label] ?? 0, f.probability);
      if (f.critical) critical = Math.max(critical ?? 0, f.probability);
      // `positive` is only ever true for a validated finding (classifyFindings; stored results are read through
      // outcomes.storedFinding), so a finding without an operating point is never the row's reason.
      if (f.flagged) flaggedTop = better(flaggedTop, f);
      if (f.positive) aboveTop = better(aboveTop, f);
    }
  }
  const flagged = flaggedTop !== null;
  const top = flaggedTop ?? aboveTop;
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
    score: abnormal ?? critical,
    abnormal,
    abnormalPositive,
    criticalScore: critical,
    flagged,
    topFinding: top ? { label: top.label, probability: top.probability, flagged } : null,
    probabilities,
    scoredImages: count.done,
    arrival,
  };
}
