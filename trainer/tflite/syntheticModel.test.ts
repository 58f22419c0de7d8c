// The importer on a float32 TFLite graph built here with the flatbuffers Builder (schema.fbs field order):
// PAD, CONV_2D (VALID, stride 2, fused RELU6), DEPTHWISE_CONV_2D (SAME, fused RELU), residual ADD,
// MAX_POOL_2D, RESHAPE, FULLY_CONNECTED, SOFTMAX. The rebuilt LayersModel must match the same computation
// written directly with tf ops.
import * as tf from '@tensorflow/tfjs';
import { Builder } from 'flatbuffers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/initBackend';
import { parseTflite, TensorType } from './schema';
import { tfliteToLayersModel } from './toLayersModel';

function rand(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  });
}

interface TensorSpec {
  name: string;
  shape: number[];
  type: TensorType;
  data?: Uint8Array;
}
interface OpSpec {
  code: number;
  inputs: number[];
  outputs: number[];
  /** BuiltinOptions union type id and a function adding the fields of the options table. */
  options?: { type: number; fields: number; add: (b: Builder) => void };
}

function buildTflite(tensors: TensorSpec[], ops: OpSpec[], inputs: number[], outputs: number[]): Uint8Array {
  const b = new Builder(1024);
  const intVec = (v: number[]) => {
    b.startVector(4, v.length, 4);
    for (let i = v.length - 1; i >= 0; i--) b.addInt32(v[i]);
    return b.endVector();
  };
  const tableVec = (v: number[]) => {
    b.startVector(4, v.length, 4);
    for (let i = v.length - 1; i >= 0; i--) b.addOffset(v[i]);
    return b.endVector();
  };
  // Buffers: 0 is the empty sentinel; constant tensors get their own.
  const bufferData: (Uint8Array | null)[] = [null];
  const tensorBuffer = tensors.map((t) => (t.data ? bufferData.push(t.data) - 1 : 0));
  const buffers = bufferData.map((d) => {
    const data = d ? b.createByteVector(d) : 0;
    b.startObject(1);
    if (d) b.addFieldOffset(0, data, 0);
    return b.endObject();
  });
  const tensorOffsets = tensors.map((t, i) => {
    const name = b.createString(t.name);
    const shape = intVec(t.shape);
    b.startObject(5);
    b.addFieldOffset(0, shape, 0);
    b.addFieldInt8(1, t.type, 0);
    b.addFieldInt32(2, tensorBuffer[i], 0);
    b.addFieldOffset(3, name, 0);
    return b.endObject();
  });
  const codes = [...new Set(ops.map((o) => o.code))];
  const opCodes = codes.map((c) => {
    b.startObject(4);
    b.addFieldInt8(0, Math.min(c, 127), 0); // deprecated_builtin_code
    b.addFieldInt32(2, 1, 1); // version
    b.addFieldInt32(3, c, 0); // builtin_code
    return b.endObject();
  });
  const opOffsets = ops.map((o) => {
    let opts = 0;
    if (o.options) {
      b.startObject(o.options.fields);
      o.options.add(b);
      opts = b.endObject();
    }
    const ins = intVec(o.inputs);
    const outs = intVec(o.outputs);
    b.startObject(5);
    b.addFieldInt32(0, codes.indexOf(o.code), 0);
    b.addFieldOffset(1, ins, 0);
    b.addFieldOffset(2, outs, 0);
    if (o.options) {
      b.addFieldInt8(3, o.options.type, 0);
      b.addFieldOffset(4, opts, 0);
    }
    return b.endObject();
  });
  const sgTensors = tableVec(tensorOffsets);
  const sgIn = intVec(inputs);
  const sgOut = intVec(outputs);
  const sgOps = tableVec(opOffsets);
  const sgName = b.createString('main');
  b.startObject(5);
  b.addFieldOffset(0, sgTensors, 0);
  b.addFieldOffset(1, sgIn, 0);
  b.addFieldOffset(2, sgOut, 0);
  b.addFieldOffset(3, sgOps, 0);
  b.addFieldOffset(4, sgName, 0);
  const subgraph = b.endObject();
  const codesVec = tableVec(opCodes);
  const subgraphs = tableVec([subgraph]);
  const desc = b.createString('synthetic test model');
  const buffersVec = tableVec(buffers);
  b.startObject(5);
  b.addFieldInt32(0, 3, 0);
  b.addFieldOffset(1, codesVec, 0);
  b.addFieldOffset(2, subgraphs, 0);
  b.addFieldOffset(3, desc, 0);
  b.addFieldOffset(4, buffersVec, 0);
  b.finish(b.endObject(), 'TFL3');
  return b.asUint8Array();
}

