// Regenerates the top-5 table in docs/trainer-import.md: imports every TFLite classifier in
// ../shared/data/imagenet-tflite into trainer/runs/backbones/<name>/ (through the same save/load path the
// trainer uses) and classifies every photo there.
//   npx tsx trainer/imagenet/top5Table.ts [--backend wasm] > trainer/runs/top5.md
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend, describeBackend, parseBackendChoice } from '../backend/initBackend';
import { saveLayersModel } from '../io/fileIo';
import { importTflite } from '../tflite/importTflite';
import { writeBackboneInfo } from './backboneInfo';
import { defaultLabelsPath, readImagenetLabels } from './labels';
import { loadImagenetClassifier, predictImagenet } from './predictImagenet';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { backend: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' } } });
  const backend = await initBackend(parseBackendChoice(values.backend));
  console.error(describeBackend(backend));
  const dataDir = resolve(values.data ?? join(defaultLabelsPath(), '..'));
  const outRoot = resolve(values.out ?? 'trainer/runs/backbones');
  const files = (await readdir(dataDir)).sort();
  const photos = files.filter((f) => /\.(bmp|jpe?g|png)$/i.test(f)).map((f) => join(dataDir, f));
  const models = files.filter((f) => f.endsWith('.tflite'));
  const lines: string[] = [`Backend: ${backend.name} (${backend.detail}). Preprocessing: centre square crop, bilinear resize, x = rgb/127.5 - 1.`, ''];
  for (const m of models) {
    const t0 = performance.now();
    const { model, info } = await importTflite(join(dataDir, m));
    const importMs = performance.now() - t0;
    if (!info.numClasses) {
      lines.push(
        `### ${m}`,
        '',
        `Embedding extractor (no classifier): pooled features [${info.inputShape}] -> ${model.outputs[0].shape[1]} values, feature layer \`${info.featureLayer}\`.`,
        '',
      );
      continue;
    }
    const dir = join(outRoot, info.name);
    await saveLayersModel(model, dir);
    await writeBackboneInfo(dir, {
      format: 'statread-imagenet-backbone',
      version: 1,
      name: info.name,
      source: join(dataDir, m),
      sourceFormat: 'tflite',
      importedAt: new Date().toISOString(),
      inputShape: info.inputShape,
      inputRange: info.inputRange,
      featureLayer: info.featureLayer,
      pooledLayer: info.pooledLayer,
      classifierLayer: info.classifierLayer,
      numClasses: info.numClasses,
      labels: await readImagenetLabels(info.numClasses),
      details: { weightQuantization: info.weightQuantization, ops: info.ops },
    });
    const classifier = await loadImagenetClassifier(dir);
    // One warm-up so the timing below is steady-state inference.
    await predictImagenet(classifier, photos.slice(0, 1));
    const t1 = performance.now();
    const { predictions, errors } = await predictImagenet(classifier, photos);
    const perImage = (performance.now() - t1) / photos.length;
    lines.push(
      `### ${m}`,
      '',
      `Input ${info.inputShape.join('x')}, weights ${info.weightQuantization}; import ${importMs.toFixed(0)} ms; ` +
        `decode + preprocess + predict ${perImage.toFixed(0)} ms/image (${backend.name}).`,
      '',
      '| photo | top-1 | top-2 | top-3 | top-4 | top-5 |',
      '|---|---|---|---|---|---|',
    );
    for (const p of predictions) {
      const cells = p.top.map((t) => `${t.label.split(',')[0]} ${(t.probability * 100).toFixed(1)}%`);
      lines.push(`| ${p.file.split('/').pop()} | ${cells.join(' | ')} |`);
    }
    for (const e of errors) lines.push(`| ${e.file} | error: ${e.message} |||||`);
    lines.push('');
    model.dispose();
    classifier.model.dispose();
  }
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
