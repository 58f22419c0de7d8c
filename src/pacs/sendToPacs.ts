// "Send to PACS": the AI result of the image on screen as a Comprehensive SR plus a secondary capture of the
// heatmap overlay, both new instances (2.25 UIDs) in the source image's study, stored with one STOW-RS request.
import { imageRegistry } from '../images';
import { onScreenEntry, onScreenHeatmap, panelState } from '../inference/onScreenView';
import { useScoreStore } from '../inference/scoreStore';
import { scoringService } from '../inference/scoringService';
import { decodeImageAsync } from '../model/decodeImage';
import { DicomWebClient } from './client';
import { PacsError, describeError } from './errors';
import { activeServer, usePacsStore } from './pacsStore';
import { readPart10, writePart10 } from './dicomPart10';
import { buildAiSr } from './aiSr';
import { buildAiSc, composeOverlay } from './aiSc';
import { newUid } from './uid';
import { stampLabel } from './stampLabel';
import type { AiReport } from './aiReport';

/** The scoring service's result for the image on screen, with its heatmap (null until it is scored). */
function onScreenResult() {
  const s = useScoreStore.getState();
  const e = onScreenEntry(s);
  if (panelState(s) !== 'done' || !e?.result) return null;
  return { key: e.imageId, result: e.result, heatmap: onScreenHeatmap(s)?.map ?? null, opacity: s.heatmapOpacity, model: s.model };
}

/** Why the image on screen cannot be sent (null when it can). */
export function sendBlocker(): string | null {
  const ai = onScreenResult();
  if (!ai) return 'no AI result for the image on screen';
  const src = imageRegistry.get(ai.key);
  if (!src) return 'the original file of this image is not available';
  if (src.kind === 'web') return 'only DICOM images belong to a PACS study (this is a PNG/JPEG file)';
  return null;
}

export async function sendToPacs(): Promise<void> {
  const pacs = usePacsStore.getState();
  if (pacs.send.state === 'sending') return;
  const ai = onScreenResult();
  const result = ai?.result;
  const model = ai?.model;
  const blocker = sendBlocker();
  if (blocker || !ai || !result || !model) {
    pacs.set({ send: { state: 'error', message: `Cannot send: ${blocker ?? 'no model'}.` } });
    return;
  }
  const server = activeServer();
  const imageKey = ai.key;
  pacs.set({ send: { state: 'sending', message: `Sending the AI result to ${server.name}…`, imageKey } });
  try {
    const src = imageRegistry.get(imageKey)!;
    const bytes = new Uint8Array(await src.source.arrayBuffer());
    let header;
    try {
      header = readPart10(bytes);
    } catch (e) {
      throw new Error(`${src.fileName} is not a DICOM file StatRead can read back (${describeError(e)})`, { cause: e });
    }
    if (!header.StudyInstanceUID || !header.SOPInstanceUID) throw new Error(`${src.fileName} has no Study or SOP Instance UID`);
    // The map may still be on its way (the pool scored this image without one): wait for it.
    const heatmap = ai.heatmap ?? (await scoringService.ensureHeatmap(imageKey));
    const report: AiReport = {
      modelId: model.id,
      modelVersion: model.version,
      backend: result.backend,
      forced: result.forced,
      heatmapLabel: heatmap?.label ?? null,
      findings: result.findings.map((f) => ({
        label: f.label,
        probability: f.probability,
        operatingPoint: f.operatingPoint,
        critical: f.critical,
        flagged: f.flagged,
      })),
    };
    // Decode as the model saw it (modality + VOI), with the same decoders the inference worker registers.
    const { registerBrowserCodecs } = await import('../model/codecs/browserCodecs');
    registerBrowserCodecs();
    const grey = await decodeImageAsync(bytes, src.fileName, { frame: src.frame });
    const rgb = stampLabel(composeOverlay(grey, heatmap, model.fit, ai.opacity > 0 ? Math.max(0.35, ai.opacity) : 0.45));
    const sr = { seriesInstanceUid: newUid(), sopInstanceUid: newUid() };
    const sc = { seriesInstanceUid: newUid(), sopInstanceUid: newUid() };
    const srBytes = writePart10(buildAiSr({ header }, report, sr));
    const scBytes = writePart10(buildAiSc({ header }, report, rgb, sc));
    const stow = await new DicomWebClient(server).store([srBytes, scBytes], String(header.StudyInstanceUID));
    const missing = [sr.sopInstanceUid, sc.sopInstanceUid].filter((u) => !stow.stored.includes(u));
    if (stow.failed.length || missing.length) {
      const why = stow.failed.map((f) => f.reason).join('; ') || 'the server did not confirm them';
      throw new PacsError('rejected', `${server.name} did not store ${missing.length || stow.failed.length} of the 2 objects (${why}).`);
    }
    usePacsStore.getState().set({
      send: {
        state: 'sent',
        message: `Stored in ${server.name}: AI report (SR) and heatmap image (secondary capture) in study ${String(header.StudyInstanceUID)}.`,
        srUid: sr.sopInstanceUid,
        scUid: sc.sopInstanceUid,
        imageKey,
      },
    });
  } catch (e) {
    usePacsStore.getState().set({ send: { state: 'error', message: `Send to PACS failed: ${describeError(e)}`, imageKey } });
  }
}
