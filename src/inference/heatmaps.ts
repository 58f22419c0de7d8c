// Heatmaps of the image on screen. A finding's map comes from the worker that still holds the image's features
// (a CAM request: no model run); when none does (the pool scored it without a map and moved on, or the result
// came from IndexedDB) a dedicated heatmap request runs the model once more on the on-screen pool, counted apart
// from score requests.
import { imageRegistry } from '../images';
import { defaultHeatmapFinding, type Heatmap } from '../model/cxrModel';
import { CancelledError } from './client';
import { featureHolders, lanes, ON_SCREEN_TIMEOUT_MS, rememberHolder, workerKeys } from './lanes';
import { countRequest } from './requestLog';
import { useScoreStore } from './scoreStore';

const st = () => useScoreStore.getState();

/**
 * A map that came with a score run (the default finding's: one above its operating point): shown when one of the
 * run's images is on screen, unless the reader has asked for another finding or hidden the map meanwhile.
 */
export function showComputedHeatmap(imageIds: Iterable<string>, map: Heatmap | null): void {
  const s = st();
  const on = s.onScreen;
  if (!map || !on || s.heatmapDismissed || (s.selectedFinding !== null && s.selectedFinding !== map.label)) return;
  for (const id of imageIds) if (id === on) s.set({ heatmap: { imageId: id, map }, selectedFinding: map.label });
}

/** Maps being computed, by image id and label (the panel and Send to PACS may ask for the same one). */
const pending = new Map<string, Promise<Heatmap | null>>();

function computeMap(imageId: string, label: string): Promise<Heatmap | null> {
  const k = `${imageId}\n${label}`;
  let p = pending.get(k);
  if (!p) {
    p = runMap(imageId, label).finally(() => pending.delete(k));
    pending.set(k, p);
  }
  return p;
}

async function runMap(imageId: string, label: string): Promise<Heatmap | null> {
  const key = workerKeys.get(imageId) ?? imageRegistry.get(imageId)?.resultKey ?? `heatmap:${imageId}`;
  const holder = featureHolders.get(key);
  if (holder) {
    try {
      return await holder.cam(key, label);
    } catch {
      // Restarted or evicted since: run the model again below.
      featureHolders.delete(key);
    }
  }
  const pool = lanes.onScreen;
  if (!pool) return null;
  const { promise } = pool.submit({
    priority: 'on-screen',
    run: async (client) => {
      const e = imageRegistry.get(imageId);
      if (!e) throw new Error('the original file of this image is not available');
      countRequest(imageId, 'heatmap');
      const bytes = await e.source.arrayBuffer();
      const r = await client.score(
        { key, fileName: e.fileName, frame: e.frame, bytes, force: true, camLabel: label, heatmap: true, supersede: false },
        ON_SCREEN_TIMEOUT_MS,
      );
      rememberHolder(key, client);
      workerKeys.set(imageId, key);
      return r.heatmap;
    },
  });
  return promise;
}

/**
 * Shows `label`'s heatmap for the image on screen: it becomes the selected finding at once (the panel marks its
 * row), and its map is shown when it arrives if the reader still wants that one (has not chosen another or hidden
 * it meanwhile).
 */
export async function showHeatmap(imageId: string, label: string): Promise<void> {
  const s0 = st();
  if (s0.onScreen !== imageId) return;
  if (s0.selectedFinding !== label || s0.heatmapDismissed) {
    // Another finding's map must not stay on screen under this one's name while this one is computed.
    const keep = s0.heatmap?.imageId === imageId && s0.heatmap.map.label === label;
    s0.set({ selectedFinding: label, heatmapDismissed: false, heatmap: keep ? s0.heatmap : null });
  }
  try {
    const map = await computeMap(imageId, label);
    const s = st();
    if (map && s.onScreen === imageId && s.selectedFinding === label) s.set({ heatmap: { imageId, map } });
  } catch (err) {
    // Superseded (the reader moved on) or failed: the panel keeps its findings, the overlay stays empty.
    if (!(err instanceof CancelledError) && st().onScreen === imageId) st().set({ heatmap: null });
  }
}

/** Hides the map of the image on screen: nothing is selected, and no default map comes back until asked for. */
export function hideHeatmap(): void {
  st().set({ heatmap: null, selectedFinding: null, heatmapDismissed: true });
}

/**
 * The heatmap shown for `imageId` (on screen and scored), computing the selected or default finding's map if needed
 * (Send to PACS). None when nothing is above its operating point and the reader asked for none, or hid it.
 */
export async function ensureHeatmap(imageId: string): Promise<Heatmap | null> {
  const s = st();
  if (s.heatmap?.imageId === imageId) return s.heatmap.map;
  const entry = s.images[imageId];
  if (s.onScreen !== imageId || entry?.status !== 'done' || !entry.result) return null;
  const label = s.selectedFinding ?? (s.heatmapDismissed ? null : defaultHeatmapFinding(entry.result.findings));
  if (!label) return null;
  await showHeatmap(imageId, label);
  const now = st().heatmap;
  return now?.imageId === imageId ? now.map : null;
}
