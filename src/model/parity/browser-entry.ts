// Browser bundle entry for the Node-vs-Chromium parity test (src/model/browser-parity.test.ts): the same
// decode + preprocess + CAM/OOD code, exposed on globalThis for page.evaluate.
import { classActivationMap, normaliseCam, upsampleCam } from '../cam';
import { registerBrowserCodecs } from '../codecs/browser-codecs';
import { decodeImage, decodeImageAsync } from '../decode-image';
import { oodDistance } from '../ood';
import { canonicalise, preprocess } from '../preprocess';

registerBrowserCodecs();
(globalThis as unknown as Record<string, unknown>).statreadModel = { decodeImage, decodeImageAsync, preprocess, canonicalise, classActivationMap, normaliseCam, upsampleCam, oodDistance };
