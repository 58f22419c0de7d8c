// `npm run trainer -- import-backbone`: TFLite MobileNet (or a tfjs LayersModel by path/URL) -> tfjs
// LayersModel folder (model.json + group1-shard*.bin + imagenet.json) that `train --backbone` and `predict`
// read.
import { parseArgs } from 'node:util';
import { stat, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from '../command';
import { describeBackend, initBackend, parseBackendChoice } from '../backend/initBackend';
import { saveLayersModel } from '../io/fileIo';
import { importTflite } from '../tflite/importTflite';
import { writeBackboneInfo, type BackboneInfo } from '../imagenet/backboneInfo';
import { defaultLabelsPath, readImagenetLabels } from '../imagenet/labels';
import { loadBackbone } from '../imagenet/loadBackbone';

const help = `Usage: npm run trainer -- import-backbone (--tflite FILE | --model PATH|URL) --out DIR [options]

Rebuilds an ImageNet MobileNet as a float TensorFlow.js LayersModel and saves it as DIR/model.json +
DIR/group1-shard*.bin, with DIR/imagenet.json (input size, feature/pooling/classifier layer names, labels).

Options:
  --tflite FILE     TFLite flatbuffer (uint8 per-tensor or int8 per-channel MobileNet V1/V2), e.g.
                    ../shared/data/imagenet-tflite/mobilenet_v2_1.0_224_quant.tflite
  --model PATH|URL  a TensorFlow.js LayersModel instead: folder, model.json path or http(s) URL
  --out DIR         output folder (created; existing model files are overwritten)
  --labels FILE     ImageNet labels, one per line (default: ${defaultLabelsPath()})
  --backend NAME    auto|tensorflow-gpu|tensorflow|webgpu|wasm|cpu (default auto)
  -h, --help        this text

The imported model takes x = rgb / 127.5 - 1 in [-1, 1]. Prints one JSON summary line on stdout.

Example:
  npm run trainer -- import-backbone --tflite ../shared/data/imagenet-tflite/mobilenet_v2_1.0_224_quant.tflite \\
    --out trainer/runs/backbones/mobilenet_v2_1.0_224`;

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const f of await readdir(dir)) if (f.endsWith('.bin') || f === 'model.json') total += (await stat(join(dir, f))).size;
  return total;
}

const command: Command = {
  name: 'import-backbone',
  help,
  async run(argv) {
    let values: { tflite?: string; model?: string; out?: string; labels?: string; backend?: string };
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { tflite: { type: 'string' }, model: { type: 'string' }, out: { type: 'string' }, labels: { type: 'string' }, backend: { type: 'string' } },
        strict: true,
      }));
    } catch (err) {
      console.error(`import-backbone: ${(err as Error).message}\n\n${help}`);
      return 2;
    }
    if (!values.out || !values.tflite === !values.model) {
      console.error(`import-backbone: give --out and exactly one of --tflite or --model\n\n${help}`);
      return 2;
    }
    const backend = await initBackend(parseBackendChoice(values.backend));
    console.error(describeBackend(backend));
    const out = resolve(values.out);
    const t0 = performance.now();
    let info: BackboneInfo;
    let model;
    if (values.tflite) {
      const imported = await importTflite(values.tflite);
      model = imported.model;
      const i = imported.info;
      info = {
        format: 'statread-imagenet-backbone',
        version: 1,
        name: i.name,
        source: resolve(values.tflite),
        sourceFormat: 'tflite',
        importedAt: new Date().toISOString(),
        inputShape: i.inputShape,
        inputRange: i.inputRange,
        featureLayer: i.featureLayer,
        pooledLayer: i.pooledLayer,
        classifierLayer: i.classifierLayer,
        numClasses: i.numClasses,
        labels: i.numClasses ? await readImagenetLabels(i.numClasses, values.labels) : [],
        details: { tfliteInput: i.tfliteInput, weightQuantization: i.weightQuantization, ops: i.ops, description: i.description },
      };
    } else {
      const b = await loadBackbone(values.model as string, { labelsPath: values.labels });
      model = b.model;
      info = { ...b.info, importedAt: new Date().toISOString() };
    }
    await saveLayersModel(model, out);
    await writeBackboneInfo(out, info);
    const summary = {
      out,
      name: info.name,
      source: info.source,
      inputShape: info.inputShape,
      numClasses: info.numClasses,
      featureLayer: info.featureLayer,
      pooledLayer: info.pooledLayer,
      classifierLayer: info.classifierLayer,
      params: model.countParams(),
      bytes: await dirBytes(out),
      backend: backend.name,
      seconds: Number(((performance.now() - t0) / 1000).toFixed(2)),
    };
    console.log(JSON.stringify(summary));
    return 0;
  },
};
export default command;
