// Checkpoints: a folder with state.json (epoch, step, RNG state, early-stopping state, anything JSON) and the
// named float32 tensors (trainable weights and optimizer slots) in tensors.bin + tensors.json. Written to a
// temporary folder then renamed, so an interrupted write never replaces a good checkpoint with a torn one.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export interface TensorEntry {
  name: string;
  shape: number[];
  offset: number;
}

export interface Checkpoint<S> {
  state: S;
  tensors: Map<string, tf.Tensor>;
}

export async function saveCheckpoint<S>(dir: string, state: S, tensors: { name: string; tensor: tf.Tensor }[]): Promise<void> {
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const entries: TensorEntry[] = [];
  const parts: Float32Array[] = [];
  let offset = 0;
  for (const { name, tensor } of tensors) {
    const data = (await tensor.data()) as Float32Array;
    const f = data instanceof Float32Array ? data : Float32Array.from(data);
    entries.push({ name, shape: tensor.shape, offset });
    parts.push(f);
    offset += f.length;
  }
  const all = new Float32Array(offset);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  writeFileSync(join(tmp, 'tensors.bin'), new Uint8Array(all.buffer));
  writeFileSync(join(tmp, 'tensors.json'), JSON.stringify(entries));
  writeFileSync(join(tmp, 'state.json'), JSON.stringify(state, null, 1));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, 'state.json')) && existsSync(join(dir, 'tensors.bin'));
}

export function loadCheckpoint<S>(dir: string): Checkpoint<S> {
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as S;
  const entries = JSON.parse(readFileSync(join(dir, 'tensors.json'), 'utf8')) as TensorEntry[];
  const buf = readFileSync(join(dir, 'tensors.bin'));
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const tensors = new Map<string, tf.Tensor>();
  for (const e of entries) {
    const size = e.shape.reduce((a, b) => a * b, 1);
    tensors.set(e.name, tf.tensor(all.subarray(e.offset, e.offset + size), e.shape, 'float32'));
  }
  return { state, tensors };
}
