// Runs one input through the app's Node-runnable parse and decode code and sorts the result: success, a clean
// typed error, or a failure (anything else). Used in the fuzz child process and, directly, by the regression test.
import { classifyBytes } from '../src/dicom/classifyFile';
import { DecodeError, decodeImage, decodeImageAsync } from '../src/model/decodeImage';

export interface StageOutcome {
  /** 'ok' | typed error label (e.g. "DecodeError:malformed", "UnsupportedError") | 'FAIL' */
  label: string;
  /** For failures: the error's constructor name and message (no pixel or patient data). */
  error?: string;
}

export interface CaseOutcome {
  classify: StageOutcome;
  decode: StageOutcome;
  decodeAsync: StageOutcome;
  failed: boolean;
}

const CLASSIFICATIONS = new Set(['dicom', 'web', 'skipped', 'error']);

function failure(err: unknown): StageOutcome {
  const name = err instanceof Error ? err.constructor.name : typeof err;
  const message = err instanceof Error ? err.message : String(err);
  return { label: 'FAIL', error: `${name}: ${message.slice(0, 300)}` };
}

function typed(err: unknown): StageOutcome {
  if (err instanceof DecodeError) {
    return err.name === 'UnsupportedError' ? { label: 'UnsupportedError' } : { label: `DecodeError:${err.code}` };
  }
  return failure(err);
}

function checkImage(img: { width: number; height: number; data: Float32Array }): StageOutcome {
  if (!(img.width > 0 && img.height > 0 && img.data.length === img.width * img.height)) {
    return { label: 'FAIL', error: `bad image ${img.width}x${img.height} with ${img.data.length} values` };
  }
  return { label: 'ok' };
}

export async function runOne(bytes: Uint8Array, fileName: string): Promise<CaseOutcome> {
  let classify: StageOutcome;
  try {
    const c = classifyBytes(bytes, fileName);
    classify = CLASSIFICATIONS.has(c.kind) ? { label: `classify:${c.kind}` } : { label: 'FAIL', error: `unknown classification ${c.kind}` };
  } catch (err) {
    classify = failure(err);
  }
  let decode: StageOutcome;
  try {
    decode = checkImage(decodeImage(bytes, fileName));
  } catch (err) {
    decode = typed(err);
  }
  let decodeAsync: StageOutcome;
  try {
    decodeAsync = checkImage(await decodeImageAsync(bytes, fileName));
  } catch (err) {
    decodeAsync = typed(err);
  }
  return { classify, decode, decodeAsync, failed: [classify, decode, decodeAsync].some((s) => s.label === 'FAIL') };
}
