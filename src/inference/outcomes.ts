// What a score request answers (ScoreOutcome) and how worker results, IndexedDB records, header refusals and
// failures become one. Pure.
import type { Finding } from '../model/cxrModel';
import type { ModelRef } from './resultKey';
import { TimeoutError, WorkerCrashError } from './client';
import type { ScoreResult } from './protocol';
import type { StoredResult } from './resultCache';
import type { ScoreEntry, ScoredResult, ScoreTiming } from './scoreStore';

/** computed: a worker ran the model in this session; cache: IndexedDB; instant: refused by the header alone. */
export type OutcomeSource = 'computed' | 'cache' | 'instant' | 'failed';

export interface ScoreOutcome {
  imageId: string;
  fileName: string;
  status: 'done' | 'not-scored' | 'error';
  reason: string;
  result: ScoredResult | null;
  source: OutcomeSource;
  resultKey: string | null;
  elapsedMs: number;
}

/** A settled result kept per result key (any image with the same key shares it). */
export interface KnownResult {
  status: 'done' | 'not-scored';
  reason: string;
  result: ScoredResult;
  source: 'computed' | 'cache';
}

export const NO_TIMING: ScoreTiming = { decodeMs: 0, preprocessMs: 0, networkMs: 0, camMs: 0, totalMs: 0 };

export function fromWorker(r: ScoreResult, model: ModelRef): KnownResult {
  return {
    status: r.scored ? 'done' : 'not-scored',
    reason: r.scored ? '' : r.gate.reason,
    source: 'computed',
    result: {
      fileName: r.fileName,
      findings: r.findings,
      abnormal: r.abnormal ?? null,
      forced: r.forced,
      gate: r.gate,
      ood: r.ood,
      backend: r.backend,
      modelId: model.id,
      modelVersion: model.version,
      timing: r.timing,
    },
  };
}

/**
 * A stored finding as this version reads it: records written before findings had `validated` had an operating
 * point for every finding (a model without notValidated), so a finding with a number there is validated.
 */
function storedFinding(f: Finding): Finding {
  if (typeof f.validated === 'boolean') return f;
  const validated = typeof f.operatingPoint === 'number';
  return { ...f, validated, operatingPoint: validated ? f.operatingPoint : null };
}

export function fromStored(s: StoredResult): KnownResult {
  const gate = s.gate;
  return {
    status: s.scored ? 'done' : 'not-scored',
    reason: s.reason,
    source: 'cache',
    result: {
      fileName: '',
      findings: s.findings.map(storedFinding),
      abnormal: s.abnormal ?? null,
      forced: false,
      gate,
      ood: s.ood,
      backend: s.backend,
      modelId: s.modelId,
      modelVersion: s.modelVersion,
      timing: NO_TIMING,
    },
  };
}

export function toStored(k: KnownResult): StoredResult {
  const r = k.result;
  return {
    modelId: r.modelId,
    modelVersion: r.modelVersion,
    scored: k.status === 'done',
    reason: k.reason,
    findings: r.findings,
    abnormal: r.abnormal,
    backend: r.backend,
    gate: r.gate,
    ood: r.ood,
  };
}

export function knownOutcome(imageId: string, fileName: string, key: string, k: KnownResult, startedAt: number): ScoreOutcome {
  return {
    imageId,
    fileName,
    status: k.status,
    reason: k.reason,
    result: { ...k.result, fileName },
    source: k.source,
    resultKey: key,
    elapsedMs: performance.now() - startedAt,
  };
}

export function refusedOutcome(imageId: string, fileName: string, reason: string, model: ModelRef, startedAt: number): ScoreOutcome {
  const result: ScoredResult = {
    fileName,
    findings: [],
    abnormal: null,
    forced: false,
    gate: { pass: false, stage: 'header', reason },
    ood: null,
    backend: '',
    modelId: model.id,
    modelVersion: model.version,
    timing: NO_TIMING,
  };
  return { imageId, fileName, status: 'not-scored', reason, result, source: 'instant', resultKey: null, elapsedMs: performance.now() - startedAt };
}

export function failedOutcome(imageId: string, fileName: string, reason: string, startedAt: number): ScoreOutcome {
  return { imageId, fileName, status: 'error', reason, result: null, source: 'failed', resultKey: null, elapsedMs: performance.now() - startedAt };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Why scoring failed, in the worklist's words (a crashed or hung worker was restarted, the queue goes on). */
export function failureReason(err: unknown, fileName: string): string {
  if (err instanceof WorkerCrashError) return `${err.message}; the worker was restarted and the queue goes on`;
  if (err instanceof TimeoutError) return `scoring hung: ${err.message}`;
  return `could not score ${fileName}: ${message(err)}`;
}

export function entryOf(o: ScoreOutcome): ScoreEntry {
  return {
    imageId: o.imageId,
    fileName: o.fileName,
    status: o.status,
    reason: o.reason,
    result: o.result,
    fromCache: o.source === 'cache',
    elapsedMs: o.elapsedMs,
    timing: o.result?.timing ?? null,
  };
}
