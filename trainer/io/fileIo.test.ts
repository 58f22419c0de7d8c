// Save/reload through the file-system IOHandler gives bit-identical outputs, and a backbone loads from an
// http:// URL served by a localhost server started here (the path a user with internet would take).
import * as tf from '@tensorflow/tfjs';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { initBackend } from '../backend/initBackend';
import { writeBackboneInfo } from '../imagenet/backboneInfo';
import { featureExtractor, loadBackbone } from '../imagenet/loadBackbone';
import { importTflite } from '../tflite/importTflite';
import { loadLayersModelFrom, saveLayersModel } from './fileIo';

function smallModel(): tf.LayersModel {
  const input = tf.input({ shape: [16, 16, 3] });
  let y = tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', name: 'stem' }).apply(input) as tf.SymbolicTensor;
  y = tf.layers.reLU({ maxValue: 6, name: 'stem_relu6' }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', name: 'dw' }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization({ name: 'bn' }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.dense({ units: 5, activation: 'softmax', name: 'head' }).apply(y) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: y, name: 'small' });
}

describe('file-system model IO', () => {
  let tmp: string;
  let server: Server | undefined;
  beforeAll(async () => {
    await initBackend('wasm');
    tmp = await mkdtemp(join(tmpdir(), 'statread-io-'));
  });
  afterAll(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('writes model.json + group1-shard*.bin and reloads a model with identical outputs', async () => {
    const model = smallModel();
    const dir = join(tmp, 'small');
    await saveLayersModel(model, dir, { shardBytes: 1024 });
    const files = (await readdir(dir)).sort();
    expect(files).toContain('model.json');
    const shards = files.filter((f) => f.startsWith('group1-shard'));
    expect(shards.length).toBeGreaterThan(1); // small shard size forces several shards
    expect(shards[0]).toMatch(/^group1-shard1of\d+\.bin$/);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(shards.sort((a, b) => parseInt(a.slice(12)) - parseInt(b.slice(12))));

    const reloaded = await loadLayersModelFrom(dir);
    const x = tf.randomNormal([3, 16, 16, 3], 0, 1, 'float32', 5);
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (reloaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    // Every weight survives byte for byte.
    const wa = model.getWeights().map((w) => Array.from(w.dataSync()));
    const wb = reloaded.getWeights().map((w) => Array.from(w.dataSync()));
    expect(wb).toEqual(wa);
    // A model.json path works as well as the folder.
    const again = await loadLayersModelFrom(join(dir, 'model.json'));
    expect(Array.from((again.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from(a));
    tf.dispose(x);
  });

  it('names the folder when model.json is missing', async () => {
    await expect(loadLayersModelFrom(join(tmp, 'nowhere'))).rejects.toThrow(/nowhere\/model\.json: cannot read/);
  });

  const skip = missingDataReason('imagenet-tflite');
  it.skipIf(!!skip)('loads an imported MobileNet backbone from an http:// URL on localhost', async () => {
    const { model, info } = await importTflite(dataPath('imagenet-tflite', 'mobilenet_v1_0.25_128_quant.tflite'));
    const dir = join(tmp, 'served');
    await saveLayersModel(model, dir);
    await writeBackboneInfo(dir, {
      format: 'statread-imagenet-backbone',
      version: 1,
      name: info.name,
      source: 'test',
      sourceFormat: 'tflite',
      importedAt: new Date().toISOString(),
      inputShape: info.inputShape,
      inputRange: info.inputRange,
      featureLayer: info.featureLayer,
      pooledLayer: info.pooledLayer,
      classifierLayer: info.classifierLayer,
      numClasses: info.numClasses,
      labels: [],
      details: {},
    });
    const requests: string[] = [];
    server = createServer(async (req, res) => {
      requests.push(req.url ?? '');
      const path = normalize(join(dir, decodeURIComponent((req.url ?? '/').split('?')[0])));
      if (!path.startsWith(dir)) return void res.writeHead(403).end();
      try {
        const body = await readFile(path);
        res.writeHead(200, { 'content-type': path.endsWith('.json') ? 'application/json' : 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const port = (server!.address() as AddressInfo).port;

    const backbone = await loadBackbone(`http://127.0.0.1:${port}/model.json`);
    expect(requests).toContain('/model.json');
    expect(requests.some((u) => u.startsWith('/group1-shard1of'))).toBe(true);
    expect(backbone.info.featureLayer).toBe('Conv2d_13_pointwise_relu6');
    expect(backbone.info.sourceFormat).toBe('tflite'); // imagenet.json fetched beside model.json
    const x = tf.randomUniform([2, 128, 128, 3], -1, 1, 'float32', 3);
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (backbone.model.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    const [fmap, pooled] = featureExtractor(backbone).predict(x) as tf.Tensor[];
    expect(fmap.shape).toEqual([2, 4, 4, 256]);
    expect(pooled.shape).toEqual([2, 256]);
    tf.dispose([x, fmap, pooled]);

    // Without imagenet.json the layers are found from the graph itself.
    await rm(join(dir, 'imagenet.json'));
    const inferred = await loadBackbone(`http://127.0.0.1:${port}/model.json`);
    expect(inferred.info).toMatchObject({
      sourceFormat: 'tfjs-layers',
      featureLayer: 'Conv2d_13_pointwise_relu6',
      pooledLayer: 'global_average_pooling',
      classifierLayer: 'Logits_Conv2d_1c_1x1',
      numClasses: 1001,
      inputShape: [128, 128, 3],
    });
    expect(inferred.info.labels[653]).toBe('military uniform');
    await expect(loadBackbone(`http://127.0.0.1:${port}/nothing/model.json`)).rejects.toThrow(/nothing\/model\.json/);
  });
});
