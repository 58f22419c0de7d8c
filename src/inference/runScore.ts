// One score request to a worker for an image of the registry: its original bytes (read now, transferred), under
// the worker key its features are kept by for later heatmaps.
import { imageRegistry } from '../images';
import type { InferenceClient } from './client';
import { rememberHolder } from './lanes';
import type { ScoreResult, WorkerFault } from './protocol';

export interface RunOptions {
  heatmap: boolean;
  force: boolean;
  timeoutMs: number;
  camLabel?: string;
  /** Test builds only: the worker crashes or hangs on this request. */
  fault?: WorkerFault;
}

export async function runScore(client: InferenceClient, imageId: string, workerKey: string, opts: RunOptions): Promise<ScoreResult> {
  const e = imageRegistry.get(imageId);
  if (!e) throw new Error('the original file of this image is not available');
  const bytes = await e.source.arrayBuffer();
  const r = await client.score(
    {
      key: workerKey,
      fileName: e.fileName,
      frame: e.frame,
      bytes,
      force: opts.force,
      heatmap: opts.heatmap,
      camLabel: opts.camLabel,
      supersede: false,
      fault: opts.fault,
    },
    opts.timeoutMs,
  );
  rememberHolder(workerKey, client);
  return r;
}
