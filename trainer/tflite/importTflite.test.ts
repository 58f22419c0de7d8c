// TFLite import checked end to end on the real models in ../shared/data/imagenet-tflite: the rebuilt float
// network must classify grace_hopper.bmp as "military uniform" (the TFLite label_image reference result).
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { initBackend } from '../backend/initBackend';
import { saveLayersModel } from '../io/fileIo';
import { writeBackboneInfo } from '../imagenet/backboneInfo';
import { readImagenetLabels } from '../imagenet/labels';
import { predictImagenet } from '../imagenet/predictImagenet';
import { constantAsFloat32 } from './dequantize';
import { importTflite } from './importTflite';
import { parseTflite, TensorType, type TfliteModel } from './schema';

const skip = missingDataReason('imagenet-tflite');
const file = (f: string) => dataPath('imagenet-tflite', f);

describe('TFLite flatbuffer reader', () => {
  it('rejects a file that is not a TFLite model, saying why', () => {
    expect(() => parseTflite(new TextEncoder().encode('{"modelTopology": {}} not a flatbuffer'))).toThrow(/TFL3/);
    expect(() => parseTflite(new Uint8Array(3))).toThrow(/too small/);
  });

  it.skipIf(!!skip)('reads tensors, quantisation and operators of MobileNetV2', async () => {
    const m = parseTflite(new Uint8Array(await readFile(file('mobilenet_v2_1.0_224_quant.tflite'))));
    const sg = m.subgraphs[0];
    const input = sg.tensors[sg.inputs[0]];
    expect(input.shape).toEqual([1, 224, 224, 3]);
    expect(input.type).toBe(TensorType.UINT8);
    expect(input.quantization?.scale[0]).toBeCloseTo(1 / 128, 6);
    expect(Number(input.quantization?.zeroPoint[0])).toBe(128);
    const counts: Record<string, number> = {};
    for (const op of sg.operators) counts[op.opName] = (counts[op.opName] ?? 0) + 1;
    expect(counts).toEqual({ CONV_2D: 36, DEPTHWISE_CONV_2D: 17, ADD: 10, AVERAGE_POOL_2D: 1, RESHAPE: 1, SOFTMAX: 1 });
    const first = sg.operators[0];
    expect(first.options).toMatchObject({ kind: 'conv2d', strideH: 2, strideW: 2, activation: 3 });
    expect(sg.tensors[first.inputs[1]].shape).toEqual([32, 3, 3, 3]);
  });
});

describe('dequantisation', () => {
  const model = (data: Uint8Array): TfliteModel => ({ version: 3, description: '', subgraphs: [], buffers: [new Uint8Array(0), data] });

  it('applies per-channel scale and zero point along quantized_dimension', () => {
    // int8 [2 channels, 3 values], channel 0: scale 0.5 zp 1; channel 1: scale 2 zp -1
    const q = new Int8Array([1, 3, -1, -1, 0, 4]);
    const t = {
      index: 0,
      name: 'w',
      shape: [2, 3],
      type: TensorType.INT8,
      buffer: 1,
      quantization: { scale: new Float32Array([0.5, 2]), zeroPoint: new BigInt64Array([1n, -1n]), quantizedDimension: 0 },
    };
    expect(Array.from(constantAsFloat32(model(new Uint8Array(q.buffer)), t)!)).toEqual([0, 1, -1, 0, 2, 10]);
  });

  it('reads float16 and float32 weights as they are', () => {
    const h = { index: 0, name: 'h', shape: [4], type: TensorType.FLOAT16, buffer: 1, quantization: null };
    expect(Array.from(constantAsFloat32(model(new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x3800, 0x0000]).buffer)), h)!)).toEqual([1, -2, 0.5, 0]);
    const f = { index: 0, name: 'f', shape: [2], type: TensorType.FLOAT32, buffer: 1, quantization: null };
    expect(Array.from(constantAsFloat32(model(new Uint8Array(new Float32Array([0.25, -3]).buffer)), f)!)).toEqual([0.25, -3]);
  });

  it('applies per-tensor uint8 quantisation and the input*weight scale to int32 biases', () => {
    const t = {
      index: 0,
      name: 'w',
      shape: [4],
      type: TensorType.UINT8,
      buffer: 1,
      quantization: { scale: new Float32Array([0.25]), zeroPoint: new BigInt64Array([128n]), quantizedDimension: 0 },
    };
    expect(Array.from(constantAsFloat32(model(new Uint8Array([128, 132, 0, 255])), t)!)).toEqual([0, 1, -32, 31.75]);
    const bias = { index: 1, name: 'b', shape: [2], type: TensorType.INT32, buffer: 1, quantization: null };
    const b = constantAsFloat32(model(new Uint8Array(new Int32Array([1000, -40]).buffer)), bias, [0.001, 0.5]);
    expect(Array.from(b!).map((v) => Number(v.toFixed(6)))).toEqual([1, -20]);
  });
});

