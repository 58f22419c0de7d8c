// Wires the inference worker to the app: loads the model once (backend forced by ?backend=, remembered per
// device, or timed), scores the image on screen whenever a new one is rendered, and answers the panel's
// requests (score anyway, heatmap of another finding). State goes to src/store/aiStore.ts.
import { CancelledError, InferenceClient } from '../../inference/client';
import { backendMemoryKey } from '../../inference/backend-choice';
import { parseBackend } from '../../inference/protocol';
import type { BackendName, InitResult, ProbeResult } from '../../inference/protocol';
import { pickBackend } from '../../inference/backend-picker';
import type { AiBackendInfo } from '../../store/aiStore';
import { getSourceFile } from '../../inference/source-files';
import { useAiStore } from '../../store/aiStore';
import { useStore } from '../../store';

let client: InferenceClient | null = null;
let ready = false;
let started = false;
/** Image id waiting for the model. */
let queued: string | null = null;
let requestedAt = 0;

const ai = () => useAiStore.getState();

function readRemembered(key: string): BackendName | null {
  try {
    return parseBackend(localStorage.getItem(key));
  } catch {
    return null;
  }
}

function writeRemembered(key: string, b: BackendName): void {
  try {
    localStorage.setItem(key, b);
  } catch {
    // storage disabled: the pick is just not remembered
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Starts the worker and loads the model (once per page). */
export function startAi(): void {
  if (started) return;
  started = true;
  void loadModel(new InferenceClient());
  // Score the image the viewer is asked to show as soon as it is chosen: the worker decodes the file in
  // parallel with the viewer's own decode and render (the heatmap is drawn once the image is on screen).
  useStore.subscribe((s, prev) => {
    const id = activeImageId(s);
    if (id && id !== activeImageId(prev) && id !== ai().imageKey) scoreImage(id);
    if (!id && activeImageId(prev)) ai().set({ imageKey: null, result: null, heatmap: null, state: ready ? 'idle' : ai().state, reason: 'no image open' });
  });
}

function activeImageId(s: ReturnType<typeof useStore.getState>): string | null {
  return s.activeSeriesKey ? (s.series[s.activeSeriesKey]?.imageIds[s.activeImageIndex] ?? null) : null;
}

async function loadModel(first: InferenceClient): Promise<void> {
  ai().set({ state: 'loading-model', reason: 'loading the model' });
  try {
    const indexUrl = new URL('models/index.json', document.baseURI).href;
    const probe = await first.probe(indexUrl);
    const m = probe.manifest;
    const memKey = backendMemoryKey(probe.adapter, m.id, m.version);
    const forced = parseBackend(new URLSearchParams(location.search).get('backend'));
    const remembered = readRemembered(memKey);
    const modelInfo = { id: m.id, version: m.version, architecture: m.architecture, modelCardUrl: probe.modelCardUrl, fit: m.preprocessing.fit };
    ai().set({ model: { ...modelInfo, source: probe.metadataSource, loadMs: 0 } });
    let init: InitResult;
    let backendInfo: AiBackendInfo;
    if (forced || (remembered && probe.available.includes(remembered))) {
      const b = (forced ?? remembered)!;
      const how = forced ? 'forced' : 'remembered';
      const why = forced ? 'forced by ?backend= in the URL' : 'fastest on this device when last measured';
      ai().set({ reason: `loading the model on ${b}` });
      init = await first.init({ backend: b, how, why });
      client = first;
      backendInfo = { name: b, how, why, adapter: probe.adapter, timings: [] };
    } else {
      // First visit on this device: start at once on wasm (fast everywhere), and time the other backends in
      // the background when the reader is idle; switch if one is faster.
      const b: BackendName = probe.available.includes('wasm') ? 'wasm' : 'cpu';
      const why = `provisional: ${b} until the backends on this device have been timed (once, in the background)`;
      ai().set({ reason: `loading the model on ${b}` });
      init = await first.init({ backend: b, how: 'default', why });
      client = first;
      backendInfo = { name: b, how: 'default', why, adapter: probe.adapter, timings: [] };
      void timeBackendsWhenIdle(indexUrl, probe, memKey);
    }
    ready = true;
    ai().set({
      model: { ...modelInfo, source: init.modelSource, loadMs: init.modelLoadMs },
      backend: backendInfo,
      state: 'idle',
      reason: 'no image open',
    });
    const current = queued ?? currentImageId();
    queued = null;
    if (current) scoreImage(current);
  } catch (err) {
    ai().set({ state: 'error', reason: `The AI model could not be loaded: ${message(err)}` });
  }
}

const IDLE_MS = 3000;
let inFlight = 0;
let lastActivity = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The one-time backend timing (backend-picker.ts), run when no scoring happened for IDLE_MS. */
async function timeBackendsWhenIdle(indexUrl: string, probe: ProbeResult, memKey: string): Promise<void> {
  lastActivity = performance.now();
  while (inFlight > 0 || performance.now() - lastActivity < IDLE_MS || document.visibilityState === 'hidden') await sleep(500);
  try {
    const timingClient = new InferenceClient();
    await timingClient.probe(indexUrl);
    const pick = await pickBackend(indexUrl, probe, timingClient);
    writeRemembered(memKey, pick.backend);
    const current = ai().backend;
    if (current && pick.backend === current.name) {
      pick.client.terminate();
    } else {
      const old = client;
      client = pick.client;
      old?.terminate();
      // The old worker held the features of the image on screen: score it again on the faster backend.
      const key = ai().result?.key;
      if (key) scoreImage(key, ai().result?.forced ?? false);
    }
    ai().set({ backend: { name: pick.backend, how: 'timed', why: pick.why, adapter: probe.adapter, timings: pick.timings } });
  } catch (err) {
    ai().set({ backend: { ...ai().backend!, why: `${ai().backend?.why ?? ''}; timing failed: ${message(err)}` } });
  }
}

function currentImageId(): string | null {
  return activeImageId(useStore.getState());
}

/** Scores an image (the one on screen); `force` skips the gate ("Score anyway"). */
export function scoreImage(imageId: string, force = false): void {
  if (!client || !ready) {
    queued = imageId;
    ai().set({ imageKey: imageId });
    return;
  }
  const src = getSourceFile(imageId);
  if (!src) {
    ai().set({ imageKey: imageId, state: 'error', reason: 'the original file of this image is not available to score', result: null, heatmap: null });
    return;
  }
  const c = client;
  requestedAt = performance.now();
  const started = requestedAt;
  ai().set({ imageKey: imageId, state: 'scoring', reason: `scoring ${src.fileName}`, result: null, heatmap: null, selectedFinding: null });
  inFlight++;
  lastActivity = performance.now();
  void (async () => {
    try {
      const bytes = await src.file.arrayBuffer();
      if (ai().imageKey !== imageId) return;
      const r = await c.score({ key: imageId, fileName: src.fileName, frame: src.frame, bytes, force });
      if (ai().imageKey !== imageId) return;
      const result = {
        key: r.key,
        fileName: r.fileName,
        findings: r.findings,
        forced: r.forced,
        gate: r.gate,
        ood: r.ood,
        backend: r.backend,
        elapsedMs: performance.now() - started,
        timing: r.timing,
      };
      if (!r.scored) {
        ai().set({ state: 'not-scored', reason: `Not scored: ${r.gate.reason}`, result, heatmap: null, selectedFinding: null });
        return;
      }
      ai().set({
        state: 'done',
        reason: r.forced && !r.gate.pass ? `Scored anyway (gate overridden: ${r.gate.reason})` : `scored ${r.fileName}`,
        result,
        heatmap: r.heatmap,
        selectedFinding: r.heatmap?.label ?? null,
      });
    } catch (err) {
      if (err instanceof CancelledError) return;
      if (ai().imageKey !== imageId) return;
      ai().set({ state: 'error', reason: `Could not score ${src.fileName}: ${message(err)}`, result: null, heatmap: null });
    } finally {
      inFlight--;
      lastActivity = performance.now();
    }
  })();
}

/** "Score anyway" for the image on screen. */
export function scoreAnyway(): void {
  const key = ai().imageKey;
  if (key) scoreImage(key, true);
}

/** Selects a finding and redraws the heatmap for it. */
export function selectFinding(label: string): void {
  const s = ai();
  if (!client || !s.result || s.state !== 'done') return;
  const key = s.result.key;
  s.set({ selectedFinding: label });
  void client.cam(key, label).then(
    (h) => {
      if (ai().result?.key === key && ai().selectedFinding === label) ai().set({ heatmap: h });
    },
    () => undefined,
  );
}
