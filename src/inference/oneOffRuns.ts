// Runs that are never shared or kept as an image's result: "Score anyway" (past the gate, on the on-screen lane,
// with its heatmap) and, in test builds, a background run whose worker is told to crash or hang.
import { CancelledError } from './client';
import { showComputedHeatmap } from './heatmaps';
import { lanes, modelRef, ON_SCREEN_TIMEOUT_MS, sessionOrReason, workerKeys } from './lanes';
import { failedOutcome, failureReason, fromWorker, knownOutcome, type ScoreOutcome } from './outcomes';
import type { WorkerFault } from './protocol';
import { countRequest } from './requestLog';
import { runScore } from './runScore';

/** "Score anyway": a new run past the gate; its features are kept under a key of its own for other findings' maps. */
export async function scoreForced(imageId: string, fileName: string, t0: number): Promise<ScoreOutcome> {
  const s = await sessionOrReason();
  if (typeof s === 'string') return failedOutcome(imageId, fileName, s, t0);
  const workerKey = `forced:${imageId}`;
  const { promise } = lanes.onScreen!.submit({
    priority: 'on-screen',
    run: (client) => {
      countRequest(imageId, 'score');
      return runScore(client, imageId, workerKey, { heatmap: true, force: true, timeoutMs: ON_SCREEN_TIMEOUT_MS });
    },
  });
  try {
    const r = await promise;
    workerKeys.set(imageId, workerKey);
    showComputedHeatmap([imageId], r.heatmap);
    return knownOutcome(imageId, fileName, workerKey, fromWorker(r, modelRef(s)), t0);
  } catch (err) {
    if (err instanceof CancelledError) throw err;
    return failedOutcome(imageId, fileName, failureReason(err, fileName), t0);
  }
}

/** Test builds (recovery tests): a background run whose worker crashes or hangs on it; its outcome is not kept. */
export async function scoreWithFault(imageId: string, fileName: string, key: string, fault: WorkerFault, t0: number): Promise<ScoreOutcome> {
  const { promise } = lanes.background!.submit({
    priority: 'background',
    run: (client) => {
      countRequest(imageId, 'score');
      return runScore(client, imageId, key, { heatmap: false, force: false, timeoutMs: lanes.itemTimeoutMs ?? 60_000, fault });
    },
  });
  try {
    return knownOutcome(imageId, fileName, key, fromWorker(await promise, modelRef(lanes.session!)), t0);
  } catch (err) {
    return failedOutcome(imageId, fileName, failureReason(err, fileName), t0);
  }
}