describe.skipIf(!!skip)('importTflite on the ImageNet MobileNets', () => {
  let tmp: string;
  beforeAll(async () => {
    await initBackend('wasm');
    tmp = await mkdtemp(join(tmpdir(), 'statread-tflite-'));
  });
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const cases = [
    { f: 'mobilenet_v2_1.0_224_quant.tflite', size: 224, feature: 'Conv_1_relu6', channels: 1280 },
    { f: 'mobilenet_v1_0.75_192_quant.tflite', size: 192, feature: 'Conv2d_13_pointwise_relu6', channels: 768 },
    { f: 'tf2_mobilenet_v2_1.0_224_ptq.tflite', size: 224, feature: 'Conv2d_18_1_relu6', channels: 1280 },
  ];
  for (const c of cases) {
    it(`${c.f}: rebuilt model says "military uniform" for grace_hopper.bmp`, async () => {
      const { model, info } = await importTflite(file(c.f));
      expect(info.inputShape).toEqual([c.size, c.size, 3]);
      expect(info.numClasses).toBe(1001);
      expect(info.featureLayer).toBe(c.feature);
      expect(model.getLayer(info.featureLayer).outputShape).toEqual([null, 7 * (c.size / 224), 7 * (c.size / 224), c.channels]);
      expect(model.getLayer(info.pooledLayer!).outputShape).toEqual([null, c.channels]);
      expect(model.getLayer(info.classifierLayer!).getClassName()).toBe('Dense');

      // Through the on-disk folder, as `predict --model DIR` reads it.
      const dir = join(tmp, info.name);
      await saveLayersModel(model, dir);
      await writeBackboneInfo(dir, {
        format: 'statread-imagenet-backbone',
        version: 1,
        name: info.name,
        source: file(c.f),
        sourceFormat: 'tflite',
        importedAt: new Date().toISOString(),
        inputShape: info.inputShape,
        inputRange: info.inputRange,
        featureLayer: info.featureLayer,
        pooledLayer: info.pooledLayer,
        classifierLayer: info.classifierLayer,
        numClasses: info.numClasses,
        labels: await readImagenetLabels(1001),
        details: {},
      });
      const { predictions, errors } = await predictImagenet(dir, [file('grace_hopper.bmp'), file('hot_dog.jpg')]);
      expect(errors).toEqual([]);
      expect(predictions[0].top[0].label).toBe('military uniform');
      expect(predictions[0].top[0].probability).toBeGreaterThan(0.25);
      expect(predictions[1].top[0].label).toMatch(/^hotdog/);
      const sum = tf.tidy(() => (model.predict(tf.zeros([1, c.size, c.size, 3])) as tf.Tensor).sum().dataSync()[0]);
      expect(sum).toBeCloseTo(1, 4);
      model.dispose();
    });
  }

  it('imports the embedding extractor without a classifier', async () => {
    const { model, info } = await importTflite(file('mobilenet_v1_1.0_224_quant_embedding_extractor.tflite'));
    expect(info.numClasses).toBeNull();
    expect(info.classifierLayer).toBeNull();
    expect(model.outputs[0].shape).toEqual([null, 1024]);
    model.dispose();
  });

  it('names the file and the reason for unreadable input', async () => {
    await expect(importTflite(join(tmp, 'missing.tflite'))).rejects.toThrow(/missing\.tflite: cannot read/);
    await expect(importTflite(file('grace_hopper.bmp'))).rejects.toThrow(/grace_hopper\.bmp: not a TFLite flatbuffer/);
  });

  it('reports an image it cannot decode by name and still classifies the others', async () => {
    const dir = join(tmp, 'mobilenet_v2_1.0_224_quant');
    const { predictions, errors } = await predictImagenet(dir, [file('LICENSE'), file('cat.bmp')]);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/LICENSE: unrecognised image format/);
    expect(predictions[0].top[0].label).toBe('Egyptian cat');
  });
});