const f32 = (a: Float32Array) => new Uint8Array(a.buffer.slice(0));
const i32 = (a: number[]) => new Uint8Array(new Int32Array(a).buffer);

describe('TFLite importer on a synthetic float32 graph', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('PAD, VALID/SAME convolutions, fused ReLU6/ReLU, ADD, MAX_POOL, RESHAPE, FULLY_CONNECTED, SOFTMAX', () => {
    const convW = rand(4 * 3 * 3 * 2, 1); // [O=4, KH=3, KW=3, I=2]
    const convB = rand(4, 2);
    const dwW = rand(3 * 3 * 4, 3); // [1, 3, 3, 4]
    const dwB = rand(4, 4);
    const fcW = rand(3 * 16, 5); // [O=3, I=16]
    const fcB = rand(3, 6);
    const F = TensorType.FLOAT32;
    const tensors: TensorSpec[] = [
      { name: 'input', shape: [1, 7, 7, 2], type: F },
      { name: 'net/pad/paddings', shape: [4, 2], type: TensorType.INT32, data: i32([0, 0, 1, 1, 1, 1, 0, 0]) },
      { name: 'net/pad/Pad', shape: [1, 9, 9, 2], type: F },
      { name: 'net/conv1/Conv2D', shape: [4, 3, 3, 2], type: F, data: f32(convW) },
      { name: 'net/conv1/bias', shape: [4], type: F, data: f32(convB) },
      { name: 'net/conv1/Relu6', shape: [1, 4, 4, 4], type: F },
      { name: 'net/dw1/depthwise_Fold', shape: [1, 3, 3, 4], type: F, data: f32(dwW) },
      { name: 'net/dw1/bias', shape: [4], type: F, data: f32(dwB) },
      { name: 'net/dw1/Relu', shape: [1, 4, 4, 4], type: F },
      { name: 'net/block1/add', shape: [1, 4, 4, 4], type: F },
      { name: 'net/pool/MaxPool', shape: [1, 2, 2, 4], type: F },
      { name: 'net/flat/shape', shape: [2], type: TensorType.INT32, data: i32([1, 16]) },
      { name: 'net/flat/Reshape', shape: [1, 16], type: F },
      { name: 'net/fc/weights', shape: [3, 16], type: F, data: f32(fcW) },
      { name: 'net/fc/bias', shape: [3], type: F, data: f32(fcB) },
      { name: 'net/fc/MatMul', shape: [1, 3], type: F },
      { name: 'net/prob/Softmax', shape: [1, 3], type: F },
    ];
    const ops: OpSpec[] = [
      { code: 34, inputs: [0, 1], outputs: [2] },
      {
        code: 3,
        inputs: [2, 3, 4],
        outputs: [5],
        options: {
          type: 1,
          fields: 6,
          add: (b) => {
            b.addFieldInt8(0, 1, 0);
            b.addFieldInt32(1, 2, 0);
            b.addFieldInt32(2, 2, 0);
            b.addFieldInt8(3, 3, 0);
          },
        },
      },
      {
        code: 4,
        inputs: [5, 6, 7],
        outputs: [8],
        options: {
          type: 2,
          fields: 7,
          add: (b) => {
            b.addFieldInt8(0, 0, 1);
            b.addFieldInt32(1, 1, 0);
            b.addFieldInt32(2, 1, 0);
            b.addFieldInt32(3, 1, 0);
            b.addFieldInt8(4, 1, 0);
          },
        },
      },
      { code: 0, inputs: [5, 8], outputs: [9], options: { type: 11, fields: 1, add: () => {} } },
      {
        code: 17,
        inputs: [9],
        outputs: [10],
        options: {
          type: 5,
          fields: 6,
          add: (b) => {
            b.addFieldInt8(0, 1, 0);
            b.addFieldInt32(1, 2, 0);
            b.addFieldInt32(2, 2, 0);
            b.addFieldInt32(3, 2, 0);
            b.addFieldInt32(4, 2, 0);
          },
        },
      },
      { code: 22, inputs: [10, 11], outputs: [12] },
      { code: 9, inputs: [12, 13, 14], outputs: [15], options: { type: 8, fields: 3, add: () => {} } },
      { code: 25, inputs: [15], outputs: [16], options: { type: 9, fields: 1, add: (b) => b.addFieldFloat32(0, 1, 0) } },
    ];
    const parsed = parseTflite(buildTflite(tensors, ops, [0], [16]));
    expect(parsed.subgraphs[0].operators.map((o) => o.opName)).toEqual([
      'PAD',
      'CONV_2D',
      'DEPTHWISE_CONV_2D',
      'ADD',
      'MAX_POOL_2D',
      'RESHAPE',
      'FULLY_CONNECTED',
      'SOFTMAX',
    ]);
    const { model, info } = tfliteToLayersModel(parsed, 'synthetic');
    expect(model.layers.map((l) => l.name)).toEqual([
      'input',
      'net_pad_Pad',
      'net_conv1',
      'net_conv1_relu6',
      'net_dw1',
      'net_dw1_relu',
      'net_block1_add',
      'net_pool_MaxPool',
      'net_flat_Reshape',
      'net_fc',
      'predictions',
    ]);
    expect(info.weightQuantization).toBe('float32');
    expect(info.numClasses).toBeNull(); // no global pooling: not an ImageNet-style classifier

    const x = tf.tensor4d(rand(7 * 7 * 2, 9), [1, 7, 7, 2]);
    const expected = tf.tidy(() => {
      const p = tf.pad(x, [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]);
      const c = tf.relu6(tf.conv2d(p, tf.tensor4d(convW, [4, 3, 3, 2]).transpose([1, 2, 3, 0]) as tf.Tensor4D, 2, 'valid').add(tf.tensor1d(convB)));
      const d = tf.relu(tf.depthwiseConv2d(c as tf.Tensor4D, tf.tensor4d(dwW, [3, 3, 4, 1]), 1, 'same').add(tf.tensor1d(dwB)));
      const m = tf.maxPool(c.add(d) as tf.Tensor4D, 2, 2, 'valid').reshape([1, 16]);
      return tf.softmax(tf.matMul(m, tf.tensor2d(fcW, [3, 16]), false, true).add(tf.tensor1d(fcB))).dataSync();
    });
    const got = (model.predict(x) as tf.Tensor).dataSync();
    expect(got.length).toBe(3);
    for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(expected[i], 6);
  });

  it('stops with the operator name on an operator it does not know', () => {
    const bytes = buildTflite(
      [
        { name: 'in', shape: [1, 4, 4, 1], type: TensorType.FLOAT32 },
        { name: 'out', shape: [1, 4, 4, 1], type: TensorType.FLOAT32 },
      ],
      [{ code: 28, inputs: [0], outputs: [1] }], // TANH
      [0],
      [1],
    );
    expect(() => tfliteToLayersModel(parseTflite(bytes), 'tanh')).toThrow(/BUILTIN_28 \(28\) is not supported/);
  });
});
