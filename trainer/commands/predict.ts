// `npm run trainer -- predict --model DIR FILE...`: one JSON line per file. Chest model folders (manifest.json) go
// through the shared decode -> preprocess -> cxr-model path the browser uses; ImageNet model folders (imagenet.json,
// from import-backbone) print top-5 labels.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { BACKEND_CHOICES, describeBackend, initBackend, parseBackendChoice } from '../backend/initBackend';
import { imagenetPredictionJson, isImagenetModelDir, predictImagenet } from '../imagenet/predictImagenet';
import { hasManifest, loadCxrModelDir } from '../metrics/modelDir';
import { classifyFindings } from '../../src/model/cxrModel';
import { decodeImageAsync } from '../../src/model/decodeImage';
import { registerNodeCodecs } from '../data/nodeCodecs';
import { headerGate } from '../../src/model/headerGate';
import { resolutionGate } from '../../src/model/resolutionGate';

const help = `Usage: npm run trainer -- predict --model DIR [options] FILE...

One JSON line per FILE on stdout (DICOM, PNG, JPEG; BMP too). DICOM: uncompressed, deflate, RLE, JPEG baseline,
JPEG lossless, JPEG 2000 (OpenJPEG), JPEG-LS (CharLS), HTJ2K (OpenJPH) and 12-bit JPEG: the viewer's codecs.

Chest model folder (manifest.json, exported by train):
  {"file": F, "model": "<id>@<version>", "probabilities": {"<Finding>": p, ...},
   "flagged": ["<critical finding at or above its operating point>", ...],
   "gate": {"header": {"ok": bool, "reason": "..."}, "size": {"ok": bool, "reason": "..."}, "ood": {"distance": d, "threshold": t, "outOfDistribution": bool}},
   "source": {"format", "modality", "bodyPart", "viewPosition", "photometric", "width", "height"}}
  Probabilities are printed unrounded: the browser must reproduce them (parity tests compare to 1e-4).
  The gate is reported, not enforced: every decodable image is scored.

ImageNet model folder (imagenet.json, written by import-backbone):
  {"file": F, "top5": [{"label", "index", "probability"}, ...]}

A file that cannot be read or decoded prints {"file": F, "error": "<reason>"}; the exit code is then 1.

Options:
  --model DIR      chest or ImageNet model folder (required)
  --frame N        frame of multi-frame DICOM (default 0)
  --backend NAME   ${BACKEND_CHOICES.join('|')} (default auto; printed on stderr)
  -h, --help       this text

Examples:
  npm run trainer -- predict --model public/models/cxr-mobilenet-v2 ../shared/data/dicom-cxr/siim-cr-chest-jpeg-baseline.dcm
  npm run trainer -- predict --model trainer/runs/backbones/mobilenet_v2_1.0_224 ../shared/data/imagenet-tflite/grace_hopper.bmp`;

const command: Command = {
  name: 'predict',
  help,
  async run(argv) {
    let values: { model?: string; backend?: string; frame?: string };
    let files: string[];
    try {
      const parsed = parseArgs({
        args: argv,
        options: { model: { type: 'string' }, backend: { type: 'string', default: 'auto' }, frame: { type: 'string', default: '0' } },
        allowPositionals: true,
        strict: true,
      });
      values = parsed.values;
      files = parsed.positionals;
    } catch (err) {
      console.error(`predict: ${(err as Error).message}\n\n${help}`);
      return 2;
    }
    if (!values.model || files.length === 0) {
      console.error(`predict: --model DIR and at least one FILE are required\n\n${help}`);
      return 2;
    }
    const modelDir = resolve(values.model);
    const backend = await initBackend(parseBackendChoice(values.backend));
    console.error(describeBackend(backend));
    let failed = 0;

    if (!hasManifest(modelDir)) {
      if (!isImagenetModelDir(modelDir)) {
        console.error(`predict: ${modelDir} has neither manifest.json (chest model) nor imagenet.json (ImageNet model)`);
        return 2;
      }
      const { predictions, errors } = await predictImagenet(modelDir, files);
      const byFile = new Map(predictions.map((p) => [p.file, p]));
      const errByFile = new Map(errors.map((e) => [e.file, e.message]));
      for (const f of files) {
        const p = byFile.get(f);
        if (p) console.log(imagenetPredictionJson(p));
        else {
          failed++;
          console.log(JSON.stringify({ file: f, error: errByFile.get(f) ?? 'not classified' }));
        }
      }
      return failed ? 1 : 0;
    }

    registerNodeCodecs();
    const model = await loadCxrModelDir(modelDir);
    const m = model.manifest;
    for (const file of files) {
      try {
        const img = await decodeImageAsync(await readFile(file), basename(file), { frame: Number(values.frame) });
        const r = await model.infer(img);
        const s = img.source;
        console.log(
          JSON.stringify({
            file,
            model: `${m.id}@${m.version}`,
            probabilities: r.probabilities,
            flagged: classifyFindings(m, r.probabilities)
              .filter((f) => f.flagged)
              .map((f) => f.label),
            gate: { header: headerGate(s), size: resolutionGate(img.width, img.height, model.manifest.preprocessing), ood: r.ood },
            source: {
              format: s.format,
              modality: s.modality,
              bodyPart: s.bodyPart,
              viewPosition: s.viewPosition,
              photometric: s.photometric,
              width: img.width,
              height: img.height,
            },
          }),
        );
      } catch (err) {
        failed++;
        const msg = (err as Error).message;
        console.log(JSON.stringify({ file, error: msg.includes(basename(file)) ? msg : `${basename(file)}: ${msg}` }));
      }
    }
    model.dispose();
    return failed ? 1 : 0;
  },
};
export default command;
