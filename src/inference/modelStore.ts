// Model files in the worker: index.json -> manifest.json -> LayersModel, cached in the browser so a second
// visit needs no network. JSON (index, manifest) goes to Cache Storage; the model to IndexedDB under
// 'indexeddb://statread-<id>-<version>' (the version is part of the key, so a new model is fetched anew).
import * as tf from '@tensorflow/tfjs';
import type { ModelIndex, ModelManifest } from '../model/manifest';
import { validateManifest } from '../model/validateManifest';

const JSON_CACHE = 'statread-model-json-v1';

async function openCache(): Promise<Cache | null> {
  try {
    return typeof caches !== 'undefined' ? await caches.open(JSON_CACHE) : null;
  } catch {
    return null;
  }
}

/** Network first (fresh index/manifest when online), Cache Storage when the network fails. */
async function fetchJson(url: string): Promise<{ json: unknown; source: 'network' | 'cache' }> {
  const cache = await openCache();
  try {
    const res = await fetch(url, { cache: 'no-cache' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const text = await res.text();
    const json = JSON.parse(text) as unknown;
    await cache?.put(url, new Response(text, { headers: { 'content-type': 'application/json' } })).catch(() => undefined);
    return { json, source: 'network' };
  } catch (err) {
    const hit = await cache?.match(url);
    if (hit) return { json: await hit.json(), source: 'cache' };
    throw new Error(`could not load ${url}: ${(err as Error).message}`, { cause: err });
  }
}

export interface ResolvedModel {
  manifest: ModelManifest;
  manifestUrl: string;
  modelUrl: string;
  modelCardUrl: string;
  source: 'network' | 'cache';
}

/** Reads index.json (its default model) and that model's manifest.json. */
export async function resolveDefaultModel(indexUrl: string): Promise<ResolvedModel> {
  const idx = await fetchJson(indexUrl);
  const index = idx.json as ModelIndex;
  if (!index || typeof index.default !== 'string' || !Array.isArray(index.models)) throw new Error(`${indexUrl} is not a model index`);
  const entry = index.models.find((m) => m.id === index.default);
  if (!entry) throw new Error(`${indexUrl}: default model "${index.default}" is not listed`);
  const dir = new URL(entry.path.endsWith('/') ? entry.path : `${entry.path}/`, indexUrl);
  const manifestUrl = new URL('manifest.json', dir).href;
  const man = await fetchJson(manifestUrl);
  const manifest = validateManifest(man.json);
  return {
    manifest,
    manifestUrl,
    modelUrl: new URL(manifest.modelUrl, manifestUrl).href,
    modelCardUrl: new URL(manifest.modelCard || 'MODEL_CARD.md', manifestUrl).href,
    source: idx.source === 'cache' || man.source === 'cache' ? 'cache' : 'network',
  };
}

export function cacheKeyOf(m: ModelManifest): string {
  return `indexeddb://statread-${m.id}-${m.version}`;
}

/** Loads the model from IndexedDB when cached under this version, else from the network (and caches it). */
export async function loadCachedLayersModel(r: ResolvedModel): Promise<{ model: tf.LayersModel; source: 'network' | 'cache'; cacheKey: string }> {
  const key = cacheKeyOf(r.manifest);
  try {
    const models = await tf.io.listModels();
    if (models[key]) return { model: await tf.loadLayersModel(key), source: 'cache', cacheKey: key };
  } catch {
    // IndexedDB unavailable or the entry is broken: fall through to the network.
  }
  const model = await tf.loadLayersModel(r.modelUrl);
  try {
    await model.save(key);
  } catch {
    // Private mode or quota: still usable, just not cached.
  }
  return { model, source: 'network', cacheKey: key };
}
