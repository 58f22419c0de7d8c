// The model session: reads the model's metadata once, settles the backend and loads the model on the first
// worker, and times the backends once when the reader is idle. Rules: ?backend= forces one; else a pick
// remembered for this adapter and model version (localStorage); else wasm at once (provisional) and, once idle,
// each backend timed in its own worker (backendPicker.ts), the fastest remembered.
import { backendMemoryKey } from './backendChoice';
import { pickBackend, type PickOutcome } from './backendPicker';
import type { InferenceClient } from './client';
import { parseBackend, type BackendName, type ProbeResult } from './protocol';
import type { BackendInfo, ModelInfo } from './scoreStore';

export interface ModelSession {
  indexUrl: string;
  probe: ProbeResult;
  /** The first worker, with the model loaded on `backend.name`. */
  client: InferenceClient;
  backend: BackendInfo;
  model: ModelInfo;
  memoryKey: string;
}

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

export function modelIndexUrl(): string {
  return new URL('models/index.json', document.baseURI).href;
}

/** Probes the model and loads it on `client` with the backend the rules give; `status` says what it is doing. */
export async function openModelSession(client: InferenceClient, status: (reason: string, model?: ModelInfo) => void): Promise<ModelSession> {
  const indexUrl = modelIndexUrl();
  const probe = await client.probe(indexUrl);
  const m = probe.manifest;
  const memoryKey = backendMemoryKey(probe.adapter, m.id, m.version);
  const forced = parseBackend(new URLSearchParams(location.search).get('backend'));
  const remembered = readRemembered(memoryKey);
  const info = {
    id: m.id,
    version: m.version,
    architecture: m.architecture,
    modelCardUrl: probe.modelCardUrl,
    fit: m.preprocessing.fit,
    notValidated: m.notValidated ?? {},
    abnormal: m.abnormal ? { operatingPoint: m.abnormal.operatingPoint, targetSensitivity: m.abnormal.targetSensitivity } : null,
  };
  let backend: BackendInfo;
  if (forced || (remembered && probe.available.includes(remembered))) {
    const name = (forced ?? remembered)!;
    const how = forced ? 'forced' : 'remembered';
    const why = forced ? 'forced by ?backend= in the URL' : 'fastest on this device when last measured';
    backend = { name, how, why, adapter: probe.adapter, timings: [] };
  } else {
    // First visit on this device: start at once on wasm (fast everywhere); the others are timed when idle.
    const name: BackendName = probe.available.includes('wasm') ? 'wasm' : 'cpu';
    const why = `provisional: ${name} until the backends on this device have been timed (once, in the background)`;
    backend = { name, how: 'default', why, adapter: probe.adapter, timings: [] };
  }
  status(`loading the model on ${backend.name}`, { ...info, source: probe.metadataSource, loadMs: 0 });
  const init = await client.init({ backend: backend.name, how: backend.how, why: backend.why });
  return { indexUrl, probe, client, backend, model: { ...info, source: init.modelSource, loadMs: init.modelLoadMs }, memoryKey };
}

const IDLE_MS = 3000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The one-time backend timing, started once nothing was scored for IDLE_MS and the page is visible; the pick
 * is remembered. `busy` says whether scoring work is waiting or running. Resolves with the outcome (its client
 * is the winner's ready worker, which the caller keeps or terminates).
 */
export async function timeBackendsWhenIdle(session: ModelSession, busy: () => boolean, createClient: () => InferenceClient): Promise<PickOutcome> {
  let quietSince = performance.now();
  for (;;) {
    if (busy() || document.visibilityState === 'hidden') quietSince = performance.now();
    else if (performance.now() - quietSince >= IDLE_MS) break;
    await sleep(500);
  }
  const timingClient = createClient();
  try {
    await timingClient.probe(session.indexUrl);
  } catch (err) {
    timingClient.terminate();
    throw err;
  }
  const pick = await pickBackend(session.indexUrl, session.probe, timingClient, { createClient });
  writeRemembered(session.memoryKey, pick.backend);
  return pick;
}
