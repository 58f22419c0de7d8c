// Browser bundle entry for the Node-vs-Chromium parity test (src/model/browserParity.test.ts): the same
// decode + preprocess + CAM/OOD code, exposed on globalThis for page.evaluate.
import { classActivationMap, normaliseCam, upsampleCam } from '../cam';
import { registerBrowserCodecs } from '../codecs/browserCodecs';
import { decodeImage, decodeImageAsync } from '../decodeImage';
import { oodDistance } from '../ood';
import { canonicalise, preprocess } from '../preprocess';

registerBrowserCodecs();
(globalThis as unknown as Record<string, unknown>).statreadModel = {
  decodeImage,
  decodeImageAsync,
  preprocess,
  canonicalise,
  classActivationMap,
  normaliseCam,
  upsampleCam,
  oodDistance,
};
