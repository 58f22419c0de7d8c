// tf.io handler for the Node file system: pure @tensorflow/tfjs has no file:// scheme in Node (that lives in
// tfjs-node). Writes and reads the standard layout: model.json + group1-shard{i}of{n}.bin, so the same folder
// loads in the browser with tf.loadLayersModel('/models/<id>/model.json').
import * as tf from '@tensorflow/tfjs';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Default shard size: 4 MB, as the tfjs converter writes. */
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

/** model.json path for a folder, or the path itself when it names a .json file. */
export function modelJsonPath(pathOrDir: string): string {
  const p = resolve(pathOrDir);
  if (p.endsWith('.json')) return p;
  if (existsSync(p) && statSync(p).isFile()) return p;
  return join(p, 'model.json');
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/**
 * IOHandler saving to / loading from a folder. `save` creates the folder; `load` accepts a folder or a
 * model.json path and resolves weight paths relative to the model.json.
 */
export function fileSystemIO(pathOrDir: string, opts: { shardBytes?: number } = {}): tf.io.IOHandler {
  const jsonPath = modelJsonPath(pathOrDir);
  const dir = dirname(jsonPath);
  const shardBytes = opts.shardBytes ?? DEFAULT_SHARD_BYTES;
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error('binary model topologies are not supported');
      await mkdir(dir, { recursive: true });
      const data = artifacts.weightData ? new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData)) : new Uint8Array(0);
      const nShards = Math.max(1, Math.ceil(data.byteLength / shardBytes));
      const paths: string[] = [];
      for (let i = 0; i < nShards; i++) {
        const name = `group1-shard${i + 1}of${nShards}.bin`;
        paths.push(name);
        await writeFile(join(dir, name), data.subarray(i * shardBytes, Math.min(data.byteLength, (i + 1) * shardBytes)));
      }
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.signature) modelJson.signature = artifacts.signature;
      if (artifacts.userDefinedMetadata) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      await writeFile(jsonPath, JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      let modelJson: tf.io.ModelJSON;
      try {
        modelJson = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
      } catch (err) {
        throw new Error(`${jsonPath}: cannot read model.json (${(err as Error).message})`, { cause: err });
      }
      if (!modelJson.modelTopology) throw new Error(`${jsonPath}: no modelTopology (not a tfjs model.json)`);
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const p of group.paths) {
            try {
              buffers.push(toArrayBuffer(await readFile(join(dir, p))));
            } catch (err) {
              throw new Error(`${jsonPath}: weight file ${p} is missing (${(err as Error).message})`, { cause: err });
            }
          }
        }
        return [tf.io.getWeightSpecs(manifest), tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/** Saves a LayersModel as model.json + group1-shard*.bin in `dir`. */
export async function saveLayersModel(model: tf.LayersModel, dir: string, opts: { shardBytes?: number } = {}): Promise<tf.io.SaveResult> {
  return model.save(fileSystemIO(dir, opts));
}

export function isHttpUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/** Loads a tfjs LayersModel from a folder, a model.json path, or an http(s) URL of a model.json. */
export async function loadLayersModelFrom(pathOrUrl: string): Promise<tf.LayersModel> {
  if (isHttpUrl(pathOrUrl)) {
    try {
      return await tf.loadLayersModel(pathOrUrl);
    } catch (err) {
      throw new Error(`${pathOrUrl}: cannot load a tfjs LayersModel (${(err as Error).message})`, { cause: err });
    }
  }
  const p = pathOrUrl.startsWith('file://') ? pathOrUrl.slice('file://'.length) : pathOrUrl;
  return tf.loadLayersModel(fileSystemIO(p));
}
